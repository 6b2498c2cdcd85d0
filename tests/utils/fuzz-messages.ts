import * as Y from 'yjs';
import { CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, JOIN_CODE_ALPHABET, SCREEN_MODES, type QuestionKind } from '@pnyx/shared';
import { CLIENT_EVENT_SCHEMAS, TIMER_ACTIONS } from '@pnyx/shared/schemas';
import type { Random } from './random.js';

/**
 * Seeded messages the server must refuse, for the fuzz test (tests/server/fuzz.test.ts): payloads of the wrong
 * shape for any event, and well-formed payloads that the sender's role or the session's state refuses. A
 * generator never makes a message that could be accepted, so every answer must be a refusal.
 */

export type FuzzEvent = keyof typeof CLIENT_EVENT_SCHEMAS;
export const FUZZ_EVENTS = Object.keys(CLIENT_EVENT_SCHEMAS) as FuzzEvent[];

/**
 * Who sends: never joined; joined as an attendee (one of them also their table's facilitator); a second
 * connection of an honest phone; a projector; the moderator of another session.
 */
export type FuzzRole = 'stranger' | 'attendee' | 'facilitator' | 'twin' | 'screen' | 'foreign-moderator';

export interface FuzzQuestion {
  id: string;
  kind: QuestionKind;
  scope: 'individual' | 'table';
  optionIds: string[];
  open: boolean;
}

/** What the fuzzers know of the room: ids to aim at. */
export interface FuzzTarget {
  sessionId: string;
  /** A session the attacker moderates, with its token: valid there, never here. */
  foreignSessionId: string;
  foreignToken: string;
  questions: FuzzQuestion[];
  tableIds: string[];
  phaseIds: string[];
  participantIds: string[];
  /** Every join and facilitator code that exists: a guessed code is never one of them. */
  codes: Set<string>;
  /** The table the facilitator fuzzer leads: its own paper ballots would be accepted. */
  facilitatorTable: string;
}

const STRINGS = [
  '', ' ', '\u0000', '\u200b\u200b', '\ud800', '\udfff\ud800', '👩‍👩‍👧‍👦'.repeat(40), 'ﷺ'.repeat(30), '\u202etxet',
  '<script>alert(1)</script>', "'; DROP TABLE ballots; --", '${7*7}', '%s%n', '../../etc/passwd', '__proto__',
  'constructor', 'toString', 'hasOwnProperty', 'NaN', 'null', 'c1', 't1', 'q1', 'x'.repeat(65), 'A'.repeat(3000),
];
const NUMBERS = [NaN, Infinity, -Infinity, 0, -0, -1, 1.5, 2 ** 53 + 1, -(2 ** 31), 1e308, Number.MIN_VALUE];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'isAdmin', 'sessionId', 'participantId', 'role', ''];

/** A value of some wrong type or form: numbers JSON cannot carry, nulls, odd strings (real ids too, out of place), nesting, bytes. */
export function junk(rnd: Random, depth = 0): unknown {
  switch (rnd.int(depth > 2 ? 7 : 11)) {
    case 0: return rnd.pick(NUMBERS);
    case 1: return null;
    case 2: return rnd.chance(0.5);
    case 3: return undefined;
    case 4: return rnd.pick(STRINGS);
    case 5: return String.fromCodePoint(...Array.from({ length: 1 + rnd.int(400) }, () => rnd.int(0x2ffff)));
    case 6: return Buffer.from(Array.from({ length: rnd.int(64) }, () => rnd.int(256)));
    case 7: return Array.from({ length: rnd.int(5) }, () => junk(rnd, depth + 1));
    case 8: return objectWith(Array.from({ length: 1 + rnd.int(3) }, () => [rnd.pick(KEYS), junk(rnd, depth + 1)]));
    case 9: return JSON.parse('{"__proto__":{"admin":true,"ok":true},"constructor":{"prototype":{"polluted":1}}}');
    default: return nested(1 + rnd.int(1500));
  }
}

/** Own properties even for `__proto__`, as JSON.parse on the server makes them. */
function objectWith(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

const isBinary = (value: unknown): value is Uint8Array => value instanceof Uint8Array || value instanceof ArrayBuffer;

function holdsBinary(value: unknown): boolean {
  if (isBinary(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsBinary);
}

/**
 * The payload as the server receives it: JSON's rules (NaN → null, undefined dropped), bytes as a Buffer. A
 * message with bytes in it is rebuilt key by key by socket.io-parser, whose assignment of a `__proto__` key
 * sets a prototype instead: that key never arrives.
 */
export function wireForm(value: unknown, binary = holdsBinary(value)): unknown {
  if (isBinary(value)) return Buffer.from(value as Uint8Array);
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (typeof value === 'function' || typeof value === 'symbol' || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((item) => wireForm(item, binary) ?? null);
  if (value !== null && typeof value === 'object') {
    return objectWith(
      Object.entries(value).flatMap(([key, item]) => {
        const carried = wireForm(item, binary);
        return carried === undefined || (binary && key === '__proto__') ? [] : [[key, carried] as [string, unknown]];
      }),
    );
  }
  return value;
}

/** Bytes the largest frame of the message takes (bytes travel in frames of their own). */
export function wireBytes(event: string, payload: unknown): number {
  if (isBinary(payload)) return Buffer.from(payload as Uint8Array).byteLength;
  const json = JSON.stringify([event, payload], (_, value: unknown) => (isBinary(value) ? { _placeholder: true, num: 0 } : value));
  return Buffer.byteLength(json) + 8;
}

/** Whether the event's schema takes the payload as it arrives: a message that passes it is refused later or not at all. */
export function passesSchema(event: FuzzEvent, payload: unknown): boolean {
  return CLIENT_EVENT_SCHEMAS[event].safeParse(wireForm(payload) ?? null).success;
}

/** Below Socket.IO's 16 KB cap (server/src/realtime/realtime-plugin.ts MAX_MESSAGE_BYTES), with room for framing. */
export const NEAR_CAP_BYTES = 16 * 1024 - 200;

/** A payload of the wrong shape: mutations of a well-formed one, or junk; never one the schema takes. */
export function malformed(event: FuzzEvent, target: FuzzTarget, rnd: Random): unknown {
  const base = (wellFormed(event, target, rnd) ?? {}) as Record<string, unknown>;
  const keys = Object.keys(base);
  for (let attempt = 0; attempt < 20; attempt++) {
    let candidate: unknown;
    switch (rnd.int(6)) {
      case 0: candidate = junk(rnd); break;
      case 1: {
        const missing = keys.length ? rnd.pick(keys) : '';
        candidate = objectWith(Object.entries(base).filter(([key]) => key !== missing));
        break;
      }
      case 2: candidate = objectWith([...Object.entries(base), [rnd.pick(KEYS), junk(rnd)]]); break;
      case 3: candidate = keys.length ? objectWith(Object.entries(base).map(([key, value]) => [key, rnd.chance(0.6) ? junk(rnd) : value])) : junk(rnd); break;
      case 4: candidate = [base, ...(rnd.chance(0.5) ? [junk(rnd)] : [])]; break;
      default: candidate = rnd.chance(0.5) ? JSON.stringify(base) : Buffer.from(JSON.stringify(base));
    }
    if (!passesSchema(event, candidate) && wireBytes(event, candidate) < NEAR_CAP_BYTES) return candidate;
  }
  return 42;
}

/** A payload of the wrong shape just under the size cap: answered like any other. */
export function nearCap(event: FuzzEvent, rnd: Random): unknown {
  const field = rnd.pick(['text', 'code', 'questionId', 'padding']);
  const filler = rnd.chance(0.5) ? 'y' : 'é';
  const payload = { [field]: '', extra: true };
  const room = NEAR_CAP_BYTES - wireBytes(event, payload) - 16;
  payload[field] = filler.repeat(Math.floor(room / Buffer.byteLength(filler)) - rnd.int(200));
  return payload;
}

/** Over the cap: the server drops the connection rather than read it. */
export function overCap(rnd: Random): unknown {
  const size = 16 * 1024 + 100 + rnd.int(8_000);
  return rnd.chance(0.5) ? { text: 'z'.repeat(size) } : Buffer.alloc(size, 7);
}

/**
 * Frames no client library sends: sent as Socket.IO packets (broken ones, a binary packet whose attachment never
 * comes, other namespaces, a client's own disconnect), or with the first character cut as Engine.IO frames.
 */
export const RAW_PACKETS = ['51-["clock:ping",{"_placeholder":true,"num":9}]', 'garbage', '21["clock:ping"', '29[]', '5-0[]', '9', '2["clock:ping",{}', '2/nope,["clock:ping",{}]', '0/admin,', '1', '3'];

/** Event names the server has no handler for (socket.io-client refuses its reserved ones itself). */
export const UNKNOWN_EVENTS = ['admin:grant', 'session:delete', 'ballot:cast ', 'Ballot:Cast', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(300), ''];

function unknownCode(target: FuzzTarget, rnd: Random): string {
  for (;;) {
    const code = Array.from({ length: 6 }, () => rnd.pick([...JOIN_CODE_ALPHABET])).join('');
    if (target.codes.has(code)) continue;
    return rnd.pick([code, code.toLowerCase(), `${code.slice(0, 3)} ${code.slice(3)}`, `${code.slice(0, 3)}-${code.slice(3)}`]);
  }
}

const token = (rnd: Random) => Array.from({ length: 16 + rnd.int(40) }, () => rnd.pick([...'abcdefghijklmnopqrstuvwxyz0123456789-_'])).join('');
const fuzzId = (rnd: Random) => `fz${rnd.int(1e9).toString(36)}`;
const question = (target: FuzzTarget, rnd: Random, which: (q: FuzzQuestion) => boolean) => rnd.pick(target.questions.filter(which));

/** A ballot no voter's role lets through: unknown or closed question, or an answer that does not fit it. */
function refusedBallot(target: FuzzTarget, rnd: Random) {
  const ballotId = fuzzId(rnd);
  const q = rnd.chance(0.15) ? null : rnd.pick(target.questions);
  if (!q) return { questionId: rnd.pick(['q-none', 'q999', target.foreignSessionId]), ballotId, answer: { optionId: 'o1' } };
  if (!q.open) return { questionId: q.id, ballotId, answer: { optionId: q.optionIds[0]! } };
  const stranger = { optionId: rnd.pick(['o-none', ...target.questions.filter((other) => other !== q).flatMap((other) => other.optionIds)]) };
  const wrongKind: Record<QuestionKind, unknown[]> = {
    single: [stranger, { optionIds: [q.optionIds[0]] }, { words: ['trees'] }, { text: 'trees' }],
    scale: [stranger, { text: '3' }],
    multi: [{ optionIds: [q.optionIds[0], q.optionIds[0]] }, { optionIds: q.optionIds.slice(0, 3) }, { optionId: q.optionIds[0] }, { optionIds: ['o-none'] }],
    ranking: [{ optionIds: q.optionIds.slice(1) }, { optionIds: [...q.optionIds, q.optionIds[0]] }, stranger],
    wordcloud: [{ words: [rnd.pick(['!!!', '...', '  ', '?!', '★☆'])] }, { optionId: 'o1' }, { text: 'trees' }],
    open: [{ text: rnd.pick(['', '   ', '\n\t ']) }, { words: ['trees'] }, stranger],
  };
  return { questionId: q.id, ballotId, answer: rnd.pick(wrongKind[q.kind]) };
}

/** Paper ballots nobody but the facilitator of their own table enters, and never with these counts. */
function refusedPaper(target: FuzzTarget, rnd: Random) {
  const paperQuestion = question(target, rnd, (q) => q.kind === 'single' && q.scope === 'individual');
  const otherTable = rnd.pick([...target.tableIds.filter((id) => id !== target.facilitatorTable), 't99']);
  const badCounts = rnd.pick<Record<string, number>>([{ constructor: 1 }, { toString: 2 }, { 'o-none': 1 }, { hasOwnProperty: 0 }]);
  return rnd.pick([
    { questionId: paperQuestion.id, tableId: otherTable, counts: {} },
    { questionId: paperQuestion.id, tableId: target.facilitatorTable, counts: badCounts },
    { questionId: question(target, rnd, (q) => q.kind === 'wordcloud' || q.kind === 'open').id, tableId: target.facilitatorTable, counts: {} },
    { questionId: 'q-none', tableId: target.facilitatorTable, counts: {}, voters: 3 },
  ]);
}

/**
 * A well-formed payload for the event, with ids of this room (or of none, or of the attacker's own session):
 * refused for the roles `refusedFor` lets it go to. Undefined for an event it knows no such payload of.
 */
function wellFormed(event: FuzzEvent, target: FuzzTarget, rnd: Random): unknown {
  const tableId = rnd.pick([...target.tableIds, 't99']);
  const participantId = rnd.pick([...target.participantIds, 'p-none']);
  switch (event as string) {
    case 'session:join': return { code: unknownCode(target, rnd), ...(rnd.chance(0.3) ? { tableId } : {}), ...(rnd.chance(0.3) ? { participantToken: token(rnd) } : {}) };
    case 'moderator:join':
      return rnd.pick([
        { sessionId: target.sessionId, moderatorToken: token(rnd) },
        { sessionId: target.sessionId, moderatorToken: target.foreignToken },
        { sessionId: target.foreignSessionId, moderatorToken: token(rnd) },
        { sessionId: fuzzId(rnd), moderatorToken: token(rnd) },
      ]);
    case 'screen:join': return { code: unknownCode(target, rnd) };
    case 'ballot:cast': return refusedBallot(target, rnd);
    case 'question:open':
    case 'question:close': return { questionId: rnd.pick([...target.questions.map((q) => q.id), 'q-none']) };
    case 'phase:go': return rnd.pick([{ to: 'next' }, { to: 'previous' }, { phaseId: rnd.pick([...target.phaseIds, 'p-none']) }]);
    case 'timer:control': return { action: rnd.pick(TIMER_ACTIONS) };
    case 'participant:seat': return { tableId: 't99', ...(rnd.chance(0.5) ? { name: 'Mallory' } : {}) };
    case 'facilitator:claim': return { facilitatorCode: unknownCode(target, rnd) };
    case 'paper:enter': return refusedPaper(target, rnd);
    case 'paper:get': {
      const { questionId, tableId: paperTable } = refusedPaper(target, rnd);
      return { questionId: paperTable === target.facilitatorTable ? 'q-none' : questionId, tableId: paperTable };
    }
    case 'tables:add': return { count: 1 + rnd.int(3) };
    case 'table:rename': return { tableId, name: 'Hijacked' };
    case 'table:remove': return { tableId };
    case 'participant:move': return { participantId, tableId: rnd.chance(0.3) ? null : tableId };
    case 'facilitator:set': return { participantId, facilitator: rnd.chance(0.5) };
    case 'word:hide': return { questionId: question(target, rnd, (q) => q.kind === 'wordcloud').id, word: 'trees', hidden: rnd.chance(0.5) };
    case 'answer:moderate':
      return { questionId: question(target, rnd, (q) => q.kind === 'open').id, answerId: `${participantId}:${fuzzId(rnd)}`, status: rnd.pick(['approved', 'hidden', 'pending']) };
    case 'screen:show': return { mode: rnd.pick(SCREEN_MODES), ...(rnd.chance(0.5) ? { tableId } : {}) };
    case 'participant:language': return { language: rnd.pick(['fr', 'pt-BR', 'ja']) };
    case 'languages:set':
      return rnd.pick([
        { main: 'en', others: ['fr', 'de'], projectorSecond: 'fr' },
        { main: 'en', others: ['fr', 'fr'], projectorSecond: null },
        { main: 'ar', others: ['en'], projectorSecond: 'de' },
      ]);
    case 'contribution:post':
      return rnd.pick([
        { kind: rnd.pick(CONTRIBUTION_KINDS), text: rnd.pick(['', '   ', '\n\n\t', '\u0001\u0002']) },
        { kind: rnd.pick(CONTRIBUTION_KINDS), text: 'w'.repeat(501 + rnd.int(499)) },
      ]);
    case 'contribution:upvote': return { contributionId: rnd.pick(['c2', 'c0', 'c999999']), upvote: rnd.chance(0.5) };
    case 'contribution:moderate': return { contributionId: rnd.pick(['c1', 'c2']), status: rnd.pick(CONTRIBUTION_STATUSES) };
    case 'contribution:spotlight': return { contributionId: rnd.pick(['c1', 'c2']) };
    case 'contributions:configure': return { moderation: rnd.chance(0.5) };
    case 'moderator-link:create': return { label: 'Mallory' };
    case 'moderator-link:revoke': return { linkId: rnd.pick(['owner', fuzzId(rnd)]) };
    case 'join-pin:set': return { pin: rnd.chance(0.5) ? '1234' : null };
    case 'clock:ping':
    case 'roster:get':
    case 'session:end':
    case 'session:reopen':
    case 'contributions:get':
    case 'moderator-link:rotate': return {};
    default: return undefined;
  }
}

/** What an attendee, a projector or a stranger may send and be answered ok: never sent well-formed. */
const ANSWERED_OK_WHEN_JOINED = new Set<string>(['clock:ping', 'contributions:get', 'participant:language']);

/**
 * The moderator of another session is refused here only where the ids of this room are unknown in its own
 * session (or where its role does not fit); anything else it sends well-formed would change its own session.
 */
const FOREIGN_MODERATOR_REFUSED = new Set<string>([
  'session:join', 'moderator:join', 'screen:join', 'ballot:cast', 'question:open', 'question:close', 'phase:go', 'timer:control',
  'participant:seat', 'facilitator:claim', 'paper:enter', 'paper:get', 'table:rename', 'table:remove', 'participant:move',
  'facilitator:set', 'word:hide', 'answer:moderate', 'contribution:post', 'contribution:upvote', 'contribution:moderate',
  'contribution:spotlight',
]);

/** A well-formed payload the server must refuse from `role`, or undefined when there is none for that event. */
export function refused(role: FuzzRole, event: FuzzEvent, target: FuzzTarget, rnd: Random): unknown {
  if (event === 'clock:ping') return undefined;
  if (role === 'foreign-moderator' && !FOREIGN_MODERATOR_REFUSED.has(event)) return undefined;
  if (role !== 'stranger' && ANSWERED_OK_WHEN_JOINED.has(event)) return undefined;
  return wellFormed(event, target, rnd);
}

// ---- The Yjs endpoint: y-websocket messages (a varuint type, then its body). ----

export const YJS_FUZZ_KINDS = ['random', 'truncated', 'foreign-root', 'overlong', 'orphan', 'awareness-flood'] as const;
export type YjsFuzzKind = (typeof YJS_FUZZ_KINDS)[number];
/** Only a table's notes have a guard on what updates write; the session's document takes any well-formed one from a moderator. */
export const YJS_SESSION_FUZZ_KINDS: readonly YjsFuzzKind[] = ['random', 'truncated', 'awareness-flood'];

function varUint(value: number): number[] {
  const bytes: number[] = [];
  for (; value > 0x7f; value = Math.floor(value / 0x80)) bytes.push(0x80 | (value & 0x7f));
  bytes.push(value);
  return bytes;
}

const withLength = (body: Uint8Array | number[]) => [...varUint(body.length), ...body];
const syncUpdate = (update: Uint8Array) => Uint8Array.from([0, 2, ...withLength(update)]);
const randomBytes = (rnd: Random, length: number) => Array.from({ length }, () => rnd.int(256));

/** A sync step 1 with an empty state vector, as a client opens with: asks, changes nothing. */
export const YJS_SYNC_STEP_1 = Uint8Array.from([0, 0, ...withLength([0])]);

/** What each kind must end in: a message that cannot be read (4400), or an update the document's guard refuses (4413). */
export const YJS_EXPECTED_CLOSE: Record<YjsFuzzKind, 'malformed' | 'refused'> = {
  random: 'malformed',
  truncated: 'malformed',
  'foreign-root': 'refused',
  overlong: 'refused',
  orphan: 'refused',
  'awareness-flood': 'refused',
};

/** A document whose client id comes from the seed, so a replay sends the same bytes. */
function seededDoc(rnd: Random): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1 + rnd.int(2 ** 30);
  return doc;
}

/** The one update a fresh document's edit makes. */
function updateOf(rnd: Random, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = seededDoc(rnd);
  edit(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** A message of `kind` for a Yjs connection; `notesText` is the Y.Text name of a table's notes. */
export function yjsMessage(kind: YjsFuzzKind, notesText: string, notesMax: number, rnd: Random): Uint8Array {
  switch (kind) {
    case 'random': {
      // Never a type the server reads (0 sync with subtypes 0-2, 1 awareness, 3 query): those could be well-formed.
      const head = rnd.chance(0.3) ? [0, 3 + rnd.int(125)] : [rnd.pick([2, 4 + rnd.int(124)])];
      return Uint8Array.from([...head, ...randomBytes(rnd, rnd.int(200))]);
    }
    case 'truncated': {
      const awareness = [...varUint(1), ...varUint(1 + rnd.int(1e6)), ...varUint(1), ...withLength([...Buffer.from(JSON.stringify({ user: { name: 'Mallory' } }))])];
      const whole = rnd.chance(0.6)
        ? syncUpdate(updateOf(rnd, (doc) => doc.getText(notesText).insert(0, 'cut short '.repeat(1 + rnd.int(50)))))
        : Uint8Array.from([1, ...withLength(awareness)]);
      return whole.subarray(0, 1 + rnd.int(whole.length - 1));
    }
    case 'foreign-root':
      return syncUpdate(
        updateOf(rnd, (doc) =>
          rnd.pick([
            () => doc.getMap('elsewhere').set('admin', true),
            () => doc.getArray('items').push([1, 2, 3]),
            () => doc.getText(notesText.toUpperCase()).insert(0, 'shadow notes'),
            () => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('rich')]),
            // The notes and a foreign type in one update: none of it may land.
            () => doc.transact(() => {
              doc.getText(notesText).insert(0, 'INJECTED ');
              doc.getMap('meta').set('owner', 'Mallory');
            }),
          ])(),
        ),
      );
    case 'overlong':
      return syncUpdate(updateOf(rnd, (doc) => doc.getText(notesText).insert(0, 'x'.repeat(notesMax + 1 + rnd.int(2_000)))));
    case 'orphan': {
      // The second of two edits alone: it waits for the first, which the server never gets.
      const doc = seededDoc(rnd);
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      doc.getText(notesText).insert(0, 'first ');
      doc.getText(notesText).insert(6, 'INJECTED later');
      doc.destroy();
      return syncUpdate(updates[1]!);
    }
    case 'awareness-flood':
      return Uint8Array.from([1, ...withLength(randomBytes(rnd, 64 * 1024 + 1 + rnd.int(16 * 1024)))]);
  }
}
