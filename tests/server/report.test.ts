import { describe, expect, it } from 'vitest';
import { tableNotesDocumentName, tableNotesText, type SessionReport } from '@pnyx/shared';
import { parseAgendaImport } from '@pnyx/shared/schemas';
import { expectOk, request } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, untilAgendaSynced, writePhase } from '../utils/moderator-doc.js';
import { joinPhone, openQuestion, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/** The session report and its downloads over HTTP, from a session run over Socket.IO and Yjs. */
const fixture = useTestServer();
const { server, docs } = fixture;

const MINUTE = 60_000;

function get(room: Room, path: string, token = room.session.moderatorToken): Promise<Response> {
  return fetch(`${server.url}/api/sessions/${room.session.id}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/**
 * Two tables; a single-choice question answered by three phones (one online), a word cloud with a formula
 * among its answers; a contribution approved and one waiting; notes at table 1; two phases run.
 */
async function ranSession() {
  const room = await roomWithTables(fixture, 2, { title: 'Harbour assembly', names: ['North', 'South'] });
  writePhase(room.doc.doc, { kind: 'discussion', title: 'Talk', text: '', durationMs: 10 * MINUTE });
  writePhase(room.doc.doc, { kind: 'vote', title: 'Vote', text: '', durationMs: 5 * MINUTE });
  expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
  expectOk(await request(room.moderator, 'phase:go', { to: 'next' }));

  const single = await openQuestion(room, { text: 'Open the harbour on Sundays?', labels: ['Yes', 'No'] });
  const words = await openQuestion(room, { text: 'One word for the harbour', labels: [], kind: 'wordcloud' });
  const [north, south, online] = [
    await joinPhone(fixture, room.session.code, { tableId: 't1' }),
    await joinPhone(fixture, room.session.code, { tableId: 't2' }),
    await joinPhone(fixture, room.session.code, { channel: 'online' }),
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

describe('the session report', () => {
  it('holds attendance, the agenda as run, every question\'s results, approved contributions and the notes', async () => {
    const { room, single, words, approvedId } = await ranSession();
    const report = await eventually(async () => {
      const candidate = (await (await get(room, '/report')).json()) as SessionReport;
      return candidate.notes.length > 0 && candidate;
    }, 'the notes to reach the server');

    expect(report.session).toMatchObject({ id: room.session.id, title: 'Harbour assembly', endedAt: null });
    expect(report.attendance).toEqual({
      participants: 3,
      onsite: 2,
      online: 1,
      seated: 2,
      byTable: [{ tableId: 't1', members: 1 }, { tableId: 't2', members: 1 }],
      mostVoters: 3,
    });
    expect(report.agendaAsRun.map(({ title, leftAt }) => [title, leftAt === null])).toEqual([['Talk', false], ['Vote', true]]);
    expect(report.questions.map(({ question }) => question.id)).toEqual([single.questionId, words.questionId]);
    const [yes, no] = single.optionIds as [string, string];
    expect(report.questions[0]!.results.room.counts).toEqual({ [yes]: 2, [no]: 1 });
    expect(report.questions[0]!.results.byChannel.online.counts).toEqual({ [yes]: 0, [no]: 1 });
    expect(report.contributions).toEqual([expect.objectContaining({ id: approvedId, text: 'A Sunday market, "by the water"', upvotes: 1 })]);
    expect(report.contributions[0]).not.toHaveProperty('authorName');
    expect(report.notes).toEqual([{ tableId: 't1', tableName: 'North', text: 'We want more benches.' }]);
  });

  it('downloads the ballots and tallies as CSV a spreadsheet cannot run, and the session as an importable file', async () => {
    const { room, single } = await ranSession();

    const ballots = await get(room, '/export/ballots.csv');
    expect(ballots.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(ballots.headers.get('content-disposition')).toBe('attachment; filename="harbour-assembly-ballots.csv"');
    const lines = (await ballots.text()).split('\r\n');
    expect(lines[0]).toBe('question_id,question,voter,cast_by,table,channel,answer,cast_at');
    const firstBallot = lines.find((line) => line.startsWith(single.questionId))!;
    expect(firstBallot).toMatch(new RegExp(`^${single.questionId},Open the harbour on Sundays\\?,P1,P1,North,onsite,Yes,\\d{4}-\\d\\d-\\d\\dT`));
    // The formula an attendee typed is text in a spreadsheet: quoted, led by an apostrophe.
    expect(lines.find((line) => line.includes('HYPERLINK'))).toContain(`"'=HYPERLINK(""x"") | boats"`);
    expect(lines.filter((line) => line.length > 0)).toHaveLength(1 + 3 + 2);

    const tallies = (await (await get(room, '/export/tallies.csv')).text()).split('\r\n');
    expect(tallies[0]).toBe('question_id,question,kind,answer,room,onsite,online,paper,North,South');
    expect(tallies).toContain(`${single.questionId},Open the harbour on Sundays?,single,(voters),3,2,1,0,1,1`);
    expect(tallies).toContain(`${single.questionId},Open the harbour on Sundays?,single,Yes,2,2,0,0,1,1`);
    expect(tallies.some((line) => line.includes(',boats,2,2,0,0,1,1'))).toBe(true);

    const file = await get(room, '/export/session.json');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="harbour-assembly-session.json"');
    const body = (await file.json()) as { format: string; report: SessionReport };
    expect(body).toMatchObject({ format: 'pnyx-session', version: 1, report: { session: { title: 'Harbour assembly' } } });
    const agenda = parseAgendaImport(body);
    expect(agenda.ok && agenda.value.phases.map((phase) => phase.title)).toEqual(['Talk', 'Vote']);
  });

  it('is for the session\'s moderators only', async () => {
    const room = await roomWithTables(fixture, 1);
    const other = await roomWithTables(fixture, 1);
    for (const path of ['/report', '/export/ballots.csv', '/export/tallies.csv', '/export/session.json']) {
      expect((await fetch(`${server.url}/api/sessions/${room.session.id}${path}`)).status).toBe(401);
      expect((await get(room, path, other.session.moderatorToken)).status).toBe(403);
    }
  });
});
