import { describe, expect, it } from 'vitest';
import type { SessionReport } from '@pnyx/shared';
import { parseAgendaImport } from '@pnyx/shared/schemas';
import { eventually } from '../utils/eventually.js';
import { expectOk, request } from '../utils/clients.js';
import { harbourSession, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/** The session report and its downloads over HTTP, from a session run over Socket.IO and Yjs. */
const fixture = useTestServer();
const { server } = fixture;

function get(room: Room, path: string, token = room.session.moderatorToken): Promise<Response> {
  return fetch(`${server.url}/api/sessions/${room.session.id}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

describe('the session report', () => {
  it('holds attendance, the agenda as run, every question\'s results, approved contributions and the notes', async () => {
    const { room, single, words, approvedId } = await harbourSession(fixture);
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
      byLanguage: [
        { language: 'fr', readers: 1 },
        { language: 'pt-BR', readers: 1 },
      ],
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
    const { room, single } = await harbourSession(fixture);

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

  it('is shared read-only by a link moderators make, replace and withdraw; the link shows what the room may see', async () => {
    const { room, words } = await harbourSession(fixture);
    expectOk(await request(room.moderator, 'word:hide', { questionId: words.questionId, word: 'boats', hidden: true }));
    const share = () => fetch(`${server.url}/api/sessions/${room.session.id}/report-share`, { method: 'POST', headers: { authorization: `Bearer ${room.session.moderatorToken}` } });
    const read = (key: string) => get(room, '/shared-report', key);

    expect((await read('no-such-key-no-such-key')).status).toBe(403);
    const first = (await (await share()).json()) as { shareToken: string };
    const shared = (await (await read(first.shareToken)).json()) as SessionReport;
    const cloud = shared.questions.find(({ question }) => question.id === words.questionId)!;
    expect(cloud.results.room.words?.map(({ word }) => word)).not.toContain('boats');
    const moderators = (await (await get(room, '/report')).json()) as SessionReport;
    expect(moderators.questions.find(({ question }) => question.id === words.questionId)!.results.room.words).toContainEqual(expect.objectContaining({ word: 'boats', hidden: true }));
    // The link reads; it does nothing a moderator does.
    expect((await get(room, '/export/ballots.csv', first.shareToken)).status).toBe(403);

    const second = (await (await share()).json()) as { shareToken: string };
    expect((await read(first.shareToken)).status).toBe(403);
    expect((await read(second.shareToken)).status).toBe(200);
    const stop = await fetch(`${server.url}/api/sessions/${room.session.id}/report-share`, { method: 'DELETE', headers: { authorization: `Bearer ${room.session.moderatorToken}` } });
    expect(stop.status).toBe(204);
    expect((await read(second.shareToken)).status).toBe(403);
    expect((await fetch(`${server.url}/api/sessions/${room.session.id}/report-share`, { method: 'POST' })).status).toBe(401);
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
