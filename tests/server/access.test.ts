import { describe, expect, it } from 'vitest';
import { OWNER_LINK_ID, YJS_CLOSE, type AccessView } from '@pnyx/shared';
import { connect, createSession, expectOk, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, yjsUpgradeStatus } from '../utils/moderator-doc.js';
import { connectModerator, joinPhone } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/** Moderator links (co-moderators, revoking, replacing one's own) and the join PIN, against a real server. */
describe('access to a session', () => {
  const fixture = useTestServer();
  const { sockets, docs } = fixture;

  const disconnected = (socket: TestSocket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));
  const resultsStatus = (sessionId: string, token: string) =>
    fetch(`${fixture.server.url}/api/sessions/${sessionId}/results`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);

  it('gives a co-moderator full rights until the link is revoked; then its connections close and its token opens nothing', async () => {
    const session = await createSession(fixture.server.url);
    const owner = await connectModerator(fixture, session);
    const accessUpdates: AccessView[] = [];
    owner.on('access:update', (access) => accessUpdates.push(access));

    const { link, moderatorToken } = expectOk(await request(owner, 'moderator-link:create', { label: 'Online moderator' }));
    expect(link).toMatchObject({ label: 'Online moderator' });
    await eventually(async () => accessUpdates.at(-1)?.moderatorLinks.length === 2, 'the owner to hear of the new link');

    const coModerator = await connect(fixture.server.url, sockets);
    const joined = expectOk(await request(coModerator, 'moderator:join', { sessionId: session.id, moderatorToken }));
    expect(joined.moderatorLinkId).toBe(link.id);
    expect(joined.access.moderatorLinks.map((each) => each.id)).toEqual([OWNER_LINK_ID, link.id]);
    expectOk(await request(coModerator, 'tables:add', { count: 2 }));
    const coDoc = await openModeratorDoc(fixture.server.url, session.id, moderatorToken);
    docs.push(coDoc);
    expect(await resultsStatus(session.id, moderatorToken)).toBe(200);

    const cut = disconnected(coModerator);
    const docClosed = new Promise<number>((resolve) => coDoc.provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
    expectOk(await request(owner, 'moderator-link:revoke', { linkId: link.id }));
    expect(await cut).toBe('io server disconnect');
    expect(await docClosed).toBe(YJS_CLOSE.accessEnded);
    await eventually(async () => accessUpdates.at(-1)?.moderatorLinks.length === 1, 'the owner to hear of the revocation');

    const again = await connect(fixture.server.url, sockets);
    expect(await request(again, 'moderator:join', { sessionId: session.id, moderatorToken })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await yjsUpgradeStatus(fixture.server.url, session.id, moderatorToken)).toBe(401);
    expect(await resultsStatus(session.id, moderatorToken)).toBe(403);
    // The owner's own connection was not touched.
    expect(owner.connected).toBe(true);
    expectOk(await request(owner, 'roster:get', {}));
  });

  it('replaces a moderator\'s own token: the old one stops everywhere, the connection that asked keeps working', async () => {
    const session = await createSession(fixture.server.url);
    const asking = await connectModerator(fixture, session);
    const otherTab = await connectModerator(fixture, session);
    const cut = disconnected(otherTab);
    const { moderatorToken } = expectOk(await request(asking, 'moderator-link:rotate', {}));
    expect(moderatorToken).not.toBe(session.moderatorToken);
    expect(await cut).toBe('io server disconnect');
    expect(asking.connected).toBe(true);
    expectOk(await request(asking, 'tables:add', { count: 1 }));

    const probe = await connect(fixture.server.url, sockets);
    expect(await request(probe, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(expectOk(await request(probe, 'moderator:join', { sessionId: session.id, moderatorToken })).moderatorLinkId).toBe(OWNER_LINK_ID);
    expect(await resultsStatus(session.id, session.moderatorToken)).toBe(403);
    expect(await resultsStatus(session.id, moderatorToken)).toBe(200);
  });

  it('refuses link and PIN changes to anyone but moderators, and revoking the creating link', async () => {
    const session = await createSession(fixture.server.url);
    const phone = await joinPhone(fixture, session.code);
    for (const [event, payload] of [
      ['moderator-link:create', { label: 'me' }],
      ['moderator-link:revoke', { linkId: OWNER_LINK_ID }],
      ['moderator-link:rotate', {}],
      ['join-pin:set', { pin: '1234' }],
    ] as const) {
      expect(await request(phone.socket, event, payload as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const moderator = await connectModerator(fixture, session);
    expect(await request(moderator, 'moderator-link:revoke', { linkId: OWNER_LINK_ID })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(moderator, 'join-pin:set', { pin: '12' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('asks newcomers for the PIN once one is set; returning phones need none; guessing is slowed per address', async () => {
    const session = await createSession(fixture.server.url);
    const earlier = await joinPhone(fixture, session.code);
    const moderator = await connectModerator(fixture, session);
    expectOk(await request(moderator, 'join-pin:set', { pin: '4821' }));

    const newcomer = await connect(fixture.server.url, sockets);
    expect(await request(newcomer, 'session:join', { code: session.code })).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    expect(await request(newcomer, 'session:join', { code: session.code, pin: '1111' })).toMatchObject({ ok: false, error: { code: 'wrong_pin' } });
    const admitted = expectOk(await request(newcomer, 'session:join', { code: session.code, pin: '4821' }));
    const returning = await connect(fixture.server.url, sockets);
    expect(expectOk(await request(returning, 'session:join', { code: session.code, participantToken: earlier.joined.participantToken })).participantId).toBe(
      earlier.joined.participantId,
    );
    const { roster } = expectOk(await request(moderator, 'roster:get', {}));
    expect(roster.unseated.map((member) => member.participantId).sort()).toEqual([earlier.joined.participantId, admitted.participantId].sort());

    // 30 wrong PINs from this address (one came above), then even the right one waits. A guesser opens new
    // connections, since one connection reaches its own join limit first.
    const codes: string[] = [];
    for (let guess = 0; guess < 31; guess++) {
      const guesser = await connect(fixture.server.url, sockets);
      const answer = await request(guesser, 'session:join', { code: session.code, pin: String(1000 + guess) });
      codes.push(answer.ok ? 'ok' : answer.error.code);
      guesser.disconnect();
    }
    expect(codes.filter((code) => code === 'wrong_pin')).toHaveLength(29);
    expect(codes.slice(29)).toEqual(['rate_limited', 'rate_limited']);
    const late = await connect(fixture.server.url, sockets);
    expect(await request(late, 'session:join', { code: session.code, pin: '4821' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});
