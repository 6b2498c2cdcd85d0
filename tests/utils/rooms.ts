import { tableNotesDocumentName, tableNotesText, type AttendeeJoined, type QuestionResults, type Roster, type Tally, type WatcherJoined } from '@pnyx/shared';
import type { AttendeeJoin } from '@pnyx/shared/schemas';
import { addQuestion, type QuestionContent } from '@pnyx/shared/session-doc';
import { connect, createSession, expectOk, request, type CreatedSession, type TestSocket } from './clients.js';
import { eventually } from './eventually.js';
import { openModeratorDoc, untilAgendaSynced, writePhase, type ModeratorDoc } from './moderator-doc.js';
import type { ServerFixture } from './test-server.js';

/** The rooms tests set up over Socket.IO and Yjs: moderators, phones at tables, opened questions. */

/** Joins `socket` as the session's moderator; resolves with the accepted join (view, tally, …). */
export async function joinAsModerator(socket: TestSocket, session: CreatedSession): Promise<{ ok: true } & WatcherJoined> {
  return expectOk(await request(socket, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
}

/** A new socket joined as the session's moderator. */
export async function connectModerator({ server, sockets }: ServerFixture, session: CreatedSession): Promise<TestSocket> {
  const moderator = await connect(server.url, sockets);
  await joinAsModerator(moderator, session);
  return moderator;
}

export interface JoinedPhone {
  socket: TestSocket;
  joined: { ok: true } & AttendeeJoined;
  me: AttendeeJoined['me'];
}

/** A phone joined with the session's code, and what `extra` adds (its table link, its token from an earlier visit). */
export async function joinPhone({ server, sockets }: ServerFixture, code: string, extra: Omit<AttendeeJoin, 'code'> = {}): Promise<JoinedPhone> {
  const socket = await connect(server.url, sockets);
  const joined = expectOk(await request(socket, 'session:join', { code, ...extra }));
  return { socket, joined, me: joined.me };
}

export interface Room {
  session: CreatedSession;
  moderator: TestSocket;
  doc: ModeratorDoc;
  /** The roster after the tables were added: ids, names and facilitator codes. */
  roster: Roster;
}

/** A session with a moderator connected over Socket.IO and Yjs, and `count` tables (named `names`, if given). */
export async function roomWithTables(
  fixture: ServerFixture,
  count: number,
  { title, names }: { title?: string; names?: string[] } = {},
): Promise<Room> {
  const { server, docs } = fixture;
  const session = await createSession(server.url, title);
  const doc = await openModeratorDoc(server.url, session.id, session.moderatorToken);
  docs.push(doc);
  const moderator = await connectModerator(fixture, session);
  expectOk(await request(moderator, 'tables:add', names ? { count, names } : { count }));
  const { roster } = expectOk(await request(moderator, 'roster:get', {}));
  return { session, moderator, doc, roster };
}

let questions = 0;

/** Writes a question in the room's Y.Doc (asking "Which way forward?" unless told) and opens it; returns its id and option ids. */
export async function openQuestion(room: Room, content: QuestionContent & { labels: string[] }) {
  const counter = ++questions;
  const questionId = `q${counter}`;
  const optionIds = content.labels.map((_, index) => `o${counter}x${index}`);
  addQuestion(room.doc.doc, questionId, optionIds, { text: 'Which way forward?', ...content });
  // Yjs has no acks: retry until the server's copy of the document holds the question.
  await eventually(async () => (await request(room.moderator, 'question:open', { questionId })).ok, 'the question to open');
  return { questionId, optionIds };
}

/** The moderator's results of one question, fresh from the server. */
export async function resultsOf(room: Room, questionId: string): Promise<QuestionResults> {
  const { tally } = await joinAsModerator(room.moderator, room.session);
  const found = tally.results.find((result) => result.questionId === questionId);
  if (!found) throw new Error(`no results for ${questionId}`);
  return found;
}

/** One table's part of a question's results. */
export function tableTally(results: QuestionResults, tableId: string): Tally {
  const found = results.byTable.find((entry) => entry.tableId === tableId);
  if (!found) throw new Error(`no results for table ${tableId}`);
  return found.tally;
}

/**
 * A session that ran, for reports: two tables; a single-choice question answered by three phones (one online), a word cloud with a formula
 * among its answers; a contribution approved and one waiting; notes at table 1; two phases run. Two phones said
 * what they read (French, Brazilian Portuguese), one did not.
 */
export async function harbourSession(fixture: ServerFixture) {
  const { server, docs } = fixture;
  const room = await roomWithTables(fixture, 2, { title: 'Harbour assembly', names: ['North', 'South'] });
  writePhase(room.doc.doc, { kind: 'discussion', title: 'Talk', text: '', durationMs: 10 * 60_000 });
  writePhase(room.doc.doc, { kind: 'vote', title: 'Vote', text: '', durationMs: 5 * 60_000 });
  expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
  expectOk(await request(room.moderator, 'phase:go', { to: 'next' }));

  const single = await openQuestion(room, { text: 'Open the harbour on Sundays?', labels: ['Yes', 'No'] });
  const words = await openQuestion(room, { text: 'One word for the harbour', labels: [], kind: 'wordcloud' });
  const [north, south, online] = [
    await joinPhone(fixture, room.session.code, { tableId: 't1', language: 'fr' }),
    await joinPhone(fixture, room.session.code, { tableId: 't2' }),
    await joinPhone(fixture, room.session.code, { channel: 'online', language: 'pt-BR' }),
  ];
  const [yes, no] = single.optionIds as [string, string];
  for (const [phone, optionId] of [[north, yes], [south, yes], [online, no]] as const) {
    expectOk(await request(phone.socket, 'ballot:cast', { questionId: single.questionId, ballotId: `b-${optionId}-${phone.joined.participantId}`, answer: { optionId } }));
  }
  expectOk(await request(north.socket, 'ballot:cast', { questionId: words.questionId, ballotId: 'w1', answer: { words: ['=HYPERLINK("x")', 'boats'] } }));
  expectOk(await request(south.socket, 'ballot:cast', { questionId: words.questionId, ballotId: 'w2', answer: { words: ['boats'] } }));

  const approved = expectOk(await request(north.socket, 'contribution:post', { kind: 'proposal', text: 'A Sunday market, "by the water"' }));
  expectOk(await request(south.socket, 'contribution:post', { kind: 'question', text: 'Still waiting' }));
  expectOk(await request(room.moderator, 'contribution:moderate', { contributionId: approved.contribution.id, status: 'approved' }));
  expectOk(await request(online.socket, 'contribution:upvote', { contributionId: approved.contribution.id, upvote: true }));

  const notes = await openModeratorDoc(server.url, tableNotesDocumentName(room.session.id, 't1'), room.session.moderatorToken);
  docs.push(notes);
  tableNotesText(notes.doc).insert(0, 'We want more benches.');
  return { room, single, words, approvedId: approved.contribution.id };
}
