import { describe, expect, it } from 'vitest';
import { tableNotesDocumentName, tableNotesText, type LiveView, type TableNotesUpdate, type TallyUpdate } from '@pnyx/shared';
import { readAgenda } from '@pnyx/shared/session-doc';
import { connect, createSession, expectOk, followTallies, followViews, request, type CreatedSession, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, untilAgendaSynced, writePhase, writeQuestion, type ModeratorDoc } from '../utils/moderator-doc.js';
import { useRedisServer } from '../utils/redis-server.js';
import { freePort } from '../utils/free-port.js';
import { startServerProcess, useServerProcesses, type ServerProcess } from '../utils/server-process.js';

/**
 * Several real server processes share sessions through a real Redis: what each phone, moderator and projector
 * sees is the same wherever it is connected, and nothing acknowledged is lost when an instance dies or Redis
 * restarts.
 */

const redis = useRedisServer();
const { sockets, docs, start } = useServerProcesses();

const instances = (count: number): Promise<ServerProcess[]> =>
  Promise.all(Array.from({ length: count }, () => start({ REDIS_URL: redis.url })));

interface Moderated {
  session: CreatedSession;
  editor: ModeratorDoc;
  moderator: TestSocket;
}

/** A session created on `server`, its moderator connected there over Socket.IO and Yjs. */
async function moderatedSession(server: ServerProcess): Promise<Moderated> {
  const session = await createSession(server.url);
  const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
  docs.push(editor);
  const moderator = await connect(server.url, sockets);
  expectOk(await request(moderator, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
  return { session, editor, moderator };
}

/** A phone: joins with the code, keeps its participant token, and can come back on another instance. */
class Phone {
  socket!: TestSocket;
  views: LiveView[] = [];
  participantToken: string | undefined;

  private constructor(private readonly code: string) {}

  static async join(server: ServerProcess, code: string): Promise<Phone> {
    const phone = new Phone(code);
    await phone.joinAt(server);
    return phone;
  }

  /** Joins (again) at `server`, as the same participant once it has a token. */
  async joinAt(server: ServerProcess): Promise<string> {
    this.socket = await connect(server.url, sockets);
    followViews(this.socket, this.views);
    const joined = expectOk(await request(this.socket, 'session:join', { code: this.code, participantToken: this.participantToken }));
    this.participantToken = joined.participantToken;
    this.views.push(joined.view);
    return joined.participantId;
  }

  last(): LiveView {
    return this.views.at(-1)!;
  }

  vote(questionId: string, optionId: string, ballotId: string) {
    return request(this.socket, 'ballot:cast', { questionId, answer: { optionId }, ballotId });
  }
}

/** The moderator's tally of the first question, as the last update says. */
const roomTally = (updates: TallyUpdate[]) => updates.at(-1)?.results[0]?.room;

// Each test starts its own server processes: slower than the in-process tests when the machine is busy.
describe('two server instances on one Redis', { timeout: 60_000 }, () => {
  it('a moderator on A, phones on A and B and the projector on B see the same phase, timer and tallies', async () => {
    const [a, b] = await instances(2);
    const { session, editor, moderator } = await moderatedSession(a!);
    const { questionId, optionIds } = writeQuestion(editor.doc, 'Which park first?', ['North', 'South']);
    writePhase(editor.doc, { kind: 'vote', title: 'Vote', text: '', durationMs: 600_000, questionIds: [questionId] });
    const phones = await Promise.all(Array.from({ length: 12 }, (_, n) => Phone.join(n % 2 ? b! : a!, session.code)));
    const projector = await connect(b!.url, sockets);
    const watched = expectOk(await request(projector, 'screen:join', { code: session.code }));
    const onScreen = followTallies(projector, watched.tally);
    const forModerator = followTallies(moderator);

    expectOk(await untilAgendaSynced(() => request(moderator, 'phase:go', { to: 'next' })));
    expectOk(await request(moderator, 'timer:control', { action: 'start' }));
    const timers = await eventually(() => {
      const views = phones.map((phone) => phone.last());
      return views.every((view) => view.phase?.title === 'Vote' && view.timer?.running) && views.map((view) => view.timer);
    }, 'every phone to see the vote running');
    // One timer, wherever a phone is connected: the same end, to the millisecond.
    expect(new Set(timers.map((timer) => timer!.endsAt)).size).toBe(1);

    const acks = await Promise.all(phones.map((phone, n) => phone.vote(questionId, optionIds[n % 3 === 0 ? 0 : 1]!, `b${n}`)));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const expected = { [optionIds[0]!]: 4, [optionIds[1]!]: 8 };
    await eventually(() => roomTally(onScreen)?.voters === 12 && roomTally(onScreen), 'the projector on B to count 12');
    expect(roomTally(onScreen)!.counts).toEqual(expected);
    await eventually(() => roomTally(forModerator)?.voters === 12, 'the moderator on A to count 12');
    expect(roomTally(forModerator)!.counts).toEqual(expected);
    // Attendance counts the phones of both instances.
    await eventually(() => {
      const attendance = forModerator.at(-1)?.attendance;
      return attendance && attendance.onsite + attendance.online === 12;
    }, 'the moderator on A to see 12 phones connected');
  });

  it('co-moderators on A and B edit one agenda, and a table’s notes written on A reach the moderator on B', async () => {
    const [a, b] = await instances(2);
    const { session, editor, moderator } = await moderatedSession(a!);
    const onB = await openModeratorDoc(b!.url, session.id, session.moderatorToken);
    docs.push(onB);
    const { questionId } = writeQuestion(onB.doc, 'Written on B: which square?', ['Market', 'Station']);
    await eventually(() => readAgenda(editor.doc).questions.some((question) => question.id === questionId), 'A’s editor to see B’s question');
    // A's server copy has it too: the moderator on A opens the question B wrote.
    expectOk(await untilAgendaSynced(() => request(moderator, 'question:open', { questionId })));

    expectOk(await request(moderator, 'tables:add', { count: 2 }));
    const phone = await connect(a!.url, sockets);
    const { participantToken } = expectOk(await request(phone, 'session:join', { code: session.code, tableId: 't1' }));
    const moderatorOnB = await connect(b!.url, sockets);
    const notesSeenOnB: TableNotesUpdate[] = [];
    moderatorOnB.on('notes:update', (update) => notesSeenOnB.push(update));
    expectOk(await request(moderatorOnB, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
    const notes = await openModeratorDoc(a!.url, tableNotesDocumentName(session.id, 't1'), participantToken);
    docs.push(notes);
    tableNotesText(notes.doc).insert(0, 'We agree on the market square.');
    await eventually(() => notesSeenOnB.some((update) => update.tableId === 't1' && update.text === 'We agree on the market square.'), 'the moderator on B to read table 1’s notes');
    // And a moderator opening the notes document on B gets the text from A.
    const notesOnB = await openModeratorDoc(b!.url, tableNotesDocumentName(session.id, 't1'), session.moderatorToken);
    docs.push(notesOnB);
    await eventually(() => tableNotesText(notesOnB.doc).toString() === 'We agree on the market square.', 'the notes on B');
  });

  it('a timer keeps working when the instance that started it dies', async () => {
    const [a, b] = await instances(2);
    const { session, editor, moderator } = await moderatedSession(a!);
    writePhase(editor.doc, { kind: 'info', title: 'Short', text: '', durationMs: 10_000, autoAdvance: true });
    writePhase(editor.doc, { kind: 'break', title: 'Coffee', text: '', durationMs: 900_000 });
    const phone = await Phone.join(b!, session.code);
    expectOk(await untilAgendaSynced(() => request(moderator, 'phase:go', { to: 'next' })));
    expectOk(await request(moderator, 'timer:control', { action: 'start' }));
    await eventually(() => phone.last().timer?.running, 'the phone on B to see the timer run');
    await a!.kill();
    const view = await eventually(() => phone.last().phase?.title === 'Coffee' && phone.last(), 'B to advance the phase', 20_000);
    expect(view.timer?.running).toBe(true);
  });

  it('every acknowledged ballot is counted exactly once after an instance dies mid-burst and phones move over', async () => {
    const [a, b] = await instances(2);
    const { session, editor, moderator } = await moderatedSession(a!);
    const { questionId, optionIds } = writeQuestion(editor.doc, 'Night buses?', ['Yes', 'No']);
    expectOk(await untilAgendaSynced(() => request(moderator, 'question:open', { questionId })));
    const phones = await Promise.all(Array.from({ length: 120 }, () => Phone.join(a!, session.code)));

    const acknowledged = new Set<number>();
    phones.forEach((phone, n) => {
      // Those not answered before the crash never will be: the phone has no acknowledgement for them.
      void phone.vote(questionId, optionIds[n % 2]!, `burst-${n}`).then((ack) => ack.ok && acknowledged.add(n));
    });
    await eventually(() => acknowledged.size >= 20, 'a part of the burst to be acknowledged');
    await a!.kill();
    await eventually(() => phones.every((phone) => !phone.socket.connected), 'every phone to lose A');
    expect(acknowledged.size).toBeGreaterThanOrEqual(20);

    // Each phone comes back on B as the same participant and sends again what it has no acknowledgement for.
    await Promise.all(
      phones.map(async (phone, n) => {
        await phone.joinAt(b!);
        if (!acknowledged.has(n)) expectOk(await phone.vote(questionId, optionIds[n % 2]!, `burst-${n}`));
      }),
    );
    const onB = await connect(b!.url, sockets);
    const { tally } = expectOk(await request(onB, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
    const room = tally.results[0]!.room;
    expect(room.voters).toBe(120);
    expect(room.counts).toEqual({ [optionIds[0]!]: 60, [optionIds[1]!]: 60 });
    expect(tally.participants).toBe(120);
  });

  it('survives a Redis restart: refused ballots are reported, retried and counted once; acknowledged ones stay', async () => {
    const [a, b] = await instances(2);
    const { session, editor, moderator } = await moderatedSession(a!);
    const { questionId, optionIds } = writeQuestion(editor.doc, 'Longer library hours?', ['Yes', 'No']);
    expectOk(await untilAgendaSynced(() => request(moderator, 'question:open', { questionId })));
    const phones = await Promise.all(Array.from({ length: 20 }, (_, n) => Phone.join(n % 2 ? b! : a!, session.code)));
    const before = await Promise.all(phones.slice(0, 10).map((phone, n) => phone.vote(questionId, optionIds[0]!, `before-${n}`)));
    expect(before.every((ack) => ack.ok)).toBe(true);

    await redis.stop();
    const during = await Promise.all(phones.slice(10).map((phone, n) => phone.vote(questionId, optionIds[1]!, `during-${n}`)));
    // Not a silent drop: every ballot sent while Redis is down is answered, with an error.
    expect(during.every((ack) => !ack.ok && ack.error.code === 'store_unavailable')).toBe(true);
    // An outage longer than the clients' reconnect attempts: no connection may give up or end its process.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await redis.start();

    // The phones retry as the web app does, with the same ballot ids, until stored.
    await Promise.all(
      phones.slice(10).map((phone, n) => eventually(async () => (await phone.vote(questionId, optionIds[1]!, `during-${n}`)).ok, 'the retry to be stored', 20_000)),
    );
    for (const server of [a!, b!]) {
      const watcher = await connect(server.url, sockets);
      const { tally } = expectOk(await request(watcher, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
      expect(tally.results[0]!.room).toMatchObject({ voters: 20, counts: { [optionIds[0]!]: 10, [optionIds[1]!]: 10 } });
    }
    // And the instances still take new phones.
    const late = await Phone.join(b!, session.code);
    expectOk(await late.vote(questionId, optionIds[0]!, 'late'));
  });

  it('refuses to start, saying why, when Redis is unreachable', async () => {
    const nothingThere = `redis://127.0.0.1:${await freePort()}`;
    await expect(startServerProcess({ REDIS_URL: nothingThere })).rejects.toThrow(/pnyx cannot start: Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
  });
});
