import { describe, expect, it } from 'vitest';
import type { TallyUpdate } from '@pnyx/shared';
import { connect, createSession, expectOk, followTallies, followViews, request, requestRaw, type CreatedSession, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, writeQuestion, yjsUpgradeStatus } from '../utils/moderator-doc.js';
import { connectModerator, joinAsModerator, joinPhone } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

const fixture = useTestServer();
const { server, sockets, docs } = fixture;

interface Room {
  session: CreatedSession;
  moderator: TestSocket;
  questionId: string;
  optionIds: string[];
}

/** A session whose moderator wrote a question in Yjs and opened it over Socket.IO. */
async function openRoom(labels = ['Yes', 'No', 'Abstain']): Promise<Room> {
  const session = await createSession(server.url);
  const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
  docs.push(editor);
  const { questionId, optionIds } = writeQuestion(editor.doc, 'Should the park open at night?', labels);
  const moderator = await connectModerator(fixture, session);
  // Yjs has no acks: retry until the server's copy of the document holds the question.
  await eventually(async () => (await request(moderator, 'question:open', { questionId })).ok, 'the question to open');
  return { session, moderator, questionId, optionIds };
}

describe('the ballot → projector loop', () => {
  it('50 phones vote and the projector receives the right final tally', async () => {
    const room = await openRoom();
    const projector = await connect(server.url, sockets);
    const watched = expectOk(await request(projector, 'screen:join', { code: room.session.code.toLowerCase() }));
    expect(watched.view.screenQuestionId).toBe(room.questionId);
    const updates = followTallies(projector, watched.tally);

    const phones = await Promise.all(Array.from({ length: 50 }, () => joinPhone(fixture, room.session.code)));
    expect(new Set(phones.map((phone) => phone.joined.participantId)).size).toBe(50);
    const question = phones[0]!.joined.view.questions[0]!;
    expect(question).toMatchObject({ id: room.questionId, status: 'open', text: 'Should the park open at night?' });

    // Phone i votes option i % 3, and every fifth phone changes its mind to option 0 afterwards.
    const acks = await Promise.all(
      phones.map(({ socket }, i) =>
        request(socket, 'ballot:cast', { questionId: room.questionId, answer: { optionId: room.optionIds[i % 3]! }, ballotId: `b${i}` }),
      ),
    );
    expect(acks.every((ack) => ack.ok && !ack.duplicate)).toBe(true);
    const changes = await Promise.all(
      phones
        .filter((_, i) => i % 5 === 0)
        .map(({ socket }, i) =>
          request(socket, 'ballot:cast', { questionId: room.questionId, answer: { optionId: room.optionIds[0]! }, ballotId: `c${i}` }),
        ),
    );
    expect(changes.every((ack) => ack.ok)).toBe(true);

    const expected: Record<string, number> = Object.fromEntries(room.optionIds.map((id) => [id, 0]));
    phones.forEach((_, i) => {
      const optionId = room.optionIds[i % 5 === 0 ? 0 : i % 3]!;
      expected[optionId] = (expected[optionId] ?? 0) + 1;
    });
    const final = await eventually(() => {
      const last = updates.at(-1);
      return last?.results[0]?.room.voters === 50 && last.results[0]!.room.counts[room.optionIds[0]!] === expected[room.optionIds[0]!] && last;
    }, 'the final tally on the projector');
    expect(final.results[0]!.room).toMatchObject({ questionId: room.questionId, counts: expected, voters: 50 });
    expect(final.participants).toBe(50);
    // Coalesced: far fewer updates than the 60 ballots, in increasing order.
    expect(updates.length).toBeLessThan(30);
    expect(updates.map((update) => update.seq)).toEqual([...updates.map((update) => update.seq)].sort((a, b) => a - b));

    const results = await fetch(`${server.url}/api/sessions/${room.session.id}/results`, {
      headers: { authorization: `Bearer ${room.session.moderatorToken}` },
    });
    const body = (await results.json()) as { questions: { tally: unknown }[] };
    expect(body.questions[0]!.tally).toEqual(final.results[0]!.room);
  });

  it('a ballot retried after a forced reconnect counts once, and the phone is the same voter', async () => {
    const room = await openRoom();
    const phone = await joinPhone(fixture, room.session.code);
    const ballot = { questionId: room.questionId, answer: { optionId: room.optionIds[1]! }, ballotId: 'retry-me' };
    expectOk(await request(phone.socket, 'ballot:cast', ballot));
    phone.socket.disconnect();

    const again = await joinPhone(fixture, room.session.code, { participantToken: phone.joined.participantToken });
    expect(again.joined.participantId).toBe(phone.joined.participantId);
    expect(again.joined.ballots).toEqual([{ questionId: room.questionId, answer: { optionId: room.optionIds[1] }, ballotId: 'retry-me' }]);
    expect(expectOk(await request(again.socket, 'ballot:cast', ballot)).duplicate).toBe(true);

    const tally = (await joinAsModerator(room.moderator, room.session)).tally;
    expect(tally.results[0]!.room.voters).toBe(1);
    expect(tally.results[0]!.room.counts[room.optionIds[1]!]).toBe(1);
  });

  it('closing stops voting, phones learn it, and a retry of a counted ballot is still acknowledged', async () => {
    const room = await openRoom();
    const phone = await joinPhone(fixture, room.session.code);
    const views = followViews(phone.socket, [phone.joined.view]);
    const ballot = { questionId: room.questionId, answer: { optionId: room.optionIds[0]! }, ballotId: 'before-close' };
    expectOk(await request(phone.socket, 'ballot:cast', ballot));
    expectOk(await request(room.moderator, 'question:close', { questionId: room.questionId }));
    await eventually(() => views.at(-1)!.questions[0]!.status === 'closed', 'the phone to see the question closed');

    const late = await request(phone.socket, 'ballot:cast', { ...ballot, ballotId: 'after-close' });
    expect(late).toEqual({ ok: false, error: { code: 'question_closed', message: expect.any(String) } });
    expect(expectOk(await request(phone.socket, 'ballot:cast', ballot)).duplicate).toBe(true);
  });
});

describe('refusals change nothing and the server keeps serving', () => {
  it('a phone cannot open or close a question, and a projector cannot vote', async () => {
    const room = await openRoom();
    const phone = await joinPhone(fixture, room.session.code);
    for (const event of ['question:close', 'question:open'] as const) {
      const refused = await request(phone.socket, event, { questionId: room.questionId });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const projector = await connect(server.url, sockets);
    expectOk(await request(projector, 'screen:join', { code: room.session.code }));
    const vote = await request(projector, 'ballot:cast', { questionId: room.questionId, answer: { optionId: room.optionIds[0]! }, ballotId: 'x1' });
    expect(vote).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const view = expectOk(await request(phone.socket, 'session:join', { code: room.session.code, participantToken: phone.joined.participantToken })).view;
    expect(view.questions[0]!.status).toBe('open');
  });

  it('refuses joins with the wrong token, unknown sessions and unjoined votes', async () => {
    const room = await openRoom();
    const stranger = await connect(server.url, sockets);
    expect(await request(stranger, 'ballot:cast', { questionId: room.questionId, answer: { optionId: room.optionIds[0]! }, ballotId: 'b' })).toMatchObject({
      ok: false,
      error: { code: 'not_joined' },
    });
    expect(await request(stranger, 'moderator:join', { sessionId: room.session.id, moderatorToken: 'x'.repeat(32) })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await request(stranger, 'session:join', { code: 'ZZZZZZ' })).toMatchObject({ ok: false, error: { code: 'unknown_session' } });
    expect(await request(stranger, 'screen:join', { code: 'ZZZZZZ' })).toMatchObject({ ok: false, error: { code: 'unknown_session' } });
    // The moderator rights did not leak to the stranger: it is still not joined.
    expect(await request(stranger, 'question:close', { questionId: room.questionId })).toMatchObject({ ok: false, error: { code: 'not_joined' } });
  });

  it('refuses malformed payloads with invalid_input and counts nothing', async () => {
    const room = await openRoom();
    const phone = await joinPhone(fixture, room.session.code);
    const malformed: unknown[] = [
      undefined,
      null,
      42,
      'ballot',
      [],
      {},
      { questionId: room.questionId },
      { questionId: room.questionId, answer: { optionId: room.optionIds[0] }, ballotId: 7 },
      { questionId: room.questionId, answer: { optionId: room.optionIds[0] }, ballotId: 'x'.repeat(65) },
      { questionId: room.questionId, answer: { optionId: room.optionIds[0] }, ballotId: 'has space' },
      { questionId: room.questionId, answer: { optionId: room.optionIds[0] }, ballotId: 'ok', extra: true },
      { questionId: { $gt: '' }, answer: { optionId: room.optionIds[0] }, ballotId: 'ok' },
    ];
    for (const payload of malformed) {
      const refused = await requestRaw(phone.socket, 'ballot:cast', payload);
      expect(refused, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await requestRaw(phone.socket, 'ballot:cast', { questionId: room.questionId, answer: { optionId: 'nope' }, ballotId: 'b1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_option' },
    });
    expect(await requestRaw(phone.socket, 'session:join', { code: 'x'.repeat(1000) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // An event without an ack, an unknown event and an oversized message do not bring anything down.
    const emitRaw = phone.socket.emit as (event: string, payload: unknown) => void;
    emitRaw.call(phone.socket, 'ballot:cast', { questionId: room.questionId, answer: { optionId: room.optionIds[0] }, ballotId: 'no-ack' });
    emitRaw.call(phone.socket, 'no:such-event', { a: 1 });

    const tally = (await joinAsModerator(room.moderator, room.session)).tally;
    expect(tally.results[0]!.room.voters).toBe(0);
    const honest = await joinPhone(fixture, room.session.code);
    expectOk(await request(honest.socket, 'ballot:cast', { questionId: room.questionId, answer: { optionId: room.optionIds[2]! }, ballotId: 'fine' }));
  });

  it('drops a connection that sends an oversized message, and serves the next one', async () => {
    const room = await openRoom();
    const phone = await joinPhone(fixture, room.session.code);
    const closed = new Promise((resolve) => phone.socket.once('disconnect', resolve));
    (phone.socket.emit as (event: string, payload: unknown) => void).call(phone.socket, 'ballot:cast', { questionId: 'x'.repeat(100_000) });
    await closed;
    const next = await joinPhone(fixture, room.session.code);
    expectOk(await request(next.socket, 'ballot:cast', { questionId: room.questionId, answer: { optionId: room.optionIds[0]! }, ballotId: 'after' }));
  });

  it('refuses a question that is not ready, and a Yjs connection without the moderator token', async () => {
    const room = await openRoom();
    const editor = docs[0]!;
    const { questionId } = writeQuestion(editor.doc, 'Only one option?', ['Lonely']);
    const refused = await eventually(async () => {
      const result = await request(room.moderator, 'question:open', { questionId });
      return !result.ok && result.error.code !== 'unknown_question' && result;
    }, 'the server to see the new question');
    expect(refused).toMatchObject({ ok: false, error: { code: 'question_not_ready', message: expect.stringContaining('2 to 10') } });

    expect(await yjsUpgradeStatus(server.url, room.session.id, 'wrong-token-wrong-token')).toBe(401);
    // The token goes in the subprotocol, never the URL: one in the query string is not read.
    expect(await yjsUpgradeStatus(server.url, `${room.session.id}?token=${room.session.moderatorToken}`, '')).toBe(401);
  });
});
