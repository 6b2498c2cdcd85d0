import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  CONTRIBUTION_KINDS,
  ERROR_MESSAGES,
  TABLE_NOTES_LIMITS,
  tableNotesDocumentName,
  tableNotesText,
  YJS_CLOSE,
  YJS_PATH,
  yjsSubprotocols,
  type Ack,
  type ClientToServerEvents,
} from '@pnyx/shared';
import { createSession, expectOk, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import {
  FUZZ_EVENTS,
  YJS_EXPECTED_CLOSE,
  YJS_FUZZ_KINDS,
  YJS_SESSION_FUZZ_KINDS,
  YJS_SYNC_STEP_1,
  yjsMessage,
  malformed,
  nearCap,
  overCap,
  passesSchema,
  RAW_PACKETS,
  refused,
  UNKNOWN_EVENTS,
  type FuzzRole,
  type FuzzTarget,
} from '../utils/fuzz-messages.js';
import { openModeratorDoc, untilAgendaSynced, writePhase, yjsUpgradeStatus } from '../utils/moderator-doc.js';
import { printedSeed, sequenceRandom, type Random } from '../utils/random.js';
import { joinPhone, openQuestion, resultsOf, roomWithTables, type JoinedPhone, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';
// The server's Yjs documents (app.documents) are read to see what the fuzzers could not change.
import type {} from '@pnyx/server/yjs/yjs-plugin';

/**
 * A seeded storm of malformed, oversized, out-of-order and other roles' messages on every client → server event,
 * from many clients, while honest phones vote and a moderator runs the session: every message is refused with a
 * known error (or its connection dropped, when over the size cap), nothing a fuzzer sent reaches the session's log,
 * and the honest clients are served throughout. Replay a run with PNYX_SEED=<the printed seed>.
 */

const SEED = printedSeed('fuzz.test');
const FUZZERS = 40;
const MESSAGES = 75;
const PHONES = 20;
const BALLOTS = 8;
/** Long enough for any answer on a loaded machine; only a message the server leaves unanswered waits it out. */
const ANSWER_WAIT_MS = 4_000;

const fixture = useTestServer();
const { server, sockets, docs } = fixture;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fuzzers come from loopback addresses of their own, as attackers on other networks would: the limits per
 * address stay the honest venue's (127.0.0.1). Every 127.x.y.z is loopback on Linux.
 */
const fuzzAddress = (index: number) => `127.0.1.${10 + index}`;

async function connectFrom(address: string): Promise<TestSocket> {
  const options = { transports: ['websocket'], forceNew: true, reconnection: false, localAddress: address };
  const socket: TestSocket = io(server.url, options as Parameters<typeof io>[1]);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

class Counts {
  readonly seen = new Map<string, number>();
  add(key: string, n = 1): void {
    this.seen.set(key, (this.seen.get(key) ?? 0) + n);
  }
  get(key: string): number {
    return this.seen.get(key) ?? 0;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.seen].sort(([a], [b]) => a.localeCompare(b)));
  }
}

type Outcome = { answer: Ack } | { dropped: true } | { silent: true };

/** Emits `args` with an ack and waits for the answer, the connection's end, or silence. */
function send(socket: TestSocket, event: string, args: unknown[], waitMs = ANSWER_WAIT_MS): Promise<Outcome> {
  return new Promise((resolve) => {
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.off('disconnect', onDrop);
      resolve(outcome);
    };
    const onDrop = () => finish({ dropped: true });
    const timer = setTimeout(() => finish({ silent: true }), waitMs);
    socket.once('disconnect', onDrop);
    (socket.emit as (event: string, ...rest: unknown[]) => void)(event, ...args, (answer: Ack) => finish({ answer }));
  });
}

const preview = (value: unknown) =>
  (JSON.stringify(value, (_, item: unknown) => (item instanceof Uint8Array ? `<${item.byteLength} bytes>` : item)) ?? String(value)).slice(0, 160);

interface Storm {
  sent: Counts;
  forms: Counts;
  codes: Counts;
  connections: Counts;
  problems: string[];
}

interface FuzzClient {
  index: number;
  role: FuzzRole;
  /** Joins a new connection in the client's role (the first time may be logged: a participant joining). */
  enter(socket: TestSocket): Promise<void>;
}

const FORMS = ['refused', 'malformed', 'no-ack', 'odd-args', 'unknown-event', 'near-cap', 'over-cap', 'raw', 'burst'] as const;
const FORM_WEIGHTS = [40, 38, 5, 3, 3, 6, 2.5, 2.5, 1];
const SHAPE_CODES = new Set(['invalid_input', 'rate_limited']);

/** One fuzzer's seeded stream; every answer is judged as it arrives. */
async function fuzz(client: FuzzClient, target: FuzzTarget, storm: Storm): Promise<void> {
  const rnd = sequenceRandom(SEED, client.index + 1);
  const address = fuzzAddress(client.index);
  const fresh = async () => {
    const socket = await connectFrom(address);
    await client.enter(socket);
    storm.connections.add(client.role);
    return socket;
  };
  let socket = await fresh();
  const pending: Promise<void>[] = [];

  const judge = (event: string, form: string, payload: unknown, outcome: Outcome, codes?: Set<string>) => {
    const problem = (what: string) =>
      storm.problems.push(`fuzzer ${client.index} (${client.role}) ${form} ${JSON.stringify(event)} ${preview(payload)}: ${what}`);
    if ('silent' in outcome) return problem(`no answer within ${ANSWER_WAIT_MS} ms`);
    if ('dropped' in outcome) return problem('the server dropped the connection');
    const { answer } = outcome;
    if (answer.ok) return problem(`accepted: ${preview(answer)}`);
    const { code } = answer.error;
    storm.codes.add(code);
    if (!(code in ERROR_MESSAGES)) problem(`unknown error code ${code}`);
    else if (code === 'internal') problem('answered internal');
    else if (codes && !codes.has(code)) problem(`answered ${code}, not invalid_input`);
  };

  for (let n = 0; n < MESSAGES; n++) {
    await sleep(15 + rnd.int(45));
    const event = rnd.pick(FUZZ_EVENTS);
    const form = FORMS[rnd.weighted(FORM_WEIGHTS)]!;
    storm.forms.add(form);
    if (form !== 'unknown-event' && form !== 'raw') storm.sent.add(event);
    switch (form) {
      case 'refused':
      case 'malformed': {
        const payload = (form === 'refused' && refused(client.role, event, target, rnd)) || malformed(event, target, rnd);
        const wellFormed = passesSchema(event, payload);
        const outcome = await send(socket, event, [payload]);
        judge(event, wellFormed ? 'refused' : 'malformed', payload, outcome, wellFormed ? undefined : SHAPE_CODES);
        if ('dropped' in outcome) socket = await fresh();
        break;
      }
      case 'burst': {
        // Faster than any phone: past the connection's message limit every message is still answered.
        const burst = Array.from({ length: 40 + rnd.int(40) }, () => {
          const burstEvent = rnd.pick(FUZZ_EVENTS);
          return { burstEvent, payload: refused(client.role, burstEvent, target, rnd) ?? malformed(burstEvent, target, rnd) };
        });
        const outcomes = await Promise.all(burst.map(({ burstEvent, payload }) => send(socket, burstEvent, [payload])));
        for (const [index, { burstEvent, payload }] of burst.entries()) {
          storm.sent.add(burstEvent);
          judge(burstEvent, form, payload, outcomes[index]!, passesSchema(burstEvent, payload) ? undefined : SHAPE_CODES);
        }
        if (outcomes.some((outcome) => 'dropped' in outcome)) socket = await fresh();
        break;
      }
      case 'near-cap': {
        const payload = nearCap(event, rnd);
        const outcome = await send(socket, event, [payload]);
        judge(event, form, payload, outcome, SHAPE_CODES);
        if ('dropped' in outcome) socket = await fresh();
        break;
      }
      case 'no-ack':
        // Nothing can answer it; the log at the end shows it changed nothing.
        (socket.emit as (event: string, ...args: unknown[]) => void)(event, refused(client.role, event, target, rnd) ?? malformed(event, target, rnd));
        break;
      case 'odd-args': {
        const args = rnd.chance(0.5) ? [] : [malformed(event, target, rnd), 'extra'];
        pending.push(send(socket, event, args).then((outcome) => void judge(event, form, args, outcome, SHAPE_CODES)));
        break;
      }
      case 'unknown-event': {
        const name = rnd.pick(UNKNOWN_EVENTS);
        const payload = malformed(event, target, rnd);
        pending.push(send(socket, name, [payload]).then((outcome) => void judge(name, form, payload, outcome)));
        break;
      }
      case 'over-cap': {
        // On a connection of its own: the drop must not take the answers of other messages with it.
        const payload = overCap(rnd);
        const outcome = await send(await fresh(), event, [payload]);
        if ('dropped' in outcome) storm.codes.add('connection dropped');
        else storm.problems.push(`fuzzer ${client.index} over-cap ${event} ${preview(payload)}: not dropped`);
        break;
      }
      case 'raw': {
        const throwaway = await fresh();
        const raw = rnd.pick(RAW_PACKETS);
        const engine = throwaway.io.engine as unknown as { send(data: string): void; transport: { ws?: { send(data: string): void } } };
        if (rnd.chance(0.7)) engine.send(raw);
        else engine.transport.ws?.send(raw.slice(1));
        await sleep(100);
        storm.codes.add(throwaway.connected ? 'raw kept' : 'raw dropped');
        throwaway.disconnect();
        break;
      }
    }
  }
  await Promise.all(pending);
}

/** The honest room: tables, phases, open questions of several kinds, a closed one, contributions. */
async function honestRoom() {
  const room = await roomWithTables(fixture, 4);
  const single = await openQuestion(room, { labels: ['Trees', 'Cars', 'Bikes'] });
  const multi = await openQuestion(room, { kind: 'multi', maxChoices: 2, labels: ['Shade', 'Water', 'Benches', 'Light'] });
  const ranking = await openQuestion(room, { kind: 'ranking', labels: ['Parks', 'Roads', 'Schools'] });
  const words = await openQuestion(room, { kind: 'wordcloud', labels: [] });
  const open = await openQuestion(room, { kind: 'open', labels: [] });
  const tableVote = await openQuestion(room, { scope: 'table', labels: ['Yes', 'No'] });
  const closed = await openQuestion(room, { labels: ['Now', 'Later'] });
  expectOk(await request(room.moderator, 'question:close', { questionId: closed.questionId }));
  const phaseIds = [
    writePhase(room.doc.doc, { kind: 'info', title: 'Welcome', durationMs: 30 * 60_000 }),
    writePhase(room.doc.doc, { kind: 'discussion', title: 'Table talk', durationMs: 30 * 60_000 }),
    writePhase(room.doc.doc, { kind: 'qna', title: 'Questions', durationMs: 30 * 60_000 }),
  ];
  expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));

  const phones: JoinedPhone[] = [];
  for (let index = 0; index < PHONES; index++) phones.push(await joinPhone(fixture, room.session.code, { tableId: `t${1 + (index % 3)}` }));
  for (const text of ['More shade trees on the square', 'A bus every ten minutes']) {
    expectOk(await request(phones[0]!.socket, 'contribution:post', { kind: 'proposal', text }));
  }
  expectOk(await request(room.moderator, 'contribution:moderate', { contributionId: 'c1', status: 'approved' }));

  const questions = [
    { ...single, kind: 'single' as const, scope: 'individual' as const, open: true },
    { ...multi, kind: 'multi' as const, scope: 'individual' as const, open: true },
    { ...ranking, kind: 'ranking' as const, scope: 'individual' as const, open: true },
    { ...words, kind: 'wordcloud' as const, scope: 'individual' as const, open: true },
    { ...open, kind: 'open' as const, scope: 'individual' as const, open: true },
    { ...tableVote, kind: 'single' as const, scope: 'table' as const, open: true },
    { ...closed, kind: 'single' as const, scope: 'individual' as const, open: false },
  ].map(({ questionId, ...rest }) => ({ id: questionId, ...rest }));
  return { room, phones, single, multi, questions, phaseIds };
}

/** The fuzz clients and how each (re)joins; roles are drawn from the seed, each of them at least once. */
function fuzzClients(room: Room, phones: JoinedPhone[], foreign: { id: string; moderatorToken: string }, rnd: Random): FuzzClient[] {
  const code = room.session.code;
  const fixed: FuzzRole[] = ['facilitator', 'twin', 'twin', 'foreign-moderator', 'foreign-moderator', 'stranger', 'attendee', 'screen'];
  const drawn: FuzzRole[] = ['stranger', 'attendee', 'screen'];
  return Array.from({ length: FUZZERS }, (_, index) => {
    const role = fixed[index] ?? drawn[rnd.weighted([4, 4, 2])]!;
    const seat = rnd.chance(0.5) ? { tableId: 't4' } : {};
    let token: string | undefined;
    const join = async (socket: TestSocket, extra: { tableId?: string }) => {
      const joined = expectOk(await request(socket, 'session:join', token ? { code, participantToken: token } : { code, ...extra }));
      token = joined.participantToken;
    };
    const enter: Record<FuzzRole, (socket: TestSocket) => Promise<void>> = {
      stranger: async () => {},
      attendee: (socket) => join(socket, seat),
      facilitator: async (socket) => {
        const first = token === undefined;
        await join(socket, { tableId: 't4' });
        const facilitatorCode = room.roster.tables.find((table) => table.id === 't4')!.facilitatorCode;
        if (first) expectOk(await request(socket, 'facilitator:claim', { facilitatorCode }));
      },
      twin: async (socket) => void expectOk(await request(socket, 'session:join', { code, participantToken: phones[index]!.joined.participantToken })),
      screen: async (socket) => void expectOk(await request(socket, 'screen:join', { code })),
      'foreign-moderator': async (socket) =>
        void expectOk(await request(socket, 'moderator:join', { sessionId: foreign.id, moderatorToken: foreign.moderatorToken })),
    };
    return { index, role, enter: enter[role] };
  });
}

type EventName = keyof ClientToServerEvents;

describe('a fuzz storm on every event', () => {
  it('refuses every fuzzed message with a known error, logs none of them, and keeps serving honest clients', async () => {
    const started = Date.now();
    const { room, phones, single, multi, questions, phaseIds } = await honestRoom();
    const foreign = await createSession(server.url, 'Not yours');
    const target: FuzzTarget = {
      sessionId: room.session.id,
      foreignSessionId: foreign.id,
      foreignToken: foreign.moderatorToken,
      questions,
      tableIds: room.roster.tables.map((table) => table.id),
      phaseIds,
      participantIds: phones.map((phone) => phone.joined.participantId),
      codes: new Set([room.session.code, foreign.code, ...room.roster.tables.map((table) => table.facilitatorCode)]),
      facilitatorTable: 't4',
    };
    const clients = fuzzClients(room, phones, foreign, sequenceRandom(SEED, 0));
    // A handler that throws is logged as a bug (server/src/realtime/realtime-plugin.ts onBug): watch for them.
    const bugs: unknown[] = [];
    const log = server.app.log as unknown as Record<'error' | 'fatal', (...args: unknown[]) => void>;
    const logged = { error: log.error, fatal: log.fatal };
    log.error = (...args) => void bugs.push(args);
    log.fatal = (...args) => void bugs.push(args);

    // The fuzzers that join do so before the storm: their joins are the only entries of theirs in the log.
    const storm: Storm = { sent: new Counts(), forms: new Counts(), codes: new Counts(), connections: new Counts(), problems: [] };
    await Promise.all(
      clients.map(async (client) => {
        const socket = await connectFrom(fuzzAddress(client.index));
        await client.enter(socket);
        socket.disconnect();
      }),
    );
    const seqBefore = (await server.store.readLog(room.session.id, 0)).length;
    const foreignLogBefore = (await server.store.readLog(foreign.id, 0)).length;

    const honestFailures: string[] = [];
    const expectedLog = new Counts();
    let honestRequests = 0;
    async function honest<E extends EventName>(socket: TestSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]) {
      honestRequests++;
      const answer = await request(socket, event, payload);
      if (!answer.ok) honestFailures.push(`${event} ${JSON.stringify(payload)}: ${answer.error.code}`);
      return answer;
    }
    const lastChoice = new Map<number, string>();
    const multiChoice = new Map<number, string[]>();
    let firstPost: (id: string) => void = () => {};
    const posted = new Promise<string>((resolve) => (firstPost = resolve));

    const phoneTraffic = phones.map(async (phone, index) => {
      const rnd = sequenceRandom(SEED, 1_000 + index);
      for (let ballot = 0; ballot < BALLOTS; ballot++) {
        await sleep(30 + rnd.int(250));
        const optionId = rnd.pick(single.optionIds);
        const answer = await honest(phone.socket, 'ballot:cast', { questionId: single.questionId, ballotId: `h${index}x${ballot}`, answer: { optionId } });
        if (answer.ok && !answer.duplicate) {
          lastChoice.set(index, optionId);
          expectedLog.add('ballot:cast');
        }
      }
      // A late retry of the first ballot: acknowledged, never counted again.
      const retry = await honest(phone.socket, 'ballot:cast', { questionId: single.questionId, ballotId: `h${index}x0`, answer: { optionId: single.optionIds[0]! } });
      if (retry.ok && !retry.duplicate) honestFailures.push(`phone ${index}: a retried ballot counted again`);
      const chosen = [...multi.optionIds].sort(() => rnd.next() - 0.5).slice(0, 1 + rnd.int(2));
      const multiBallot = await honest(phone.socket, 'ballot:cast', { questionId: multi.questionId, ballotId: `h${index}m`, answer: { optionIds: chosen } });
      if (multiBallot.ok) multiChoice.set(index, chosen);
      if (multiBallot.ok) expectedLog.add('ballot:cast');
      const upvote = await honest(phone.socket, 'contribution:upvote', { contributionId: 'c1', upvote: true });
      if (upvote.ok && !upvote.duplicate) expectedLog.add('contribution:upvote');
    });
    const posterTraffic = (async () => {
      for (const text of ['Benches by the river', 'Free water fountains']) {
        await sleep(400);
        const answer = await honest(phones[0]!.socket, 'contribution:post', { kind: CONTRIBUTION_KINDS[1], text });
        if (answer.ok) {
          expectedLog.add('contribution:post');
          firstPost(answer.contribution.id);
        }
      }
    })();
    const moderatorTraffic = (async () => {
      const step = async (event: EventName, payload: object, logs: string) => {
        await sleep(300);
        if ((await honest(room.moderator, event, payload as never)).ok) expectedLog.add(logs);
      };
      await step('phase:go', { to: 'next' }, 'phase:go');
      await step('timer:control', { action: 'start' }, 'timer:start');
      await step('contribution:moderate', { contributionId: await posted, status: 'approved' }, 'contribution:moderate');
      await step('timer:control', { action: 'pause' }, 'timer:pause');
      await step('phase:go', { to: 'next' }, 'phase:go');
    })();
    const stormStarted = Date.now();
    await Promise.all([...clients.map((client) => fuzz(client, target, storm)), ...phoneTraffic, posterTraffic, moderatorTraffic]);
    const stormMs = Date.now() - stormStarted;

    const entries = await server.store.readLog(room.session.id, seqBefore);
    const loggedTypes = new Counts();
    for (const { command } of entries) loggedTypes.add(command.type);
    const honestIds = new Set(target.participantIds);
    const fuzzEntries = entries.filter(({ command }) => 'participantId' in command && !honestIds.has(command.participantId));
    const { room: singleTally } = await resultsOf(room, single.questionId);
    const { room: multiTally } = await resultsOf(room, multi.questionId);
    const board = expectOk(await request(room.moderator, 'contributions:get', {})).board;
    const health = await fetch(`${server.url}/api/health`);
    const latecomer = await joinPhone(fixture, room.session.code);
    const lateBallot = await request(latecomer.socket, 'ballot:cast', { questionId: single.questionId, ballotId: 'late', answer: { optionId: single.optionIds[0]! } });
    log.error = logged.error;
    log.fatal = logged.fatal;

    console.log(
      `fuzz.test: PNYX_SEED=${SEED} fuzzers=${FUZZERS} (${JSON.stringify(countRoles(clients))}) ` +
        `messages=${[...storm.sent.seen.values()].reduce((sum, n) => sum + n, 0) + storm.forms.get('unknown-event') + storm.forms.get('raw')} storm=${stormMs} ms total=${Date.now() - started} ms\n` +
        `  forms ${JSON.stringify(storm.forms)}\n  per event ${JSON.stringify(storm.sent)}\n  answers ${JSON.stringify(storm.codes)}\n` +
        `  connections ${JSON.stringify(storm.connections)}\n  honest requests=${honestRequests} failed=${honestFailures.length} ` +
        `log entries during the storm ${JSON.stringify(loggedTypes)}\n  problems=${storm.problems.length}` +
        (storm.problems.length ? `\n    ${summarise(storm.problems).join('\n    ')}` : ''),
    );

    const replay = `PNYX_SEED=${SEED}`;
    expect.soft(storm.problems.filter((problem) => !/odd-args|unknown-event/.test(problem)), `${replay}: fuzzed messages answered wrongly`).toEqual([]);
    expect.soft(storm.problems.filter((problem) => / odd-args /.test(problem)), `${replay}: messages with no payload or extra arguments`).toEqual([]);
    expect.soft(storm.problems.filter((problem) => / unknown-event /.test(problem)), `${replay}: messages of unknown events`).toEqual([]);
    expect.soft(bugs, `${replay}: handler failures logged`).toEqual([]);
    expect.soft(honestFailures, `${replay}: honest requests refused`).toEqual([]);
    expect.soft(fuzzEntries, `${replay}: log entries of fuzz participants`).toEqual([]);
    expect.soft(loggedTypes.toJSON(), `${replay}: the log holds exactly the honest commands`).toEqual(expectedLog.toJSON());
    expect.soft((await server.store.readLog(foreign.id, 0)).length, `${replay}: the attacker's own session is unchanged`).toBe(foreignLogBefore);
    const expectedCounts = Object.fromEntries(single.optionIds.map((id) => [id, [...lastChoice.values()].filter((choice) => choice === id).length]));
    expect.soft(singleTally, `${replay}: the tally is what the honest phones cast`).toMatchObject({ voters: PHONES, counts: expectedCounts });
    const multiCounts = Object.fromEntries(multi.optionIds.map((id) => [id, [...multiChoice.values()].filter((chosen) => chosen.includes(id)).length]));
    expect.soft(multiTally).toMatchObject({ voters: PHONES, counts: multiCounts });
    expect.soft(board.contributions.find((contribution) => contribution.id === 'c1')?.upvotes).toBe(PHONES);
    expect(health.status).toBe(200);
    expect(lateBallot).toMatchObject({ ok: true, duplicate: false });
  });
});

const YJS_FUZZERS = 60;

/** The close code a raw Yjs connection ends with, or 'open' when the server has not closed it in time. */
function closeOf(ws: WebSocket, waitMs = ANSWER_WAIT_MS): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('open'), waitMs);
    ws.once('close', (code: number) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('a fuzz storm on the Yjs endpoint', () => {
  it("closes every malformed or foreign write; a table's notes and the session's document keep only honest edits", async () => {
    const started = Date.now();
    const room = await roomWithTables(fixture, 2);
    writePhase(room.doc.doc, { kind: 'info', title: 'Welcome', durationMs: 10 * 60_000 });
    const member = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const seated = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const elsewhere = await joinPhone(fixture, room.session.code, { tableId: 't2' });
    const notesName = tableNotesDocumentName(room.session.id, 't1');
    const notes = await openModeratorDoc(server.url, notesName, member.joined.participantToken);
    docs.push(notes);
    let honestCloses = 0;
    notes.provider.on('connection-close', () => honestCloses++);
    tableNotesText(notes.doc).insert(0, 'Our table wants shade.');
    const serverNotes = (await server.app.documents.get(notesName)).doc;
    const serverSession = (await server.app.documents.get(room.session.id)).doc;
    await eventually(() => tableNotesText(serverNotes).toString() === 'Our table wants shade.', 'the first notes on the server');
    await eventually(() => Buffer.from(Y.encodeStateVector(serverSession)).equals(Y.encodeStateVector(room.doc.doc)), 'the agenda on the server');
    const sessionBefore = { vector: Y.encodeStateVector(serverSession), content: serverSession.toJSON() };

    const wsUrl = server.url.replace(/^http/, 'ws');
    const upgrades = await Promise.all([
      yjsUpgradeStatus(server.url, notesName, 'not-a-token-of-anyone-here'),
      yjsUpgradeStatus(server.url, notesName, elsewhere.joined.participantToken),
      yjsUpgradeStatus(server.url, notesName, ''),
      yjsUpgradeStatus(server.url, room.session.id, seated.joined.participantToken),
      yjsUpgradeStatus(server.url, tableNotesDocumentName(room.session.id, 't99'), seated.joined.participantToken),
      yjsUpgradeStatus(server.url, tableNotesDocumentName(room.session.id, 't1'), room.session.moderatorToken.slice(0, -1)),
      yjsUpgradeStatus(server.url, `${room.session.id}/tables/t1/../../x`, seated.joined.participantToken),
      yjsUpgradeStatus(server.url, '%E0%A4%A', room.session.moderatorToken),
      yjsUpgradeStatus(server.url, 'no-such-session', room.session.moderatorToken),
    ]);

    const problems: string[] = [];
    const sent = new Counts();
    const closes = new Counts();
    const fuzzers = Array.from({ length: YJS_FUZZERS }, async (_, index) => {
      const rnd = sequenceRandom(SEED, 5_000 + index);
      const onNotes = rnd.chance(0.7);
      const kind = rnd.pick(onNotes ? YJS_FUZZ_KINDS : YJS_SESSION_FUZZ_KINDS);
      const message = yjsMessage(kind, 'notes', TABLE_NOTES_LIMITS.hardMaxLength, rnd);
      const [name, token] = onNotes ? [notesName, seated.joined.participantToken] : [room.session.id, room.session.moderatorToken];
      await sleep(rnd.int(1_000));
      const socket = new WebSocket(`${wsUrl}${YJS_PATH}/${name}`, yjsSubprotocols(token), { localAddress: fuzzAddress(index) });
      await new Promise((resolve) => socket.once('open', resolve));
      const closed = closeOf(socket);
      if (rnd.chance(0.5)) socket.send(YJS_SYNC_STEP_1);
      socket.send(message);
      sent.add(`${onNotes ? 'notes' : 'session'} ${kind}`);
      const code = await closed;
      closes.add(String(code));
      const expected = YJS_EXPECTED_CLOSE[kind] === 'malformed' ? YJS_CLOSE.malformedMessage : YJS_CLOSE.refusedUpdate;
      if (code !== expected) problems.push(`yjs fuzzer ${index} ${kind} on ${onNotes ? 'notes' : 'the session'} (${message.length} bytes, ${Buffer.from(message.subarray(0, 24)).toString('hex')}…): closed ${code}, expected ${expected}`);
      if (code === 'open') socket.terminate();
    });
    // An honest member keeps typing through the storm, one keystroke at a time.
    const typing = (async () => {
      for (const letter of ' More benches.') {
        await sleep(60);
        const text = tableNotesText(notes.doc);
        text.insert(text.length, letter);
      }
    })();
    await Promise.all([...fuzzers, typing]);

    const honestText = 'Our table wants shade. More benches.';
    await eventually(() => tableNotesText(serverNotes).toString() === honestText, 'the honest keystrokes on the server').catch(() => undefined);
    console.log(
      `fuzz.test (yjs): PNYX_SEED=${SEED} connections=${YJS_FUZZERS} sent ${JSON.stringify(sent)} closed with ${JSON.stringify(closes)} ` +
        `refused upgrades ${JSON.stringify(upgrades)} problems=${problems.length} total=${Date.now() - started} ms` +
        (problems.length ? `\n    ${summarise(problems).join('\n    ')}` : ''),
    );
    const replay = `PNYX_SEED=${SEED}`;
    expect.soft(problems, `${replay}: Yjs connections not closed as they should be`).toEqual([]);
    expect.soft(upgrades.filter((status) => status !== 401 && status !== 403), `${replay}: upgrades let through`).toEqual([]);
    expect.soft(tableNotesText(serverNotes).toString(), `${replay}: the server's notes`).toBe(honestText);
    expect.soft([...serverNotes.share.keys()], `${replay}: the notes hold nothing but their text`).toEqual(['notes']);
    expect.soft(tableNotesText(notes.doc).toString(), `${replay}: the honest member's notes`).toBe(honestText);
    expect.soft(honestCloses, `${replay}: the honest member's connection was closed`).toBe(0);
    expect.soft(serverSession.toJSON(), `${replay}: the session's document`).toEqual(sessionBefore.content);
    expect(Buffer.from(Y.encodeStateVector(serverSession)).equals(sessionBefore.vector), `${replay}: the session's document changed`).toBe(true);
  });
});

function countRoles(clients: FuzzClient[]): Counts {
  const roles = new Counts();
  for (const client of clients) roles.add(client.role);
  return roles;
}

/** The problems grouped by what went wrong and the event, with one example each. */
function summarise(problems: string[]): string[] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const problem of problems) {
    const key = problem.replace(/^fuzzer \d+ \([^)]*\) /, '').replace(/ [[{"].*: /, ': ').slice(0, 120);
    const group = groups.get(key) ?? { count: 0, example: problem };
    group.count++;
    groups.set(key, group);
  }
  return [...groups].map(([key, { count, example }]) => `${count}× ${key}\n      e.g. ${example}`);
}
