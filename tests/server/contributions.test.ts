import { describe, expect, it } from 'vitest';
import type { ContributionBoard, MyContributions } from '@pnyx/shared';
import { connect, createSession, expectOk, request, requestRaw, type CreatedSession, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { connectModerator, joinPhone } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

const fixture = useTestServer();
const { server, sockets } = fixture;

/** A joined connection that keeps the latest board and (for a phone) its own contributions it is sent. */
interface Watcher {
  socket: TestSocket;
  board: () => ContributionBoard | null;
  mine: () => MyContributions | null;
}

async function watch(socket: TestSocket): Promise<Watcher> {
  // Set by the listeners below: typed with `as` so TypeScript does not narrow them to null after the await.
  let board = null as ContributionBoard | null;
  let mine = null as MyContributions | null;
  socket.on('contributions:update', (update) => {
    if (!board || update.version >= board.version) board = update;
  });
  socket.on('contributions:mine', (update) => {
    if (!mine || update.version >= mine.version) mine = update;
  });
  const snapshot = expectOk(await request(socket, 'contributions:get', {}));
  if (!board || snapshot.board.version >= board.version) board = snapshot.board;
  if (snapshot.mine) mine = snapshot.mine;
  return { socket, board: () => board, mine: () => mine };
}

async function moderatorOf(session: CreatedSession): Promise<Watcher> {
  return watch(await connectModerator(fixture, session));
}

async function phoneOf(session: CreatedSession): Promise<Watcher> {
  return watch((await joinPhone(fixture, session.code)).socket);
}

async function projectorOf(session: CreatedSession): Promise<Watcher> {
  const socket = await connect(server.url, sockets);
  expectOk(await request(socket, 'screen:join', { code: session.code }));
  return watch(socket);
}

const upvotesOf = (watcher: Watcher, id: string) => watcher.board()?.contributions.find((contribution) => contribution.id === id)?.upvotes;

describe('contributions over Socket.IO', () => {
  it('counts an upvote once per phone, however often it is sent, and every screen sees the count', async () => {
    const session = await createSession(server.url);
    const moderator = await moderatorOf(session);
    const projector = await projectorOf(session);
    const phones = await Promise.all(Array.from({ length: 12 }, () => phoneOf(session)));

    const posted = expectOk(await request(phones[0]!.socket, 'contribution:post', { kind: 'question', text: '  Who pays for it?  ' }));
    expect(posted.contribution).toMatchObject({ id: 'c1', kind: 'question', text: 'Who pays for it?', status: 'pending', upvotes: 0 });
    // Waiting: the author knows, the moderator sees it, nobody else does.
    await eventually(() => phones[0]!.mine()?.posted.some(({ id, status }) => id === 'c1' && status === 'pending'), "the author's own list");
    await eventually(() => moderator.board()?.contributions.some(({ id }) => id === 'c1'), 'the moderator to see it');
    expect(phones[1]!.board()?.contributions).toEqual([]);
    expect(await request(phones[1]!.socket, 'contribution:upvote', { contributionId: 'c1', upvote: true })).toMatchObject({
      ok: false,
      error: { code: 'unknown_contribution' },
    });

    expectOk(await request(moderator.socket, 'contribution:moderate', { contributionId: 'c1', status: 'approved' }));
    const acks = await Promise.all(phones.map((phone) => request(phone.socket, 'contribution:upvote', { contributionId: 'c1', upvote: true })));
    expect(acks.every((ack) => ack.ok && !ack.duplicate)).toBe(true);
    // One phone sends its upvote three more times (a retry after a lost ack, a double tap).
    for (let repeat = 0; repeat < 3; repeat++) {
      expect(await request(phones[3]!.socket, 'contribution:upvote', { contributionId: 'c1', upvote: true })).toEqual({ ok: true, duplicate: true });
    }
    await eventually(() => upvotesOf(projector, 'c1') === 12 && upvotesOf(moderator, 'c1') === 12, 'twelve upvotes on every screen');
    await eventually(() => phones.every((phone) => upvotesOf(phone, 'c1') === 12), 'twelve upvotes on every phone');
    expect(phones[3]!.mine()?.upvoted).toEqual(['c1']);

    expectOk(await request(phones[3]!.socket, 'contribution:upvote', { contributionId: 'c1', upvote: false }));
    await eventually(() => upvotesOf(projector, 'c1') === 11, 'the withdrawn upvote');
    expect(projector.board()?.contributions[0]).not.toHaveProperty('authorName');
  });

  it('lets only moderators moderate, and only attendees post and upvote', async () => {
    const session = await createSession(server.url);
    const moderator = await moderatorOf(session);
    const phone = await phoneOf(session);
    const projector = await projectorOf(session);
    expectOk(await request(phone.socket, 'contribution:post', { kind: 'proposal', text: 'Plant trees' }));

    for (const [event, payload] of [
      ['contribution:moderate', { contributionId: 'c1', status: 'approved' }],
      ['contribution:spotlight', { contributionId: 'c1' }],
      ['contributions:configure', { moderation: false }],
    ] as const) {
      expect(await request(phone.socket, event, payload as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await request(projector.socket, event, payload as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await request(moderator.socket, 'contribution:post', { kind: 'question', text: 'Me too' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(projector.socket, 'contribution:upvote', { contributionId: 'c1', upvote: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const stranger = await connect(server.url, sockets);
    expect(await request(stranger, 'contribution:post', { kind: 'question', text: 'Hello' })).toMatchObject({ ok: false, error: { code: 'not_joined' } });
    expect(await request(stranger, 'contributions:get', {})).toMatchObject({ ok: false, error: { code: 'not_joined' } });

    const board = expectOk(await request(moderator.socket, 'contributions:get', {})).board;
    expect(board.contributions.map(({ id, status }) => [id, status])).toEqual([['c1', 'pending']]);
  });

  it('shows posts at once with moderation off, and the projector follows the spotlight', async () => {
    const session = await createSession(server.url);
    const moderator = await moderatorOf(session);
    const projector = await projectorOf(session);
    const phone = await phoneOf(session);
    expectOk(await request(phone.socket, 'contribution:post', { kind: 'question', text: 'Waiting before the switch' }));

    expectOk(await request(moderator.socket, 'contributions:configure', { moderation: false }));
    const posted = expectOk(await request(phone.socket, 'contribution:post', { kind: 'recommendation', text: 'Publish the minutes' }));
    expect(posted.contribution.status).toBe('approved');
    await eventually(
      () => projector.board()?.moderation === false && projector.board()?.contributions.length === 2,
      'both on the projector (the waiting one released)',
    );

    expectOk(await request(moderator.socket, 'contribution:spotlight', { contributionId: 'c2' }));
    await eventually(() => projector.board()?.spotlight?.text === 'Publish the minutes', 'the spotlight on the projector');
    expectOk(await request(moderator.socket, 'contribution:moderate', { contributionId: 'c2', status: 'hidden' }));
    await eventually(() => projector.board()?.spotlight === null && projector.board()?.contributions.length === 1, 'the hidden one gone');
    expect(phone.board()?.contributions.map(({ text }) => text)).toEqual(['Waiting before the switch']);
  });

  it('posts once per post id: a phone that sends its post again after a lost answer gets the same contribution', async () => {
    const session = await createSession(server.url);
    const moderator = await moderatorOf(session);
    const phone = await phoneOf(session);
    const payload = { kind: 'question', text: 'Who pays for it?', postId: 'post-once' } as const;
    const first = expectOk(await request(phone.socket, 'contribution:post', payload));
    const again = expectOk(await request(phone.socket, 'contribution:post', payload));
    expect(again.contribution).toEqual(first.contribution);
    await eventually(async () => moderator.board()?.contributions.length === 1, 'the moderator to see the post');
    expect(expectOk(await request(moderator.socket, 'contributions:get', {})).board.contributions).toHaveLength(1);
  });

  it('refuses malformed messages with invalid_input and changes nothing', async () => {
    const session = await createSession(server.url);
    const moderator = await moderatorOf(session);
    const phone = await phoneOf(session);
    expectOk(await request(phone.socket, 'contribution:post', { kind: 'question', text: 'A real one' }));
    const before = expectOk(await request(moderator.socket, 'contributions:get', {})).board;

    const malformed: [TestSocket, string, unknown][] = [
      [phone.socket, 'contribution:post', { kind: 'rant', text: 'Hello' }],
      [phone.socket, 'contribution:post', { kind: 'question', text: 'x'.repeat(5_000) }],
      [phone.socket, 'contribution:post', { kind: 'question', text: 'Hi', extra: true }],
      [phone.socket, 'contribution:post', 'Hello'],
      [phone.socket, 'contribution:upvote', { contributionId: 'c1', upvote: 'yes' }],
      [phone.socket, 'contribution:upvote', { contributionId: '../c1', upvote: true }],
      [moderator.socket, 'contribution:moderate', { contributionId: 'c1', status: 'deleted' }],
      [moderator.socket, 'contribution:spotlight', {}],
      [moderator.socket, 'contributions:configure', { moderation: 'off' }],
    ];
    for (const [socket, event, payload] of malformed) {
      expect(await requestRaw(socket, event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    // Valid shape, refused by the domain: empty after trimming, over 500 characters.
    for (const text of ['   ', 'x'.repeat(501)]) {
      expect(await request(phone.socket, 'contribution:post', { kind: 'question', text })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(expectOk(await request(moderator.socket, 'contributions:get', {})).board).toEqual(before);
  });
});
