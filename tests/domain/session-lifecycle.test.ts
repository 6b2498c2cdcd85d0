import { describe, expect, it } from 'vitest';
import {
  decide,
  deriveLiveView,
  evolve,
  isRunning,
  remainingMs,
  type Decision,
  type ErrorCode,
  type Result,
  type SessionCommand,
  type SessionState,
} from '@pnyx/shared';
import {
  MINUTE,
  addTables,
  agendaOf,
  cast,
  close,
  decideThenEvolve,
  facilitatorCode,
  fingerprint,
  go,
  join,
  jump,
  newSession,
  open,
  optionId,
  paper,
  phaseDefinition,
  questionDefinition,
  questionOf,
  run,
  seat,
  sessionWith,
  syncAgenda,
  timerAdjust,
  timerExpire,
  timerPause,
  timerReset,
  timerStart,
} from '../utils/domain-fixtures.js';
import { Outcomes, printedSeed, sequenceRandom, type Random } from '../utils/random.js';

/**
 * Ending and reopening a session, on a fake clock. Every command goes through `decideThenEvolve`, which also
 * checks that `decide` left the state untouched.
 */

const T0 = 100_000;
const END = T0 + 2 * MINUTE;

const end: SessionCommand = { type: 'session:end' };
const reopen: SessionCommand = { type: 'session:reopen' };

const qa = questionDefinition('qa', ['Yes', 'No']);
const qb = questionDefinition('qb', ['Red', 'Green']);
const qc = questionDefinition('qc', ['Up', 'Down']);

const talk = phaseDefinition('talk', 'discussion', { title: 'Table discussion', durationMs: 10 * MINUTE, autoAdvance: true });
const vote = phaseDefinition('vote', 'vote', { title: 'Vote', durationMs: 3 * MINUTE, questionIds: ['qa'], autoCloseVote: true });
const AGENDA = agendaOf([talk, vote], [qa]);

function expectRefusal(result: Result<Decision>, code: ErrorCode): void {
  expect(result.ok ? 'accepted' : result.error.code).toBe(code);
}

function expectNothingChanged(result: Result<Decision>): void {
  expect(result).toMatchObject({ ok: true, events: [] });
}

/** Two participants, qa and qb open with a ballot each, qc closed, the talk phase's timer running since T0. */
function runningSession(): SessionState {
  const state = sessionWith({ participants: ['p1', 'p2'], questions: [qa, qb, qc] });
  addTables(state, ['Table 1']);
  run(state, seat('p2', 't1'));
  run(state, { type: 'facilitator:claim', participantId: 'p2', facilitatorCode: facilitatorCode('t1') });
  run(state, cast('p1', 'qa', 'b1', optionId('qa', 0)));
  run(state, cast('p2', 'qb', 'b2', optionId('qb', 1)));
  run(state, close('qc'));
  run(state, { type: 'contribution:post', participantId: 'p1', kind: 'question', text: 'Why?', forTable: false }, T0);
  run(state, jump('talk', AGENDA, true), T0);
  return state;
}

function endedSession(): SessionState {
  const state = runningSession();
  run(state, end, END);
  return state;
}

describe('ending a session', () => {
  it('closes every open question and pauses the running timer in the same decision', () => {
    const state = runningSession();

    const decision = decideThenEvolve(state, end, END);

    expect(decision).toEqual({
      ok: true,
      duplicate: false,
      events: [
        { type: 'question:closed', questionId: 'qa', at: END },
        { type: 'question:closed', questionId: 'qb', at: END },
        { type: 'timer:paused', at: END },
        { type: 'session:ended', at: END },
      ],
    });
    expect(state.endedAt).toBe(END);
    // qc had closed before (the fixture's commands run at 0): it keeps its time.
    expect([...state.questions.values()].map(({ status, closedAt }) => [status, closedAt])).toEqual([
      ['closed', END],
      ['closed', END],
      ['closed', 0],
    ]);
    expect(isRunning(state.run!.timer)).toBe(false);
    expect(remainingMs(state.run!.timer, END + 30 * MINUTE)).toBe(8 * MINUTE);
  });

  it('is only the end when nothing is open or running', () => {
    const state = sessionWith({ questions: [qa] });
    run(state, close('qa'));
    run(state, jump('talk', AGENDA), T0);

    expect(decideThenEvolve(state, end, END)).toEqual({ ok: true, duplicate: false, events: [{ type: 'session:ended', at: END }] });
    expect(newSession().endedAt).toBeNull();
    expect(decide(newSession(), end, END)).toEqual({ ok: true, duplicate: false, events: [{ type: 'session:ended', at: END }] });
  });

  it('records the running phase as left in the agenda as run', () => {
    const state = runningSession();
    run(state, end, END);

    expect(state.history).toEqual([{ phaseId: 'talk', kind: 'discussion', title: 'Table discussion', enteredAt: T0, leftAt: END }]);
  });

  it('tells phones and the projector through the live view, keeping phase, questions and results', () => {
    const state = runningSession();
    expect(deriveLiveView(state, END).endedAt).toBeNull();
    run(state, end, END);

    const view = deriveLiveView(state, END + MINUTE);
    expect(view.endedAt).toBe(END);
    expect(view.phase?.id).toBe('talk');
    expect(view.timer).toMatchObject({ running: false, endsAt: null, remainingMs: 8 * MINUTE });
    expect(view.questions.map(({ id, status }) => [id, status])).toEqual([
      ['qa', 'closed'],
      ['qb', 'closed'],
      ['qc', 'closed'],
    ]);
  });

  it('keeps a results phase’s results for the phones', () => {
    const results = phaseDefinition('results', 'results', { questionIds: ['qa'] });
    const state = sessionWith({ participants: ['p1'], questions: [qa] });
    run(state, cast('p1', 'qa', 'b1', optionId('qa', 0)));
    run(state, jump('results', agendaOf([results], [qa])), T0);
    const shown = deriveLiveView(state, T0).results;
    expect(shown).toEqual([expect.objectContaining({ questionId: 'qa', voters: 1 })]);

    run(state, end, END);

    expect(deriveLiveView(state, END).results).toEqual(shown);
  });

  it('twice is a repeat: acknowledged as a duplicate, nothing changes', () => {
    const state = endedSession();
    const before = fingerprint(state);

    expect(decideThenEvolve(state, end, END + MINUTE)).toEqual({ ok: true, events: [], duplicate: true });
    expect(fingerprint(state)).toBe(before);
    expect(state.endedAt).toBe(END);
  });
});

describe('an ended session', () => {
  const agendaEdited = agendaOf([{ ...talk, title: 'Renamed' }, vote], [qa]);
  const refused: [string, SessionCommand][] = [
    ['a new ballot', cast('p1', 'qa', 'b9', optionId('qa', 1))],
    ['a new participant', join('p3')],
    ['a seat', seat('p1', 't1')],
    ['a facilitator claim', { type: 'facilitator:claim', participantId: 'p1', facilitatorCode: facilitatorCode('t1') }],
    ['a facilitator set', { type: 'facilitator:set', participantId: 'p2', facilitator: false }],
    ['new tables', { type: 'tables:add', tables: [{ name: 'Table 2', facilitatorCode: 'code-t2' }] }],
    ['a table rename', { type: 'table:rename', tableId: 't1', name: 'Window' }],
    ['a table removal', { type: 'table:remove', tableId: 't1' }],
    ['opening a question', open(qa)],
    ['closing a closed question', close('qa')],
    ['a phase move', go('next', AGENDA)],
    ['an agenda edit of the running phase', syncAgenda(agendaEdited)],
    ['starting the timer', timerStart],
    ['pausing the paused timer', timerPause],
    ['adding a minute', timerAdjust(MINUTE)],
    ['resetting the timer', timerReset],
    ['paper ballots', paper(null, 'qa', 't1', { [optionId('qa', 0)]: 3, [optionId('qa', 1)]: 1 })],
    ['hiding a word', { type: 'word:hide', questionId: 'qa', word: 'x', hidden: true }],
    ['a contribution', { type: 'contribution:post', participantId: 'p2', kind: 'proposal', text: 'More', forTable: false }],
    ['an upvote', { type: 'contribution:upvote', participantId: 'p2', contributionId: 'c1', upvote: true }],
    ['moderation', { type: 'contribution:moderate', contributionId: 'c1', status: 'approved' }],
    ['a spotlight', { type: 'contribution:spotlight', contributionId: null }],
    ['a moderation switch', { type: 'contributions:configure', moderation: false }],
  ];

  it.each(refused)('refuses %s with session_ended, the state unchanged', (_, command) => {
    const state = endedSession();
    const before = fingerprint(state);

    const result = decideThenEvolve(state, command, END + MINUTE);

    expectRefusal(result, 'session_ended');
    if (!result.ok) expect(result.error.message).toBe('This session has ended; it takes no more votes or changes.');
    expect(fingerprint(state)).toBe(before);
  });

  it('still acknowledges a ballot counted before the end as a duplicate (a retry after a lost ack)', () => {
    const state = endedSession();
    const before = fingerprint(state);

    expect(decideThenEvolve(state, cast('p1', 'qa', 'b1', optionId('qa', 0)), END + MINUTE)).toEqual({ ok: true, events: [], duplicate: true });
    expect(fingerprint(state)).toBe(before);
  });

  it('takes the time-out wake-up but changes nothing, even past the phase’s planned end', () => {
    const state = endedSession();
    const before = fingerprint(state);

    expectNothingChanged(decideThenEvolve(state, timerExpire(AGENDA), T0 + 20 * MINUTE));
    expect(fingerprint(state)).toBe(before);
    expect(state.run?.phase.id).toBe('talk');
  });

  it('still lets moderators choose what the projector shows', () => {
    const state = endedSession();

    expect(decideThenEvolve(state, { type: 'screen:show', screen: { mode: 'tables', tableId: null } }, END + MINUTE)).toEqual({
      ok: true,
      duplicate: false,
      events: [{ type: 'screen:shown', screen: { mode: 'tables', tableId: null } }],
    });
    expect(state.screen).toEqual({ mode: 'tables', tableId: null });
    expectRefusal(decideThenEvolve(state, { type: 'screen:show', screen: { mode: 'notes', tableId: 't9' } }, END + MINUTE), 'unknown_table');
  });
});

describe('reopening a session', () => {
  it('takes commands again; questions stay closed and the timer paused until moderators act', () => {
    const state = endedSession();
    const REOPEN = END + 5 * MINUTE;

    expect(decideThenEvolve(state, reopen, REOPEN)).toEqual({ ok: true, duplicate: false, events: [{ type: 'session:reopened', at: REOPEN }] });

    expect(state.endedAt).toBeNull();
    expect(deriveLiveView(state, REOPEN).endedAt).toBeNull();
    expect(questionOf(state, 'qa').status).toBe('closed');
    expect(isRunning(state.run!.timer)).toBe(false);
    run(state, timerStart, REOPEN);
    expect(remainingMs(state.run!.timer, REOPEN + MINUTE)).toBe(7 * MINUTE);
    run(state, open(qa), REOPEN);
    expect(decideThenEvolve(state, cast('p1', 'qa', 'b3', optionId('qa', 1)), REOPEN)).toMatchObject({ ok: true, duplicate: false });
    expect(questionOf(state, 'qa').ballots.get('p1')?.answer).toEqual({ optionId: optionId('qa', 1) });
  });

  it('records the running phase again from the reopening: the time the session stood ended is in no record', () => {
    const state = endedSession();
    const REOPEN = END + 5 * MINUTE;
    run(state, reopen, REOPEN);
    run(state, go('next', AGENDA), REOPEN + MINUTE);

    expect(state.history).toEqual([
      { phaseId: 'talk', kind: 'discussion', title: 'Table discussion', enteredAt: T0, leftAt: END },
      { phaseId: 'talk', kind: 'discussion', title: 'Table discussion', enteredAt: REOPEN, leftAt: REOPEN + MINUTE },
      { phaseId: 'vote', kind: 'vote', title: 'Vote', enteredAt: REOPEN + MINUTE, leftAt: null },
    ]);
  });

  it('leaves the history alone when no phase ran', () => {
    const state = newSession();
    run(state, end, END);
    run(state, reopen, END + 1);
    expect(state.history).toEqual([]);
  });

  it('a session that runs is a repeat: acknowledged as a duplicate, nothing changes', () => {
    const state = runningSession();
    const before = fingerprint(state);

    expect(decideThenEvolve(state, reopen, END)).toEqual({ ok: true, events: [], duplicate: true });
    expect(fingerprint(state)).toBe(before);
  });
});

// ---- Replay: every server process decides the logged commands again, in order, at their logged times. ----

const SEED = printedSeed('session-lifecycle.test');
const SEQUENCES = 60;
const STEPS = 80;
const PARTICIPANTS = ['p1', 'p2', 'p3'];

/** A command a moderator, a phone or the server might send next. */
function randomCommand(random: Random): SessionCommand {
  const participantId = random.pick([...PARTICIPANTS, 'p4']);
  const question = random.pick([qa, qb]);
  return random.pick<() => SessionCommand>([
    () => end,
    () => reopen,
    () => join(participantId),
    () => cast(participantId, question.id, `b${random.int(4)}`, optionId(question.id, random.int(2))),
    () => open(question),
    () => close(question.id),
    () => go(random.pick(['next', 'previous'] as const), AGENDA, random.chance(0.5)),
    () => timerStart,
    () => timerPause,
    () => timerAdjust(random.pick([MINUTE, -MINUTE])),
    () => timerExpire(AGENDA),
    () => ({ type: 'screen:show', screen: { mode: random.pick(['room', 'channels'] as const), tableId: null } }),
  ])();
}

function outcomeOf(result: Result<Decision>): string {
  if (!result.ok) return result.error.code;
  return result.duplicate ? 'duplicate' : result.events.length > 0 ? 'changed' : 'unchanged';
}

describe('replaying a session log', () => {
  it('decides the same commands again into the same state, and an ended session never runs anything', () => {
    const outcomes = new Outcomes('session-lifecycle.test', SEED);
    for (let sequence = 0; sequence < SEQUENCES; sequence++) {
      const random = sequenceRandom(SEED, sequence);
      const live = sessionWith({ participants: PARTICIPANTS });
      const log: { command: SessionCommand; at: number; outcome: string }[] = [];
      let now = T0;
      for (let step = 0; step < STEPS; step++) {
        now += random.int(3 * MINUTE);
        const command = randomCommand(random);
        const wasEnded = live.endedAt !== null;
        const result = decideThenEvolve(live, command, now, { context: () => `step ${step} of sequence ${sequence}, PNYX_SEED=${SEED}` });
        const outcome = outcomeOf(result);
        log.push({ command, at: now, outcome });
        outcomes.count(`${wasEnded ? 'ended' : 'running'} ${outcome}`);
        if (live.endedAt !== null) {
          const running = [...live.questions.values()].filter((question) => question.status === 'open').map(({ definition }) => definition.id);
          expect(running, `open questions in an ended session, PNYX_SEED=${SEED}`).toEqual([]);
          expect(live.run !== null && isRunning(live.run.timer), `a running timer in an ended session, PNYX_SEED=${SEED}`).toBe(false);
        }
      }

      const replayed = sessionWith({ participants: PARTICIPANTS });
      for (const { command, at, outcome } of log) {
        const result = decide(replayed, command, at);
        if (result.ok) for (const event of result.events) evolve(replayed, event);
        expect(outcomeOf(result), `a replayed ${command.type} at ${at}, PNYX_SEED=${SEED}`).toBe(outcome);
      }
      expect(fingerprint(replayed), `the replayed state of sequence ${sequence}, PNYX_SEED=${SEED}`).toBe(fingerprint(live));
    }
    outcomes.expectEachMoreThan(['running changed', 'ended session_ended', 'ended changed', 'ended duplicate'], 10);
  });
});
