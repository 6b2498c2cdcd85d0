import { describe, expect, it } from 'vitest';
import {
  deriveLiveView,
  deriveResults,
  remainingMs,
  type AgendaSnapshot,
  type ErrorCode,
  type PhaseDefinition,
  type PhaseTarget,
  type Result,
  type Decision,
  type SessionCommand,
  type SessionEvent,
  type SessionState,
} from '@pnyx/shared';
import {
  MINUTE,
  agendaOf,
  cast,
  close,
  decideThenEvolve,
  fingerprint,
  go,
  join,
  jump,
  newSession,
  open,
  optionId,
  phaseDefinition,
  questionDefinition,
  questionOf,
  run,
  sessionWith,
  syncAgenda,
  timerAdjust,
  timerExpire,
  timerPause,
  timerReset,
  timerStart,
} from '../utils/domain-fixtures.js';

/**
 * The agenda as a state machine, on a fake clock: `now` is a plain number, nothing sleeps. Every command goes
 * through `decideThenEvolve`, which also checks that `decide` left the state untouched.
 */

const SECOND = 1_000;
const T0 = 100_000;

const qa = questionDefinition('qa', ['Yes', 'No']);
const qb = questionDefinition('qb', ['Red', 'Green', 'Blue']);
const notReady = questionDefinition('qx', ['Only one']);

const welcome = phaseDefinition('welcome', 'info', { title: 'Welcome', text: 'Join with the code', durationMs: 5 * MINUTE });
const talk = phaseDefinition('talk', 'discussion', { title: 'Table discussion', durationMs: 10 * MINUTE });
const vote1 = phaseDefinition('vote1', 'vote', { title: 'First vote', durationMs: 3 * MINUTE, questionIds: ['qa'], autoCloseVote: true });
const results1 = phaseDefinition('results1', 'results', { title: 'Results', durationMs: 5 * MINUTE, questionIds: ['qa'] });
const vote2 = phaseDefinition('vote2', 'vote', { title: 'Second vote', durationMs: 3 * MINUTE, questionIds: ['qb'] });

/** welcome (info) → talk (discussion) → vote1 (vote qa, auto-close) → results1 (results qa) → vote2 (vote qb) */
const AGENDA = agendaOf([welcome, talk, vote1, results1, vote2], [qa, qb]);
const EMPTY = agendaOf([], [qa, qb]);

function expectRefusal(result: Result<Decision>, code: ErrorCode, message?: RegExp): void {
  expect(result.ok, `expected a refusal with ${code}`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.message.trim().length).toBeGreaterThan(0);
  if (message) expect(result.error.message).toMatch(message);
}

function eventsOf(result: Result<Decision>): SessionEvent[] {
  if (!result.ok) throw new Error(`expected the command to be accepted, got ${result.error.code}: ${result.error.message}`);
  expect(result.duplicate).toBe(false);
  return result.events;
}

/** Executes these targets one after the other, a second apart from `T0`; returns the time of the last one. */
function moveThrough(state: SessionState, targets: PhaseTarget[], agenda: AgendaSnapshot = AGENDA): number {
  let now = T0;
  for (const target of targets) run(state, go(target, agenda), (now += SECOND));
  return now;
}

const currentId = (state: SessionState) => state.run?.phase.id ?? null;

const entered = (phase: PhaseDefinition, index: number, total: number, at: number, startTimer = false): SessionEvent => ({
  type: 'phase:entered',
  phase,
  position: { index, total },
  startTimer,
  at,
});

describe('phase:go moves', () => {
  it.each<[string, PhaseTarget[], PhaseTarget, string]>([
    ['next from no phase enters the first', [], 'next', 'welcome'],
    ['a jump from no phase enters that phase', [], { phaseId: 'results1' }, 'results1'],
    ['next goes one on', ['next'], 'next', 'talk'],
    ['previous goes one back', ['next', 'next'], 'previous', 'welcome'],
    ['a jump forward skips phases', ['next'], { phaseId: 'results1' }, 'results1'],
    ['a jump backward', [{ phaseId: 'results1' }], { phaseId: 'welcome' }, 'welcome'],
    ['next from a jumped-to phase continues from there', [{ phaseId: 'talk' }], 'next', 'vote1'],
    ['previous from the last phase', [{ phaseId: 'vote2' }], 'previous', 'results1'],
  ])('%s', (_, before, target, expected) => {
    const state = sessionWith({});
    const at = moveThrough(state, before) + SECOND;
    const index = AGENDA.phases.findIndex((phase) => phase.id === expected);

    const result = decideThenEvolve(state, go(target, AGENDA), at);

    expect(eventsOf(result).filter((event) => event.type === 'phase:entered')).toEqual([entered(AGENDA.phases[index]!, index, 5, at)]);
    expect(state.run).toEqual({
      phase: AGENDA.phases[index],
      position: { index, total: 5 },
      enteredAt: at,
      timer: { durationMs: AGENDA.phases[index]!.durationMs, startedAt: null, elapsedMs: 0 },
      openedQuestionIds: AGENDA.phases[index]!.kind === 'vote' ? AGENDA.phases[index]!.questionIds : [],
      expired: false,
    });
  });

  it.each<[string, PhaseTarget[], AgendaSnapshot, PhaseTarget, RegExp | undefined]>([
    ['next from the last phase', [{ phaseId: 'vote2' }], AGENDA, 'next', /last phase/],
    ['previous from the first phase', ['next'], AGENDA, 'previous', /no phase before/],
    ['previous before any phase', [], AGENDA, 'previous', /no phase before/],
    ['a jump to an unknown phase', ['next'], AGENDA, { phaseId: 'nope' }, undefined],
    ['a jump to an unknown phase before any phase', [], AGENDA, { phaseId: 'nope' }, undefined],
    ['next in an empty agenda', [], EMPTY, 'next', /no phases/],
    ['previous in an empty agenda', [], EMPTY, 'previous', /no phases/],
    ['a jump in an empty agenda', [], EMPTY, { phaseId: 'welcome' }, /no phases/],
    ['next in an agenda emptied while a phase runs', ['next', 'next'], EMPTY, 'next', /no phases/],
  ])('refuses %s with no_such_phase and changes nothing', (_, before, agenda, target, message) => {
    const state = sessionWith({});
    const at = moveThrough(state, before) + SECOND;
    const snapshot = fingerprint(state);

    expectRefusal(decideThenEvolve(state, go(target, agenda), at), 'no_such_phase', message);

    expect(fingerprint(state)).toBe(snapshot);
  });

  it.each<[string, PhaseTarget, string]>([
    ['next goes on to the phase that took its place (not back to the first phase)', 'next', 'results1'],
    ['previous goes to the phase before its place (not refused as if it were the first)', 'previous', 'talk'],
  ])('after the running phase was deleted from the agenda, %s', (_, target, expected) => {
    const state = sessionWith({});
    moveThrough(state, [{ phaseId: 'vote1' }]);
    const withoutVote1 = agendaOf([welcome, talk, results1, vote2], [qa, qb]);
    run(state, syncAgenda(withoutVote1), T0 + 2 * SECOND);

    const result = decideThenEvolve(state, go(target, withoutVote1), T0 + MINUTE);

    expect(result.ok).toBe(true);
    expect(currentId(state)).toBe(expected);
    // Leaving the deleted vote phase still closes its question.
    expect(questionOf(state, 'qa').status).toBe('closed');
  });

  it('enters with the timer running when asked to', () => {
    const state = sessionWith({});

    const result = decideThenEvolve(state, go('next', AGENDA, true), T0);

    expect(eventsOf(result)).toEqual([entered(welcome, 0, 5, T0, true)]);
    expect(state.run?.timer).toEqual({ durationMs: 5 * MINUTE, startedAt: T0, elapsedMs: 0 });
    expect(remainingMs(state.run!.timer, T0 + MINUTE)).toBe(4 * MINUTE);
  });

  it('enters with a fresh timer, whatever the previous phase’s timer did', () => {
    const state = sessionWith({});
    run(state, go('next', AGENDA, true), T0);
    run(state, timerAdjust(2 * MINUTE), T0 + MINUTE);

    run(state, go('next', AGENDA), T0 + 2 * MINUTE);

    expect(state.run?.timer).toEqual({ durationMs: 10 * MINUTE, startedAt: null, elapsedMs: 0 });
    expect(remainingMs(state.run!.timer, T0 + 30 * MINUTE)).toBe(10 * MINUTE);
  });

  it('takes the position and the phase from the agenda it is given (the phase was reordered)', () => {
    const state = sessionWith({});
    moveThrough(state, ['next']);
    const reordered = agendaOf([talk, welcome, vote1, results1, vote2], [qa, qb]);

    const result = decideThenEvolve(state, go('next', reordered), T0 + MINUTE);

    // welcome is now second: next is vote1.
    expect(eventsOf(result)).toEqual([entered(vote1, 2, 5, T0 + MINUTE), expect.objectContaining({ type: 'question:opened' })]);
  });
});

describe('vote phases open and close their questions', () => {
  const twoQuestions = phaseDefinition('both', 'vote', { questionIds: ['qa', 'qb'] });

  it('entering a vote phase opens its questions and puts the last on the screen', () => {
    const state = sessionWith({});
    const agenda = agendaOf([talk, twoQuestions], [qa, qb]);
    moveThrough(state, ['next'], agenda);

    const result = decideThenEvolve(state, go('next', agenda), T0 + MINUTE);

    expect(eventsOf(result)).toEqual([
      entered(twoQuestions, 1, 2, T0 + MINUTE),
      { type: 'question:opened', definition: qa, at: T0 + MINUTE },
      { type: 'question:opened', definition: qb, at: T0 + MINUTE },
    ]);
    expect(questionOf(state, 'qa')).toMatchObject({ status: 'open', openedAt: T0 + MINUTE });
    expect(questionOf(state, 'qb')).toMatchObject({ status: 'open', openedAt: T0 + MINUTE });
    expect(state.screenQuestionId).toBe('qb');
  });

  it('entering a vote phase freezes the question as the agenda has it, trimmed', () => {
    const state = sessionWith({});
    const padded = { ...qa, text: `  ${qa.text}  ` };

    run(state, jump('vote1', agendaOf([vote1], [padded])), T0);

    expect(questionOf(state, 'qa').definition).toEqual(qa);
  });

  it('leaving a vote phase closes its questions', () => {
    const state = sessionWith({ participants: ['p1'] });
    moveThrough(state, [{ phaseId: 'vote1' }]);
    run(state, cast('p1', 'qa', 'b1', optionId('qa', 0)), T0 + 2 * SECOND);

    const result = decideThenEvolve(state, go('next', AGENDA), T0 + MINUTE);

    expect(eventsOf(result)).toEqual([{ type: 'question:closed', questionId: 'qa', at: T0 + MINUTE }, entered(results1, 3, 5, T0 + MINUTE)]);
    expect(questionOf(state, 'qa')).toMatchObject({ status: 'closed', closedAt: T0 + MINUTE });
    expect(questionOf(state, 'qa').ballots.size).toBe(1);
  });

  it.each<[string, PhaseTarget]>([
    ['going back', 'previous'],
    ['jumping to a vote phase', { phaseId: 'vote2' }],
  ])('leaving a vote phase by %s closes its questions too', (_, target) => {
    const state = sessionWith({});
    moveThrough(state, [{ phaseId: 'vote1' }]);

    run(state, go(target, AGENDA), T0 + MINUTE);

    expect(questionOf(state, 'qa').status).toBe('closed');
  });

  it('leaving a vote phase whose question a moderator already closed closes nothing again', () => {
    const state = sessionWith({});
    moveThrough(state, [{ phaseId: 'vote1' }]);
    run(state, close('qa'), T0 + 10 * SECOND);

    const result = decideThenEvolve(state, go('next', AGENDA), T0 + MINUTE);

    expect(eventsOf(result)).toEqual([entered(results1, 3, 5, T0 + MINUTE)]);
    expect(questionOf(state, 'qa').closedAt).toBe(T0 + 10 * SECOND);
  });

  it('leaving a phase that is not a vote leaves a question opened by hand open', () => {
    const state = sessionWith({});
    moveThrough(state, ['next']);
    run(state, open(qb), T0 + 10 * SECOND);

    const result = decideThenEvolve(state, go('next', AGENDA), T0 + MINUTE);

    expect(eventsOf(result)).toEqual([entered(talk, 1, 5, T0 + MINUTE)]);
    expect(questionOf(state, 'qb').status).toBe('open');
  });

  it('a vote phase whose question is already open opens nothing again', () => {
    const state = sessionWith({});
    moveThrough(state, ['next']);
    run(state, open(qa), T0 + 10 * SECOND);

    const result = decideThenEvolve(state, jump('vote1', AGENDA), T0 + MINUTE);

    expect(eventsOf(result)).toEqual([entered(vote1, 2, 5, T0 + MINUTE)]);
    expect(questionOf(state, 'qa').openedAt).toBe(T0 + 10 * SECOND);
  });

  it('a vote phase edited to other questions while it runs still closes the ones it opened when left', () => {
    const state = sessionWith({});
    moveThrough(state, [{ phaseId: 'vote1' }]);
    const edited = agendaOf([welcome, talk, { ...vote1, questionIds: ['qb'] }, results1, vote2], [qa, qb]);
    run(state, syncAgenda(edited), T0 + 10 * SECOND);

    run(state, go('next', edited), T0 + MINUTE);

    expect(questionOf(state, 'qa').status).toBe('closed');
    expect([...state.questions.values()].filter((question) => question.status === 'open')).toEqual([]);
  });

  describe('the same question in two vote phases in a row', () => {
    const again = phaseDefinition('again', 'vote', { questionIds: ['qa'] });
    const agenda = agendaOf([vote1, again], [qa]);

    it('reopens it, keeping its ballots, when it has some', () => {
      const state = sessionWith({ participants: ['p1'] });
      moveThrough(state, ['next'], agenda);
      run(state, cast('p1', 'qa', 'b1', optionId('qa', 1)), T0 + 2 * SECOND);

      const result = decideThenEvolve(state, go('next', agenda), T0 + MINUTE);

      expect(eventsOf(result)).toEqual([
        { type: 'question:closed', questionId: 'qa', at: T0 + MINUTE },
        entered(again, 1, 2, T0 + MINUTE),
        { type: 'question:reopened', questionId: 'qa', at: T0 + MINUTE },
      ]);
      expect(questionOf(state, 'qa')).toMatchObject({ status: 'open', closedAt: null });
      expect(questionOf(state, 'qa').ballots.get('p1')?.id).toBe('b1');
      expect(state.screenQuestionId).toBe('qa');
    });

    it('opens it afresh when nobody voted', () => {
      const state = sessionWith({});
      moveThrough(state, ['next'], agenda);

      const result = decideThenEvolve(state, go('next', agenda), T0 + MINUTE);

      expect(eventsOf(result)).toEqual([
        { type: 'question:closed', questionId: 'qa', at: T0 + MINUTE },
        entered(again, 1, 2, T0 + MINUTE),
        { type: 'question:opened', definition: qa, at: T0 + MINUTE },
      ]);
      expect(questionOf(state, 'qa')).toMatchObject({ status: 'open', openedAt: T0 + MINUTE, closedAt: null });
    });
  });

  describe('a move whose vote phase cannot open is refused whole, changing nothing', () => {
    const bad = phaseDefinition('bad', 'vote', { questionIds: ['qb', 'qx'] });
    const missing = phaseDefinition('missing', 'vote', { questionIds: ['qb', 'q-gone'] });
    const agenda = agendaOf([welcome, vote1, bad, missing], [qa, qb, notReady]);

    it.each<[string, PhaseTarget[], string, ErrorCode]>([
      ['a question that is not ready, from no phase', [], 'bad', 'question_not_ready'],
      ['a question that is not ready, leaving a vote phase', [{ phaseId: 'vote1' }], 'bad', 'question_not_ready'],
      ['a question missing from the agenda, from an info phase', ['next'], 'missing', 'unknown_question'],
      ['a question missing from the agenda, leaving a vote phase', [{ phaseId: 'vote1' }], 'missing', 'unknown_question'],
    ])('%s', (_, before, target, code) => {
      const state = sessionWith({});
      const at = moveThrough(state, before, agenda) + SECOND;
      const snapshot = fingerprint(state);
      const runBefore = currentId(state);

      expectRefusal(decideThenEvolve(state, jump(target, agenda), at), code);

      expect(fingerprint(state)).toBe(snapshot);
      expect(currentId(state)).toBe(runBefore);
      // qb comes first in the phase and could open: it did not.
      expect(state.questions.has('qb')).toBe(false);
      if (runBefore === 'vote1') expect(questionOf(state, 'qa').status).toBe('open');
    });
  });
});

describe('results phases', () => {
  it('put their first question that ran on the screen', () => {
    const state = sessionWith({});
    const results = phaseDefinition('results', 'results', { questionIds: ['q-never', 'qa', 'qb'] });
    const agenda = agendaOf([vote1, vote2, results], [qa, qb]);
    moveThrough(state, ['next', 'next'], agenda);
    expect(state.screenQuestionId).toBe('qb');

    const result = decideThenEvolve(state, go('next', agenda), T0 + MINUTE);

    expect(eventsOf(result)).toEqual([{ type: 'question:closed', questionId: 'qb', at: T0 + MINUTE }, entered(results, 2, 3, T0 + MINUTE)]);
    expect(state.screenQuestionId).toBe('qa');
  });

  it('leave the screen alone when none of their questions ran', () => {
    const state = sessionWith({ questions: [qb] });

    run(state, jump('results1', AGENDA), T0);

    expect(state.screenQuestionId).toBe('qb');
    expect(state.questions.has('qa')).toBe(false);
  });
});

describe('timer commands', () => {
  it.each<[string, SessionCommand]>([
    ['timer:start', timerStart],
    ['timer:pause', timerPause],
    ['timer:adjust', timerAdjust(MINUTE)],
    ['timer:reset', timerReset],
  ])('%s before any phase is refused with no_phase_running', (_, command) => {
    const state = sessionWith({});
    expectRefusal(decideThenEvolve(state, command, T0), 'no_phase_running');
    expect(state.run).toBeNull();
  });

  /** In `welcome` (5 min), entered at T0 with the timer stopped. */
  function inWelcome(): SessionState {
    const state = sessionWith({});
    run(state, go('next', AGENDA), T0);
    return state;
  }

  it.each<[string, [SessionCommand, number, SessionEvent['type'][]][], number, number, boolean]>([
    ['start', [[timerStart, T0 + SECOND, ['timer:started']]], T0 + MINUTE + SECOND, 4 * MINUTE, true],
    [
      'start twice: the second changes nothing',
      [
        [timerStart, T0, ['timer:started']],
        [timerStart, T0 + MINUTE, []],
      ],
      T0 + 2 * MINUTE,
      3 * MINUTE,
      true,
    ],
    ['pause a stopped timer: nothing', [[timerPause, T0 + SECOND, []]], T0 + MINUTE, 5 * MINUTE, false],
    [
      'pause twice: the second changes nothing',
      [
        [timerStart, T0, ['timer:started']],
        [timerPause, T0 + MINUTE, ['timer:paused']],
        [timerPause, T0 + 2 * MINUTE, []],
      ],
      T0 + 3 * MINUTE,
      4 * MINUTE,
      false,
    ],
    [
      'start, pause, resume: the pause is left out',
      [
        [timerStart, T0, ['timer:started']],
        [timerPause, T0 + MINUTE, ['timer:paused']],
        [timerStart, T0 + 10 * MINUTE, ['timer:started']],
      ],
      T0 + 11 * MINUTE,
      3 * MINUTE,
      true,
    ],
    [
      'a minute added while running',
      [
        [timerStart, T0, ['timer:started']],
        [timerAdjust(MINUTE), T0 + MINUTE, ['timer:adjusted']],
      ],
      T0 + 2 * MINUTE,
      4 * MINUTE,
      true,
    ],
    [
      'a minute removed while paused',
      [
        [timerStart, T0, ['timer:started']],
        [timerPause, T0 + MINUTE, ['timer:paused']],
        [timerAdjust(-MINUTE), T0 + 2 * MINUTE, ['timer:adjusted']],
      ],
      T0 + 3 * MINUTE,
      3 * MINUTE,
      false,
    ],
    [
      'a minute removed with 30 s left: time up now',
      [
        [timerStart, T0, ['timer:started']],
        [timerAdjust(-MINUTE), T0 + 4 * MINUTE + 30 * SECOND, ['timer:adjusted']],
      ],
      T0 + 4 * MINUTE + 30 * SECOND,
      0,
      true,
    ],
    ['adding nothing: no event', [[timerAdjust(0), T0 + SECOND, []]], T0 + MINUTE, 5 * MINUTE, false],
    [
      'reset restores the planned duration, stopped',
      [
        [timerStart, T0, ['timer:started']],
        [timerAdjust(3 * MINUTE), T0 + MINUTE, ['timer:adjusted']],
        [timerReset, T0 + 2 * MINUTE, ['timer:reset']],
      ],
      T0 + 9 * MINUTE,
      5 * MINUTE,
      false,
    ],
  ])('%s', (_, steps, readAt, remaining, running) => {
    const state = inWelcome();

    for (const [command, now, types] of steps) {
      const result = decideThenEvolve(state, command, now);
      expect(eventsOf(result).map((event) => event.type), `${command.type} at T0+${now - T0}`).toEqual(types);
      for (const event of eventsOf(result)) expect(event).toMatchObject({ at: now });
    }

    expect(remainingMs(state.run!.timer, readAt)).toBe(remaining);
    expect(state.run!.timer.startedAt !== null).toBe(running);
  });

  it('a minute added carries its amount in the event', () => {
    const state = inWelcome();
    expect(eventsOf(decideThenEvolve(state, timerAdjust(-MINUTE), T0 + 5))).toEqual([{ type: 'timer:adjusted', deltaMs: -MINUTE, at: T0 + 5 }]);
  });

  it('reset after time ran out lets it expire again', () => {
    const state = sessionWith({});
    run(state, go('next', AGENDA, true), T0);
    run(state, timerExpire(AGENDA), T0 + 5 * MINUTE);
    expect(state.run?.expired).toBe(true);

    run(state, timerReset, T0 + 6 * MINUTE);
    run(state, timerStart, T0 + 7 * MINUTE);

    expect(state.run?.expired).toBe(false);
    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 12 * MINUTE))).toEqual([{ type: 'timer:expired', at: T0 + 12 * MINUTE }]);
  });
});

describe('phase:sync follows agenda edits to the running phase', () => {
  /** In `talk` (10 min, index 1 of 5), entered at T0 with the timer running. */
  function inTalk(): SessionState {
    const state = sessionWith({});
    run(state, go('next', AGENDA), T0 - MINUTE);
    run(state, go('next', AGENDA, true), T0);
    return state;
  }

  const edited = (fields: Partial<PhaseDefinition>) => ({ ...talk, ...fields });

  it.each<[string, AgendaSnapshot, PhaseDefinition, { index: number; total: number }]>([
    ['a new title', agendaOf([welcome, edited({ title: 'Discuss' }), vote1, results1, vote2], [qa, qb]), edited({ title: 'Discuss' }), { index: 1, total: 5 }],
    ['a new text', agendaOf([welcome, edited({ text: 'Why?' }), vote1, results1, vote2], [qa, qb]), edited({ text: 'Why?' }), { index: 1, total: 5 }],
    ['a phase inserted before it', agendaOf([welcome, vote2, talk, vote1, results1], [qa, qb]), talk, { index: 2, total: 5 }],
    ['a phase removed after it', agendaOf([welcome, talk, vote1, results1], [qa, qb]), talk, { index: 1, total: 4 }],
    ['it moved to the end', agendaOf([welcome, vote1, results1, vote2, talk], [qa, qb]), talk, { index: 4, total: 5 }],
    [
      'auto-advance switched on',
      agendaOf([welcome, edited({ autoAdvance: true }), vote1, results1, vote2], [qa, qb]),
      edited({ autoAdvance: true }),
      { index: 1, total: 5 },
    ],
  ])('%s: phase:updated', (_, agenda, phase, position) => {
    const state = inTalk();
    const at = T0 + MINUTE;

    const result = decideThenEvolve(state, syncAgenda(agenda), at);

    expect(eventsOf(result)).toEqual([{ type: 'phase:updated', phase, position, at }]);
    expect(state.run).toMatchObject({ phase, position, enteredAt: T0 });
    expect(state.history.at(-1)).toMatchObject({ phaseId: 'talk', title: phase.title, enteredAt: T0, leftAt: null });
    // The timer runs on untouched.
    expect(state.run?.timer).toEqual({ durationMs: 10 * MINUTE, startedAt: T0, elapsedMs: 0 });
  });

  it.each<[string, AgendaSnapshot]>([
    ['the same agenda', AGENDA],
    ['another phase edited', agendaOf([welcome, talk, { ...vote1, title: 'Other' }, results1, vote2], [qa, qb])],
    ['the current phase deleted', agendaOf([welcome, vote1, results1, vote2], [qa, qb])],
    ['an empty agenda', EMPTY],
  ])('%s: nothing', (_, agenda) => {
    const state = inTalk();
    const snapshot = fingerprint(state);

    expect(eventsOf(decideThenEvolve(state, syncAgenda(agenda), T0 + MINUTE))).toEqual([]);

    expect(fingerprint(state)).toBe(snapshot);
  });

  it('before any phase: nothing', () => {
    const state = sessionWith({});
    expect(eventsOf(decideThenEvolve(state, syncAgenda(AGENDA), T0))).toEqual([]);
    expect(state.run).toBeNull();
  });

  it('a new duration moves the end of the running timer, keeping the minutes added with the buttons', () => {
    const state = inTalk();
    run(state, timerAdjust(MINUTE), T0 + MINUTE); // 11 minutes from T0
    run(state, timerAdjust(MINUTE), T0 + 2 * MINUTE); // 12 minutes from T0
    const longer = agendaOf([welcome, edited({ durationMs: 15 * MINUTE }), vote1, results1, vote2], [qa, qb]);

    run(state, syncAgenda(longer), T0 + 3 * MINUTE);

    expect(state.run?.timer).toEqual({ durationMs: 17 * MINUTE, startedAt: T0, elapsedMs: 0 });
    expect(remainingMs(state.run!.timer, T0 + 3 * MINUTE)).toBe(14 * MINUTE);
    expect(state.run?.phase.durationMs).toBe(15 * MINUTE);
  });

  it('a shorter duration on a paused timer shortens what is left', () => {
    const state = inTalk();
    run(state, timerPause, T0 + 2 * MINUTE);
    run(state, timerAdjust(-MINUTE), T0 + 3 * MINUTE); // 7 minutes left

    run(state, syncAgenda(agendaOf([welcome, edited({ durationMs: 6 * MINUTE }), vote1], [qa])), T0 + 4 * MINUTE);

    expect(state.run?.timer).toEqual({ durationMs: 5 * MINUTE, startedAt: null, elapsedMs: 2 * MINUTE });
    expect(remainingMs(state.run!.timer, T0 + 60 * MINUTE)).toBe(3 * MINUTE);
  });

  it('a duration shorter than what has elapsed makes time run out now, not in the past', () => {
    const state = inTalk(); // 10 minutes, running since T0
    const short = agendaOf([welcome, edited({ durationMs: MINUTE }), vote1], [qa]);

    run(state, syncAgenda(short), T0 + 4 * MINUTE);

    expect(state.run?.timer).toEqual({ durationMs: 4 * MINUTE, startedAt: T0, elapsedMs: 0 });
    expect(remainingMs(state.run!.timer, T0 + 4 * MINUTE)).toBe(0);
    expect(state.run?.phase.durationMs).toBe(MINUTE);
  });

  it('reset after a duration edit restores the new planned duration', () => {
    const state = inTalk();
    run(state, timerAdjust(5 * MINUTE), T0 + MINUTE);
    run(state, syncAgenda(agendaOf([welcome, edited({ durationMs: 20 * MINUTE })], [])), T0 + 2 * MINUTE);

    run(state, timerReset, T0 + 3 * MINUTE);

    expect(state.run?.timer).toEqual({ durationMs: 20 * MINUTE, startedAt: null, elapsedMs: 0 });
  });

  it('a longer duration after time ran out lets the timer expire again at the new end', () => {
    const state = inTalk();
    run(state, timerExpire(AGENDA), T0 + 10 * MINUTE);
    expect(state.run?.expired).toBe(true);
    const longer = agendaOf([welcome, edited({ durationMs: 15 * MINUTE }), vote1, results1, vote2], [qa, qb]);

    run(state, syncAgenda(longer), T0 + 11 * MINUTE);

    expect(state.run?.expired).toBe(false);
    expect(eventsOf(decideThenEvolve(state, timerExpire(longer), T0 + 15 * MINUTE - 1))).toEqual([]);
    expect(eventsOf(decideThenEvolve(state, timerExpire(longer), T0 + 15 * MINUTE))).toEqual([{ type: 'timer:expired', at: T0 + 15 * MINUTE }]);
  });
});

describe('timer:expire', () => {
  it('before any phase: nothing', () => {
    expect(eventsOf(decideThenEvolve(sessionWith({}), timerExpire(AGENDA), T0))).toEqual([]);
  });

  it.each<[string, number, boolean]>([
    ['a millisecond before the end: nothing', 5 * MINUTE - 1, false],
    ['exactly at the end: expired', 5 * MINUTE, true],
    ['late (the wake-up came after a busy spell): expired', 7 * MINUTE, true],
  ])('%s', (_, after, expires) => {
    const state = sessionWith({});
    run(state, go('next', AGENDA, true), T0);

    const events = eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + after));

    expect(events).toEqual(expires ? [{ type: 'timer:expired', at: T0 + after }] : []);
    expect(state.run?.expired).toBe(expires);
    expect(currentId(state)).toBe('welcome');
  });

  it('a stopped or paused timer does not expire', () => {
    const state = sessionWith({});
    run(state, go('next', AGENDA), T0);
    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 60 * MINUTE))).toEqual([]);

    run(state, timerStart, T0 + 60 * MINUTE);
    run(state, timerPause, T0 + 66 * MINUTE);
    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 70 * MINUTE))).toEqual([]);
  });

  it('expires once: a second wake-up does nothing', () => {
    const state = sessionWith({});
    run(state, go('next', AGENDA, true), T0);
    run(state, timerExpire(AGENDA), T0 + 5 * MINUTE);

    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 5 * MINUTE))).toEqual([]);
    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 9 * MINUTE))).toEqual([]);
  });

  it('a minute added after expiry lets it expire again a minute later', () => {
    const state = sessionWith({});
    run(state, go('next', AGENDA, true), T0);
    run(state, timerExpire(AGENDA), T0 + 5 * MINUTE);

    run(state, timerAdjust(MINUTE), T0 + 5 * MINUTE);

    expect(state.run?.expired).toBe(false);
    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 6 * MINUTE - 1))).toEqual([]);
    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 6 * MINUTE))).toEqual([{ type: 'timer:expired', at: T0 + 6 * MINUTE }]);
  });

  it('closes the vote of a vote phase with auto-close', () => {
    const state = sessionWith({});
    run(state, jump('vote1', AGENDA, true), T0);

    const events = eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 3 * MINUTE));

    expect(events).toEqual([
      { type: 'timer:expired', at: T0 + 3 * MINUTE },
      { type: 'question:closed', questionId: 'qa', at: T0 + 3 * MINUTE },
    ]);
    expect(questionOf(state, 'qa')).toMatchObject({ status: 'closed', closedAt: T0 + 3 * MINUTE });
    expect(currentId(state)).toBe('vote1');
  });

  it('leaves the vote open in a vote phase without auto-close', () => {
    const state = sessionWith({});
    run(state, jump('vote2', AGENDA, true), T0);

    expect(eventsOf(decideThenEvolve(state, timerExpire(AGENDA), T0 + 3 * MINUTE))).toEqual([{ type: 'timer:expired', at: T0 + 3 * MINUTE }]);
    expect(questionOf(state, 'qb').status).toBe('open');
  });

  it('auto-close in a phase that is not a vote closes nothing', () => {
    const state = sessionWith({});
    const agenda = agendaOf([{ ...talk, autoCloseVote: true }, vote1], [qa]);
    run(state, go('next', agenda, true), T0);
    run(state, open(qb), T0 + SECOND);

    expect(eventsOf(decideThenEvolve(state, timerExpire(agenda), T0 + 10 * MINUTE))).toEqual([{ type: 'timer:expired', at: T0 + 10 * MINUTE }]);
    expect(questionOf(state, 'qb').status).toBe('open');
  });

  it('auto-advance enters the next phase with its timer running', () => {
    const state = sessionWith({});
    const agenda = agendaOf([{ ...welcome, autoAdvance: true }, talk], []);
    run(state, go('next', agenda, true), T0);
    const end = T0 + 5 * MINUTE + 300;

    const events = eventsOf(decideThenEvolve(state, timerExpire(agenda), end));

    expect(events).toEqual([{ type: 'timer:expired', at: end }, entered(talk, 1, 2, end, true)]);
    expect(state.run).toEqual({
      phase: talk,
      position: { index: 1, total: 2 },
      enteredAt: end,
      timer: { durationMs: 10 * MINUTE, startedAt: end, elapsedMs: 0 },
      openedQuestionIds: [],
      expired: false,
    });
    expect(remainingMs(state.run!.timer, end + MINUTE)).toBe(9 * MINUTE);
    expect(state.history.map(({ phaseId, enteredAt, leftAt }) => [phaseId, enteredAt, leftAt])).toEqual([
      ['welcome', T0, end],
      ['talk', end, null],
    ]);
  });

  it('auto-advance out of a vote phase closes its vote and opens the next one’s', () => {
    const state = sessionWith({});
    const agenda = agendaOf([{ ...vote1, autoAdvance: true }, vote2], [qa, qb]);
    run(state, go('next', agenda, true), T0);

    const events = eventsOf(decideThenEvolve(state, timerExpire(agenda), T0 + 3 * MINUTE));

    const at = T0 + 3 * MINUTE;
    expect(events).toEqual([
      { type: 'timer:expired', at },
      { type: 'question:closed', questionId: 'qa', at },
      entered(vote2, 1, 2, at, true),
      { type: 'question:opened', definition: qb, at },
    ]);
    expect(questionOf(state, 'qa').status).toBe('closed');
    expect(questionOf(state, 'qb').status).toBe('open');
  });

  it('auto-advance follows the agenda as it is now (a phase was inserted after the current one)', () => {
    const state = sessionWith({});
    const first = { ...welcome, autoAdvance: true };
    run(state, go('next', agendaOf([first, talk], []), true), T0);
    const edited = agendaOf([first, results1, talk], [qa]);

    run(state, timerExpire(edited), T0 + 5 * MINUTE);

    expect(currentId(state)).toBe('results1');
  });

  it.each<[string, PhaseDefinition, string[]]>([
    ['an info phase', { ...welcome, autoAdvance: true }, []],
    ['a vote phase with auto-close', { ...vote1, autoAdvance: true, autoCloseVote: true }, ['qa']],
  ])('auto-advance on the last phase (%s) does not restart the agenda', (_, last, closes) => {
    const state = sessionWith({});
    const agenda = agendaOf([talk, last], [qa]);
    run(state, go({ phaseId: last.id }, agenda, true), T0);
    const end = T0 + last.durationMs;

    const events = eventsOf(decideThenEvolve(state, timerExpire(agenda), end));

    expect(events).toEqual([{ type: 'timer:expired', at: end }, ...closes.map((questionId) => ({ type: 'question:closed', questionId, at: end }))]);
    expect(currentId(state)).toBe(last.id);
    expect(state.history).toHaveLength(1);
    expect(eventsOf(decideThenEvolve(state, timerExpire(agenda), end + MINUTE))).toEqual([]);
  });

  it('auto-advance of a phase deleted from the agenda does not restart the agenda', () => {
    const state = sessionWith({});
    run(state, jump('talk', agendaOf([welcome, { ...talk, autoAdvance: true }, vote1], [qa]), true), T0);

    const events = eventsOf(decideThenEvolve(state, timerExpire(agendaOf([welcome, vote1], [qa])), T0 + 10 * MINUTE));

    expect(events).toEqual([{ type: 'timer:expired', at: T0 + 10 * MINUTE }]);
    expect(currentId(state)).toBe('talk');
  });

  it('auto-advance into a vote phase that cannot open stays, and still closes its own vote when it auto-closes', () => {
    const state = sessionWith({});
    const blocked = phaseDefinition('blocked', 'vote', { questionIds: ['qx'] });
    const agenda = agendaOf([{ ...vote1, autoAdvance: true, autoCloseVote: true }, blocked], [qa, notReady]);
    run(state, go('next', agenda, true), T0);
    const end = T0 + 3 * MINUTE;

    const events = eventsOf(decideThenEvolve(state, timerExpire(agenda), end));

    expect(currentId(state)).toBe('vote1');
    expect(state.run?.expired).toBe(true);
    // The phase's own promise holds even though the session could not move on: time ran out in a vote
    // phase with auto-close, so its vote closes.
    expect(events).toEqual([
      { type: 'timer:expired', at: end },
      { type: 'question:closed', questionId: 'qa', at: end },
    ]);
    expect(questionOf(state, 'qa').status).toBe('closed');
  });
});

describe('history', () => {
  it('records every phase entered with its times; the current one has not been left', () => {
    const state = sessionWith({});
    run(state, go('next', AGENDA), 1_000);
    run(state, go('next', AGENDA), 5_000);
    run(state, jump('results1', AGENDA), 9_000);
    run(state, go('previous', AGENDA), 12_000);

    expect(state.history).toEqual([
      { phaseId: 'welcome', kind: 'info', title: 'Welcome', enteredAt: 1_000, leftAt: 5_000 },
      { phaseId: 'talk', kind: 'discussion', title: 'Table discussion', enteredAt: 5_000, leftAt: 9_000 },
      { phaseId: 'results1', kind: 'results', title: 'Results', enteredAt: 9_000, leftAt: 12_000 },
      { phaseId: 'vote1', kind: 'vote', title: 'First vote', enteredAt: 12_000, leftAt: null },
    ]);
  });

  it('a refused move leaves the history as it was', () => {
    const state = sessionWith({});
    run(state, jump('vote2', AGENDA), 1_000);

    expectRefusal(decideThenEvolve(state, go('next', AGENDA), 2_000), 'no_such_phase');

    expect(state.history).toEqual([{ phaseId: 'vote2', kind: 'vote', title: 'Second vote', enteredAt: 1_000, leftAt: null }]);
  });

  it('is empty before the first phase', () => {
    expect(newSession().history).toEqual([]);
  });
});

describe('the live view of phases and time', () => {
  it('a late joiner sees the phase and the time left at the moment it joins', () => {
    const state = sessionWith({ participants: ['early'] });
    run(state, jump('talk', AGENDA, true), T0);
    run(state, timerPause, T0 + 2 * MINUTE);
    run(state, timerStart, T0 + 3 * MINUTE); // 8 minutes left, ends at T0 + 11 min
    const late = T0 + 7 * MINUTE + 250;
    run(state, join('late', 'cred-late', 'online'), late);

    const view = deriveLiveView(state, late);

    expect(view.serverTime).toBe(late);
    expect(view.phase).toEqual({
      id: 'talk',
      kind: 'discussion',
      title: 'Table discussion',
      text: '',
      index: 1,
      total: 5,
      questionIds: [],
      autoAdvance: false,
      autoCloseVote: false,
    });
    expect(view.timer).toEqual({ durationMs: 10 * MINUTE, endsAt: T0 + 11 * MINUTE, remainingMs: 4 * MINUTE - 250, running: true });
    // Every screen derives the same view at the same instant, whenever it joined.
    expect(deriveLiveView(state, late + MINUTE).timer?.remainingMs).toBe(3 * MINUTE - 250);
  });

  it('a paused timer shows the same time left, however late the view is made', () => {
    const state = sessionWith({});
    run(state, go('next', AGENDA, true), T0);
    run(state, timerPause, T0 + 90 * SECOND);

    for (const now of [T0 + 90 * SECOND, T0 + 10 * MINUTE, T0 + 600 * MINUTE]) {
      expect(deriveLiveView(state, now).timer).toEqual({ durationMs: 5 * MINUTE, endsAt: null, remainingMs: 3.5 * MINUTE, running: false });
    }
  });

  it('after a phase:sync, shows the edited phase and its new place', () => {
    const state = sessionWith({});
    run(state, jump('talk', AGENDA), T0);
    run(state, syncAgenda(agendaOf([{ ...talk, title: 'Discuss', text: 'Why?' }], [])), T0 + 1);

    expect(deriveLiveView(state, T0 + 2).phase).toMatchObject({ title: 'Discuss', text: 'Why?', index: 0, total: 1 });
  });

  describe('audience tallies of a question revealed only after close', () => {
    const secret = questionDefinition('qs', ['Yes', 'No'], 'Secret?', 'after-close');
    const [YES, NO] = [optionId('qs', 0), optionId('qs', 1)];
    const secretVote = phaseDefinition('secret-vote', 'vote', { questionIds: ['qs', 'qa'] });
    const secretResults = phaseDefinition('secret-results', 'results', { questionIds: ['qs', 'qa'] });
    const agenda = agendaOf([secretVote, secretResults], [secret, qa]);

    function voted(): SessionState {
      const state = sessionWith({ participants: ['p1', 'p2', 'p3'] });
      run(state, go('next', agenda), T0);
      run(state, cast('p1', 'qs', 'b1', YES), T0 + 1);
      run(state, cast('p2', 'qs', 'b2', YES), T0 + 2);
      run(state, cast('p3', 'qs', 'b3', NO), T0 + 3);
      run(state, cast('p1', 'qa', 'b4', optionId('qa', 1)), T0 + 4);
      return state;
    }

    const qaTally = { questionId: 'qa', counts: { [optionId('qa', 0)]: 0, [optionId('qa', 1)]: 1 }, voters: 1 };
    /** The room tallies, every question's, as the moderators and as the audience see them. */
    const roomTallies = (state: SessionState, audience: 'moderator' | 'audience') => deriveResults(state, audience).map((results) => results.room);

    it('are hidden while it is open; the live question shows its counts', () => {
      const state = voted();

      expect(roomTallies(state, 'audience')).toEqual([{ questionId: 'qs', counts: {}, voters: 3, hidden: true }, qaTally]);
      // Moderators always see the counts.
      expect(roomTallies(state, 'moderator')).toEqual([{ questionId: 'qs', counts: { [YES]: 2, [NO]: 1 }, voters: 3 }, qaTally]);
    });

    it('are shown once it is closed (by leaving the vote phase), also in the results phase view', () => {
      const state = voted();

      run(state, go('next', agenda), T0 + MINUTE);

      const full = { questionId: 'qs', counts: { [YES]: 2, [NO]: 1 }, voters: 3 };
      expect(roomTallies(state, 'audience')).toEqual([full, qaTally]);
      const view = deriveLiveView(state, T0 + MINUTE);
      expect(view.results).toEqual([full, qaTally]);
      expect(view.screenQuestionId).toBe('qs');
    });

    it('stay hidden in a results phase entered while it is still open', () => {
      const state = voted();
      const reopened = agendaOf([secretVote, phaseDefinition('info', 'info'), secretResults], [secret, qa]);
      run(state, go('next', reopened), T0 + MINUTE);
      run(state, open(secret), T0 + MINUTE + 1); // reopened by hand after the vote phase closed it

      run(state, go('next', reopened), T0 + 2 * MINUTE);

      expect(deriveLiveView(state, T0 + 2 * MINUTE).results).toEqual([{ questionId: 'qs', counts: {}, voters: 3, hidden: true }, qaTally]);
    });
  });

  it('a results phase view holds the tallies of its questions that ran, in the phase’s order; other phases none', () => {
    const state = sessionWith({ participants: ['p1'] });
    const results = phaseDefinition('r', 'results', { questionIds: ['qb', 'q-never', 'qa'] });
    const agenda = agendaOf([vote1, vote2, results], [qa, qb]);
    run(state, go('next', agenda), T0);
    run(state, cast('p1', 'qa', 'b1', optionId('qa', 0)), T0 + 1);
    run(state, go('next', agenda), T0 + 2);
    expect(deriveLiveView(state, T0 + 3).results).toEqual([]);

    run(state, go('next', agenda), T0 + 4);

    expect(deriveLiveView(state, T0 + 5).results).toEqual([
      { questionId: 'qb', counts: { [optionId('qb', 0)]: 0, [optionId('qb', 1)]: 0, [optionId('qb', 2)]: 0 }, voters: 0 },
      { questionId: 'qa', counts: { [optionId('qa', 0)]: 1, [optionId('qa', 1)]: 0 }, voters: 1 },
    ]);
  });
});
