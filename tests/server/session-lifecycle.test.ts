import { describe, expect, it } from 'vitest';
import { connect, createSession, expectOk, followViews, request, type CreatedSession } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { writePhase } from '../utils/moderator-doc.js';
import { joinPhone, openQuestion, resultsOf, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/** Ending, reopening and deleting a session, against a real server over Socket.IO, Yjs and HTTP. */

const fixture = useTestServer();
const { server, sockets } = fixture;

const MINUTE = 60_000;

/** A phone that records every view it holds, updates merged as the web client merges them. */
async function phone(code: string, extra: { participantToken?: string; tableId?: string } = {}) {
  const { socket, joined } = await joinPhone(fixture, code, extra);
  const views = followViews(socket, [joined.view]);
  return { socket, joined, last: () => views.at(-1)! };
}

/** A room with one table and a running discussion phase whose timer runs. */
async function runningRoom(): Promise<Room> {
  const room = await roomWithTables(fixture, 1);
  writePhase(room.doc.doc, { kind: 'discussion', title: 'Talk', text: '', durationMs: 10 * MINUTE });
  await eventually(async () => (await request(room.moderator, 'phase:go', { to: 'next' })).ok, 'the server to see the agenda');
  expectOk(await request(room.moderator, 'timer:control', { action: 'start' }));
  return room;
}

function deleteSession(session: CreatedSession, authorization?: string, id = session.id): Promise<Response> {
  return fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: authorization ? { authorization } : {} });
}

function results(session: CreatedSession): Promise<Response> {
  return fetch(`${server.url}/api/sessions/${session.id}/results`, { headers: { authorization: `Bearer ${session.moderatorToken}` } });
}

describe('ending a session', () => {
  it('closes the vote and stops the timer for every screen; ballots and new phones are refused', async () => {
    const room = await runningRoom();
    const { questionId, optionIds } = await openQuestion(room, { labels: ['Yes', 'No'] });
    const voter = await phone(room.session.code);
    expectOk(await request(voter.socket, 'ballot:cast', { questionId, ballotId: 'b1', answer: { optionId: optionIds[0]! } }));
    const projector = await connect(server.url, sockets);
    const projectorViews = followViews(projector);
    projectorViews.push(expectOk(await request(projector, 'screen:join', { code: room.session.code })).view);

    expect(await request(voter.socket, 'session:end', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expectOk(await request(room.moderator, 'session:end', {}));

    await eventually(() => voter.last().endedAt !== null, 'the phone to hear the session ended');
    expect(voter.last().questions).toEqual([expect.objectContaining({ id: questionId, status: 'closed' })]);
    expect(voter.last().timer).toMatchObject({ running: false, endsAt: null });
    await eventually(() => projectorViews.at(-1)?.endedAt, 'the projector to hear the session ended');

    const refused = await request(voter.socket, 'ballot:cast', { questionId, ballotId: 'b2', answer: { optionId: optionIds[1]! } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'session_ended', message: 'This session has ended; it takes no more votes or changes.' } });
    // A retry of the ballot counted before the end is still acknowledged: it was counted.
    expect(await request(voter.socket, 'ballot:cast', { questionId, ballotId: 'b1', answer: { optionId: optionIds[0]! } })).toMatchObject({ ok: true, duplicate: true });
    expect(await request(room.moderator, 'question:open', { questionId })).toMatchObject({ ok: false, error: { code: 'session_ended' } });
    expect(await request(room.moderator, 'timer:control', { action: 'start' })).toMatchObject({ ok: false, error: { code: 'session_ended' } });
    expect((await resultsOf(room, questionId)).room).toMatchObject({ voters: 1, counts: { [optionIds[0]!]: 1, [optionIds[1]!]: 0 } });

    // The phone comes back with its token and sees the end; a new phone is turned away.
    const back = await phone(room.session.code, { participantToken: voter.joined.participantToken });
    expect(back.joined.participantId).toBe(voter.joined.participantId);
    expect(back.joined.view.endedAt).toEqual(voter.last().endedAt);
    expect(back.joined.ballots).toEqual([{ questionId, ballotId: 'b1', answer: { optionId: optionIds[0]! } }]);
    const newcomer = await connect(server.url, sockets);
    expect(await request(newcomer, 'session:join', { code: room.session.code })).toMatchObject({ ok: false, error: { code: 'session_ended' } });

    // Ending again changes nothing; the projector's choice is still the moderators'.
    expectOk(await request(room.moderator, 'session:end', {}));
    expectOk(await request(room.moderator, 'screen:show', { mode: 'channels' }));
    await eventually(() => voter.last().screen.mode === 'channels', 'the projector choice to reach the phone');
    expect(voter.last().endedAt).not.toBeNull();
  });

  it('still lets in a phone that comes back unseated from a table’s QR link (the seat is not taken, the join is)', async () => {
    const room = await roomWithTables(fixture, 1);
    const first = await phone(room.session.code);
    expect(first.joined.me.tableId).toBeNull();
    expectOk(await request(room.moderator, 'session:end', {}));

    const back = await phone(room.session.code, { participantToken: first.joined.participantToken, tableId: 't1' });

    expect(back.joined.participantId).toBe(first.joined.participantId);
    expect(back.joined.me.tableId).toBeNull();
    expect(back.joined.view.endedAt).not.toBeNull();
  });

  it('reopens: ballots and new phones are taken again', async () => {
    const room = await runningRoom();
    const { questionId, optionIds } = await openQuestion(room, { labels: ['Yes', 'No'] });
    const voter = await phone(room.session.code);
    expectOk(await request(room.moderator, 'session:end', {}));
    await eventually(() => voter.last().endedAt !== null, 'the phone to hear the session ended');

    expect(await request(voter.socket, 'session:reopen', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expectOk(await request(room.moderator, 'session:reopen', {}));
    expectOk(await request(room.moderator, 'question:open', { questionId }));

    await eventually(() => voter.last().endedAt === null && voter.last().questions[0]?.status === 'open', 'the phone to see the vote open again');
    expectOk(await request(voter.socket, 'ballot:cast', { questionId, ballotId: 'b1', answer: { optionId: optionIds[1]! } }));
    const newcomer = await phone(room.session.code);
    expect(newcomer.joined.view.endedAt).toBeNull();
  });

  it('reaches every screen even when nothing was open or running (ended and reopened are view events)', async () => {
    const room = await roomWithTables(fixture, 1);
    const watcher = await phone(room.session.code);

    expectOk(await request(room.moderator, 'session:end', {}));
    await eventually(() => watcher.last().endedAt !== null, 'the phone to hear the session ended');
    expectOk(await request(room.moderator, 'session:reopen', {}));
    await eventually(() => watcher.last().endedAt === null, 'the phone to hear the session reopened');
  });
});

describe('DELETE /api/sessions/:id', () => {
  it('needs the moderator token of that very session, and deletes nothing otherwise', async () => {
    const session = await createSession(server.url);
    const other = await createSession(server.url);

    expect((await deleteSession(session)).status).toBe(401);
    expect((await deleteSession(session, 'Basic abc')).status).toBe(401);
    const wrong = await deleteSession(session, `Bearer ${other.moderatorToken}`);
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('This moderator link does not open the session') } });
    expect((await deleteSession(session, `Bearer ${session.moderatorToken}`, 'no-such-session')).status).toBe(404);
    expect((await deleteSession(session, `Bearer ${session.moderatorToken}`, '..%2F..')).status).toBe(404);

    expect((await results(session)).status).toBe(200);
    expect((await server.store.listSessions()).map(({ id }) => id)).toContain(session.id);
    await phone(session.code);
  });

  it('deletes the session: its connections are let go, and from then on it is unknown', async () => {
    const room = await roomWithTables(fixture, 1);
    const { session } = room;
    const attendee = await phone(session.code);

    const response = await deleteSession(session, `Bearer ${session.moderatorToken}`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');

    await eventually(() => !attendee.socket.connected && !room.moderator.connected, 'the session’s connections to be let go');
    expect((await server.store.listSessions()).map(({ id }) => id)).not.toContain(session.id);
    const late = await connect(server.url, sockets);
    expect(await request(late, 'session:join', { code: session.code })).toMatchObject({ ok: false, error: { code: 'unknown_session' } });
    expect(await request(late, 'session:join', { code: session.code, participantToken: attendee.joined.participantToken })).toMatchObject({
      ok: false,
      error: { code: 'unknown_session' },
    });
    expect(await request(late, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken })).toMatchObject({
      ok: false,
      error: { code: 'unknown_session' },
    });
    const gone = await results(session);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'unknown_session' } });
    // A second delete (another moderator, another instance) finds nothing.
    expect((await deleteSession(session, `Bearer ${session.moderatorToken}`)).status).toBe(404);
  });
});

