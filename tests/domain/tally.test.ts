import { describe, expect, it } from 'vitest';
import { ballotsOf, computeTally, deriveLiveView, deriveTallies, execute, type QuestionDefinition } from '@pnyx/shared';
import { cast, close, newSession, open, optionId, questionDefinition, questionOf, run, sessionWith, SESSION_INFO } from '../utils/domain-fixtures.js';

const q1 = questionDefinition('q1', ['Yes', 'No', 'Abstain']);
const q2 = questionDefinition('q2', ['Red', 'Green']);
const [A, B, C] = [0, 1, 2].map((index) => optionId('q1', index)) as [string, string, string];
const voters = ['p1', 'p2', 'p3', 'p4'];

describe('computeTally', () => {
  /** [participant, ballot id, option] in the order they are cast. */
  type Cast = [string, string, string];

  it.each<[string, Cast[], [number, number, number], number]>([
    ['no ballots: every option present with 0', [], [0, 0, 0], 0],
    ['one ballot', [['p1', 'b1', B]], [0, 1, 0], 1],
    ['ballots spread over the options', [['p1', 'b1', A], ['p2', 'b2', B], ['p3', 'b3', C], ['p4', 'b4', A]], [2, 1, 1], 4],
    ['everyone on one option', [['p1', 'b1', C], ['p2', 'b2', C], ['p3', 'b3', C]], [0, 0, 3], 3],
    ['a changed vote counts once, for the last option', [['p1', 'b1', A], ['p1', 'b2', C], ['p2', 'b3', A]], [1, 0, 1], 2],
    ['a retried ballot counts once', [['p1', 'b1', B], ['p1', 'b1', B], ['p2', 'b2', B], ['p2', 'b2', B]], [0, 2, 0], 2],
    ['an older ballot delivered late does not count', [['p1', 'b1', A], ['p1', 'b2', B], ['p1', 'b1', A]], [0, 1, 0], 1],
  ])('%s', (_, casts, [a, b, c], voterCount) => {
    const state = sessionWith({ participants: voters, questions: [q1] });
    for (const [participantId, ballotId, option] of casts) run(state, cast(participantId, 'q1', ballotId, option));

    const tally = computeTally(questionOf(state, 'q1'));

    expect(tally).toEqual({ questionId: 'q1', counts: { [A]: a, [B]: b, [C]: c }, voters: voterCount });
  });

  it('lists the counts in the order of the options', () => {
    const definition: QuestionDefinition = {
      id: 'order',
      kind: 'single',
      text: 'Pick one',
      options: [
        { id: 'zeta', label: 'Z' },
        { id: 'alpha', label: 'A' },
        { id: 'mid', label: 'M' },
      ],
      reveal: 'live',
    };
    const state = sessionWith({ participants: ['p1'], questions: [definition] });
    run(state, cast('p1', 'order', 'b1', 'mid'));

    expect(Object.keys(computeTally(questionOf(state, 'order')).counts)).toEqual(['zeta', 'alpha', 'mid']);
  });

  it('keeps counting the ballots of a closed question', () => {
    const state = sessionWith({ participants: voters, questions: [q1] });
    run(state, cast('p1', 'q1', 'b1', A));
    run(state, cast('p2', 'q1', 'b2', A));
    run(state, close('q1'));

    expect(computeTally(questionOf(state, 'q1'))).toEqual({ questionId: 'q1', counts: { [A]: 2, [B]: 0, [C]: 0 }, voters: 2 });
  });
});

describe('option ids a plain object cannot keep as ordered keys', () => {
  // `counts` promises every option, in option order. Either such ids are refused when the question opens,
  // or they must be counted like any other.
  it.each<[string, string[]]>([
    ['an option id __proto__', ['__proto__', 'other']],
    ['integer-like ids', ['10', '2', 'other']],
  ])('%s: refused at open, or counted in option order', (_, ids) => {
    const definition: QuestionDefinition = {
      id: 'q',
      kind: 'single',
      text: 'Pick one',
      options: ids.map((id) => ({ id, label: id })),
      reveal: 'live',
    };
    const state = sessionWith({ participants: ['p1'] });

    const opened = execute(state, open(definition), 0);
    if (!opened.ok) {
      expect(opened.error.code).toBe('question_not_ready');
      return;
    }
    const [first] = ids as [string];
    run(state, cast('p1', 'q', 'b1', first));
    const tally = computeTally(questionOf(state, 'q'));

    expect(Object.entries(tally.counts)).toEqual(ids.map((id) => [id, id === first ? 1 : 0]));
    expect(tally.voters).toBe(1);
  });
});

describe('deriveTallies', () => {
  it('is empty before any question opens', () => {
    expect(deriveTallies(sessionWith({ participants: voters }))).toEqual([]);
  });

  it('gives one tally per question, in the order the questions first opened', () => {
    const state = sessionWith({ participants: voters, questions: [q2, q1] });
    run(state, cast('p1', 'q1', 'b1', A));
    run(state, cast('p1', 'q2', 'b2', optionId('q2', 1)));
    run(state, cast('p2', 'q2', 'b3', optionId('q2', 1)));

    expect(deriveTallies(state)).toEqual([
      { questionId: 'q2', counts: { [optionId('q2', 0)]: 0, [optionId('q2', 1)]: 2 }, voters: 2 },
      { questionId: 'q1', counts: { [A]: 1, [B]: 0, [C]: 0 }, voters: 1 },
    ]);
  });
});

describe('deriveLiveView', () => {
  const session = { id: SESSION_INFO.id, code: SESSION_INFO.code, title: SESSION_INFO.title };
  const NOW = 7_000;

  it('shows only the session before any question opens or phase starts', () => {
    expect(deriveLiveView(newSession(), NOW)).toEqual({
      session,
      serverTime: NOW,
      phase: null,
      timer: null,
      questions: [],
      screenQuestionId: null,
      results: [],
    });
  });

  it('lists the questions in the order they first opened, with their status and no ballots', () => {
    const q3 = questionDefinition('q3', ['Up', 'Down'], 'Question q3?', 'after-close');
    const state = sessionWith({ participants: voters, questions: [q1, q2, q3] });
    run(state, cast('p1', 'q1', 'b1', A));
    run(state, close('q1'));
    run(state, close('q2'));
    run(state, open(q1));

    expect(deriveLiveView(state, NOW)).toEqual({
      session,
      serverTime: NOW,
      phase: null,
      timer: null,
      questions: [
        { id: 'q1', kind: 'single', text: q1.text, options: q1.options, status: 'open', reveal: 'live' },
        { id: 'q2', kind: 'single', text: q2.text, options: q2.options, status: 'closed', reveal: 'live' },
        { id: 'q3', kind: 'single', text: q3.text, options: q3.options, status: 'open', reveal: 'after-close' },
      ],
      screenQuestionId: 'q1',
      results: [],
    });
  });

  it('shows the new text of a question reopened without ballots', () => {
    const state = sessionWith({ questions: [q1] });
    run(state, close('q1'));
    run(state, open({ ...q1, text: 'Rephrased?' }));

    expect(deriveLiveView(state, NOW).questions).toEqual([
      { id: 'q1', kind: 'single', text: 'Rephrased?', options: q1.options, status: 'open', reveal: 'live' },
    ]);
  });
});

describe('ballotsOf', () => {
  const state = sessionWith({ participants: voters, questions: [q1, q2] });
  run(state, cast('p1', 'q1', 'b1', A), 1);
  run(state, cast('p1', 'q1', 'b2', C), 2);
  run(state, cast('p1', 'q2', 'b3', optionId('q2', 0)), 3);
  run(state, cast('p2', 'q2', 'b4', optionId('q2', 1)), 4);
  run(state, cast('p1', 'q1', 'b1', A), 5);

  it.each([
    ['both questions, the last ballot on q1', 'p1', [
      { id: 'b2', participantId: 'p1', questionId: 'q1', optionId: C, castAt: 2 },
      { id: 'b3', participantId: 'p1', questionId: 'q2', optionId: optionId('q2', 0), castAt: 3 },
    ]],
    ['only the question voted on', 'p2', [{ id: 'b4', participantId: 'p2', questionId: 'q2', optionId: optionId('q2', 1), castAt: 4 }]],
    ['nothing for a participant who did not vote', 'p3', []],
    ['nothing for an unknown participant', 'stranger', []],
  ])('gives %s', (_, participantId, expected) => {
    expect(ballotsOf(state, participantId)).toEqual(expected);
  });
});
