import { describe, expect, it } from 'vitest';
import type { LiveViewUpdate, TallyUpdate } from '@pnyx/shared';
import { phaseMaps, phaseTitle, updatePhase } from '@pnyx/shared/session-doc';
import { connect, createSession, expectOk, followTallies, followViews, request, type CreatedSession, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, untilAgendaSynced, writePhase, writeQuestion, type ModeratorDoc } from '../utils/moderator-doc.js';
import { connectModerator, joinPhone } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

const fixture = useTestServer();
const { server, sockets, docs } = fixture;

const MINUTE = 60_000;

interface Room {
  session: CreatedSession;
  editor: ModeratorDoc;
  moderator: TestSocket;
}

async function openRoom(): Promise<Room> {
  const session = await createSession(server.url);
  const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
  docs.push(editor);
  const moderator = await connectModerator(fixture, session);
  return { session, editor, moderator };
}

/** A phone that records every view it holds, updates merged as the web client merges them. */
async function phone(code: string, channel?: 'onsite' | 'online') {
  const { socket, joined } = await joinPhone(fixture, code, channel ? { channel } : {});
  const views = followViews(socket, [joined.view]);
  return { socket, joined, views, last: () => views.at(-1)! };
}

describe('phases and the timer, driven by the moderator', () => {
  it('a phase change reaches 200 connected phones, and attendees cannot command', async () => {
    const room = await openRoom();
    writePhase(room.editor.doc, { kind: 'info', title: 'Welcome', text: 'Find your table.', durationMs: 5 * MINUTE });
    writePhase(room.editor.doc, { kind: 'discussion', title: 'Table talk', text: 'What matters most?', durationMs: 15 * MINUTE });
    const phones = await Promise.all(Array.from({ length: 200 }, () => phone(room.session.code)));
    expect(phones[0]!.joined.view.phase).toBeNull();

    expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
    await eventually(() => phones.every((p) => p.last().phase?.title === 'Welcome'), 'every phone in the first phase');
    expectOk(await request(room.moderator, 'phase:go', { to: 'next' }));
    await eventually(() => phones.every((p) => p.last().phase?.title === 'Table talk'), 'every phone in the second phase');
    expect(phones[7]!.last().phase).toMatchObject({ kind: 'discussion', text: 'What matters most?', index: 1, total: 2 });
    expect(phones[7]!.last().timer).toMatchObject({ durationMs: 15 * MINUTE, endsAt: null, running: false, remainingMs: 15 * MINUTE });

    const attendee = phones[0]!.socket;
    for (const [event, payload] of [
      ['phase:go', { to: 'previous' }],
      ['timer:control', { action: 'start' }],
      ['timer:control', { action: 'add-minute' }],
    ] as const) {
      expect(await request(attendee, event, payload as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(phones[0]!.last().phase?.title).toBe('Table talk');
    expect(await request(room.moderator, 'phase:go', { to: 'next' })).toMatchObject({ ok: false, error: { code: 'no_such_phase' } });
    expect(await request(room.moderator, 'phase:go', { phaseId: 'nope' })).toMatchObject({ ok: false, error: { code: 'no_such_phase' } });
  });

  it('start, pause, resume and minutes travel as data; a late joiner gets the current second', async () => {
    const room = await openRoom();
    writePhase(room.editor.doc, { kind: 'discussion', title: 'Talk', text: '', durationMs: 10 * MINUTE });
    const early = await phone(room.session.code);
    expect(await request(room.moderator, 'timer:control', { action: 'start' })).toMatchObject({ ok: false, error: { code: 'no_phase_running' } });
    expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));

    const before = Date.now();
    expectOk(await request(room.moderator, 'timer:control', { action: 'start' }));
    const running = await eventually(() => early.last().timer?.running && early.last().timer, 'the timer to run');
    expect(running.endsAt).toBeGreaterThanOrEqual(before + 10 * MINUTE);
    expect(running.endsAt).toBeLessThanOrEqual(Date.now() + 10 * MINUTE);

    expectOk(await request(room.moderator, 'timer:control', { action: 'add-minute' }));
    await eventually(() => early.last().timer?.endsAt === running.endsAt! + MINUTE, 'a minute added');

    expectOk(await request(room.moderator, 'timer:control', { action: 'pause' }));
    const paused = await eventually(() => !early.last().timer?.running && early.last().timer, 'the timer to pause');
    expect(paused.endsAt).toBeNull();
    expect(paused.remainingMs).toBeGreaterThan(10 * MINUTE);
    expect(paused.remainingMs).toBeLessThanOrEqual(11 * MINUTE);

    // Paused, the remainder is data: a phone joining later gets exactly the same value.
    const late = await phone(room.session.code);
    expect(late.joined.view.phase?.title).toBe('Talk');
    expect(late.joined.view.timer).toMatchObject({ running: false, remainingMs: paused.remainingMs });

    expectOk(await request(room.moderator, 'timer:control', { action: 'resume' }));
    const resumed = await eventually(() => late.last().timer?.running && late.last().timer, 'the timer to resume');
    expect(resumed.endsAt).toBe(late.last().serverTime + resumed.remainingMs);
    expectOk(await request(room.moderator, 'timer:control', { action: 'reset' }));
    await eventually(() => late.last().timer?.remainingMs === 10 * MINUTE && !late.last().timer?.running, 'the timer to reset');

    const ping = expectOk(await request(late.socket, 'clock:ping', {}));
    expect(Math.abs(ping.serverTime - Date.now())).toBeLessThan(1000);
  });

  it('the running phase follows edits of the agenda: title and planned duration', async () => {
    const room = await openRoom();
    const phaseId = writePhase(room.editor.doc, { kind: 'discussion', title: 'Talk', text: '', durationMs: 10 * MINUTE });
    const attendee = await phone(room.session.code);
    expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { phaseId })));
    expectOk(await request(room.moderator, 'timer:control', { action: 'add-minute' }));

    const phase = phaseMaps(room.editor.doc).get(phaseId)!;
    phaseTitle(phase).insert(4, ' at your table');
    updatePhase(phase, { durationMs: 20 * MINUTE });
    const view = await eventually(
      () => attendee.last().phase?.title === 'Talk at your table' && attendee.last().timer?.durationMs === 21 * MINUTE && attendee.last(),
      'the phone to see the edited phase with the added minute kept',
    );
    expect(view.timer).toMatchObject({ running: false, remainingMs: 21 * MINUTE });
  });

  it('a vote phase opens its questions, leaving it closes them, and auto-close acts when time runs out', async () => {
    const room = await openRoom();
    const { questionId, optionIds } = writeQuestion(room.editor.doc, 'Which day?', ['Monday', 'Friday'], 'after-close');
    writePhase(room.editor.doc, { kind: 'vote', title: 'Vote', text: 'Vote now', durationMs: 10_000, questionIds: [questionId], autoCloseVote: true });
    writePhase(room.editor.doc, { kind: 'results', title: 'Results', text: '', durationMs: 5 * MINUTE, questionIds: [questionId] });
    const attendee = await phone(room.session.code);
    const projector = await connect(server.url, sockets);
    const screenTallies = followTallies(projector, expectOk(await request(projector, 'screen:join', { code: room.session.code })).tally);

    expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
    await eventually(() => attendee.last().questions[0]?.status === 'open', 'the vote to open');
    expect(attendee.last().phase?.questionIds).toEqual([questionId]);
    expectOk(await request(attendee.socket, 'ballot:cast', { questionId, answer: { optionId: optionIds[1]! }, ballotId: 'v1' }));
    const hidden = await eventually(() => screenTallies.at(-1)?.results[0]?.room.voters === 1 && screenTallies.at(-1)!.results[0]!.room, 'the projector tally');
    expect(hidden).toMatchObject({ questionId, counts: {}, voters: 1, hidden: true });

    // Start, then take a minute off: the time runs out now, and auto-close closes the vote by itself.
    expectOk(await request(room.moderator, 'timer:control', { action: 'start' }));
    expectOk(await request(room.moderator, 'timer:control', { action: 'remove-minute' }));
    await eventually(() => attendee.last().questions[0]?.status === 'closed', 'auto-close at time-out');
    expect(attendee.last().phase?.title).toBe('Vote');
    const shown = await eventually(() => !screenTallies.at(-1)?.results[0]?.room.hidden && screenTallies.at(-1)!.results[0]!.room, 'the revealed tally');
    expect(shown.counts).toEqual({ [optionIds[0]!]: 0, [optionIds[1]!]: 1 });

    expectOk(await request(room.moderator, 'phase:go', { to: 'next' }));
    const results = await eventually(() => attendee.last().phase?.kind === 'results' && attendee.last(), 'the results phase');
    expect(results.results).toMatchObject([{ questionId, counts: { [optionIds[0]!]: 0, [optionIds[1]!]: 1 }, voters: 1 }]);
    expect(results.screenQuestionId).toBe(questionId);
  });

  it('auto-advance enters the next phase with its timer running', async () => {
    const room = await openRoom();
    writePhase(room.editor.doc, { kind: 'info', title: 'Short', text: '', durationMs: 10_000, autoAdvance: true });
    writePhase(room.editor.doc, { kind: 'break', title: 'Coffee', text: '', durationMs: 15 * MINUTE });
    const attendee = await phone(room.session.code);
    expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
    expectOk(await request(room.moderator, 'timer:control', { action: 'start' }));
    expectOk(await request(room.moderator, 'timer:control', { action: 'remove-minute' }));
    const view = await eventually(() => attendee.last().phase?.title === 'Coffee' && attendee.last(), 'auto-advance');
    expect(view.timer?.running).toBe(true);
  });

  it('view updates carry the questions and tables only when they changed; a phone that merges holds them throughout', async () => {
    const room = await openRoom();
    expectOk(await request(room.moderator, 'tables:add', { count: 20 }));
    writePhase(room.editor.doc, { kind: 'discussion', title: 'Talk', text: '', durationMs: 10 * MINUTE });
    const questions = ['Which day?', 'Which room?', 'Which time?'].map((text) =>
      writeQuestion(room.editor.doc, text, ['First choice', 'Second choice', 'Third choice', 'Fourth choice']),
    );
    const attendee = await phone(room.session.code);
    const updates: LiveViewUpdate[] = [];
    attendee.socket.on('view:update', (update) => updates.push(update));
    /** The update after the `seen` first ones that `matches`. */
    const nextUpdate = (seen: number, matches: (update: LiveViewUpdate) => boolean, what: string) =>
      eventually(() => updates.slice(seen).find(matches), what);
    const statuses = () => attendee.last().questions.map(({ id, status }) => [id, status]);

    let seen = updates.length;
    expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
    const entered = await nextUpdate(seen, (update) => update.phase?.title === 'Talk', 'the phase');
    expect(entered).not.toHaveProperty('questions');
    expect(entered).not.toHaveProperty('tables');

    for (const { questionId } of questions) {
      seen = updates.length;
      expectOk(await untilAgendaSynced(() => request(room.moderator, 'question:open', { questionId })));
      const opened = await nextUpdate(seen, (update) => update.screenQuestionId === questionId, 'the question to open');
      expect(opened.questions?.at(-1)).toMatchObject({ id: questionId, status: 'open' });
      expect(opened).not.toHaveProperty('tables');
    }

    seen = updates.length;
    expectOk(await request(room.moderator, 'timer:control', { action: 'start' }));
    const started = await nextUpdate(seen, (update) => update.timer?.running === true, 'the timer to start');
    expect(started).not.toHaveProperty('questions');
    expect(started).not.toHaveProperty('tables');
    const full = attendee.last();
    expect(full.questions).toHaveLength(3);
    expect(full.tables).toHaveLength(20);
    console.log(`session-flow: a timer view:update is ${JSON.stringify(started).length} bytes, the full view ${JSON.stringify(full).length}`);

    expectOk(await request(room.moderator, 'question:close', { questionId: questions[1]!.questionId }));
    await eventually(() => attendee.last().questions[1]?.status === 'closed', 'the phone to see the question closed');
    expect(statuses()).toEqual(questions.map(({ questionId }, index) => [questionId, index === 1 ? 'closed' : 'open']));

    seen = updates.length;
    expectOk(await request(room.moderator, 'table:rename', { tableId: 't1', name: 'Oak' }));
    const renamed = await nextUpdate(seen, (update) => update.tables?.[0]?.name === 'Oak', 'the table renamed');
    expect(renamed).not.toHaveProperty('questions');
    expect(attendee.last().tables).toHaveLength(20);

    expectOk(await request(room.moderator, 'timer:control', { action: 'pause' }));
    await eventually(() => attendee.last().timer?.running === false, 'the timer to pause');
    expect(statuses()).toEqual(questions.map(({ questionId }, index) => [questionId, index === 1 ? 'closed' : 'open']));
    expect(attendee.last().tables[0]).toEqual({ id: 't1', name: 'Oak' });
    // Whatever it merged, the phone holds what a join gives now.
    const rejoined = await phone(room.session.code);
    expect({ ...attendee.last(), serverTime: 0 }).toEqual({ ...rejoined.joined.view, serverTime: 0 });
  });

  it('moderators see who is connected, onsite and online', async () => {
    const room = await openRoom();
    const updates = followTallies(room.moderator);
    const phones = await Promise.all([phone(room.session.code), phone(room.session.code, 'online'), phone(room.session.code, 'online')]);
    await eventually(() => updates.at(-1)?.attendance.online === 2 && updates.at(-1)?.attendance.onsite === 1, 'attendance 1 + 2');
    phones[1]!.socket.disconnect();
    await eventually(() => updates.at(-1)?.attendance.online === 1, 'attendance after a phone left');
    expect(updates.at(-1)?.participants).toBe(3);
  });
});
