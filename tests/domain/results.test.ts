import { describe, expect, it } from 'vitest';
import {
  audienceResults,
  computeResults,
  deriveResults,
  questionResultsForAll,
  questionResults,
  type Answer,
  type QuestionDefinition,
  type QuestionResults,
  type SessionState,
  type Tally,
} from '@pnyx/shared';
import {
  addTables,
  castAnswer,
  claim,
  close,
  facilitatorCode,
  join,
  open,
  optionId,
  paper,
  questionDefinition,
  questionOf,
  questionOfKind,
  run,
  seat,
  newSession,
} from '../utils/domain-fixtures.js';

/**
 * Results of a question: the room, each channel, each table, and the shift from an earlier question asked
 * again. States are built through commands.
 */

const q = questionDefinition('q', ['A', 'B', 'C']);
const [A, B, C] = [0, 1, 2].map((index) => optionId('q', index)) as [string, string, string];
const qt = questionOfKind('qt', 'single', ['A', 'B', 'C'], { scope: 'table' });
const [TA, TB] = [optionId('qt', 0), optionId('qt', 1)];

/** A single-choice tally of q or qt: counts in option order. */
function single(questionId: string, [a, b, c]: [number, number, number], voters: number): Tally {
  return { questionId, voters, counts: { [optionId(questionId, 0)]: a, [optionId(questionId, 1)]: b, [optionId(questionId, 2)]: c } };
}

/**
 * Tables t1, t2, t3. p1, p2 onsite at t1 (p1 facilitates); p3 online at t2 (facilitates); p5 onsite at t2;
 * p4 online at no table. `definitions` are opened.
 */
function room(definitions: readonly QuestionDefinition[] = [q, qt]): SessionState {
  const state = newSession();
  addTables(state, ['One', 'Two', 'Three']);
  run(state, join('p1', 'cred-p1', 'onsite', 't1'));
  run(state, join('p2', 'cred-p2', 'onsite', 't1'));
  run(state, join('p3', 'cred-p3', 'online', 't2'));
  run(state, join('p4', 'cred-p4', 'online'));
  run(state, join('p5', 'cred-p5', 'onsite', 't2'));
  run(state, claim('p1', facilitatorCode('t1')));
  run(state, claim('p3', facilitatorCode('t2')));
  for (const definition of definitions) run(state, open(definition));
  return state;
}

function vote(state: SessionState, questionId: string, answers: Record<string, Answer | string>, now = 10): void {
  for (const [participantId, answer] of Object.entries(answers)) {
    run(state, castAnswer(participantId, questionId, `${questionId}-${participantId}-${now}`, typeof answer === 'string' ? { optionId: answer } : answer), now);
  }
}

const resultsOf = (state: SessionState, questionId: string, audience: 'moderator' | 'audience' = 'moderator'): QuestionResults =>
  questionResults(state, questionOf(state, questionId), audience);

const tables = (results: QuestionResults) => Object.fromEntries(results.byTable.map(({ tableId, tally }) => [tableId, tally]));

/** p1 A, p2 B, p3 A, p4 C, p5 A; paper: t1 A 2, B 1; t2 C 1. */
function voted(): SessionState {
  const state = room();
  vote(state, 'q', { p1: A, p2: B, p3: A, p4: C, p5: A });
  run(state, paper(null, 'q', 't1', { [A]: 2, [B]: 1 }));
  run(state, paper('p3', 'q', 't2', { [C]: 1 }));
  return state;
}

describe('room and channels', () => {
  it('merges every channel in the room; each channel counts its own', () => {
    const results = resultsOf(voted(), 'q');

    expect(results.questionId).toBe('q');
    expect(results.room).toEqual(single('q', [5, 2, 2], 9));
    expect(results.byChannel).toEqual({
      onsite: single('q', [2, 1, 0], 3),
      online: single('q', [1, 0, 1], 2),
      paper: single('q', [2, 1, 1], 4),
    });
  });

  it('counts a table-scope ballot in the channel of the facilitator who cast it', () => {
    const state = room();
    vote(state, 'qt', { p1: TA, p3: TB });

    expect(resultsOf(state, 'qt').byChannel).toEqual({
      onsite: single('qt', [1, 0, 0], 1),
      online: single('qt', [0, 1, 0], 1),
      paper: single('qt', [0, 0, 0], 0),
    });
  });

  it('gives every channel every option, with 0 when nobody voted', () => {
    const results = resultsOf(room(), 'q');
    for (const tally of [results.room, results.byChannel.onsite, results.byChannel.online, results.byChannel.paper]) {
      expect(tally).toEqual(single('q', [0, 0, 0], 0));
    }
  });
});

describe('by table', () => {
  it('counts each ballot at the table its voter sits at, with the paper of that table, in table order', () => {
    const results = resultsOf(voted(), 'q');

    expect(results.byTable.map((entry) => entry.tableId)).toEqual(['t1', 't2', 't3']);
    expect(tables(results)).toEqual({
      t1: single('q', [3, 2, 0], 5),
      t2: single('q', [2, 0, 1], 3),
      t3: single('q', [0, 0, 0], 0),
    });
  });

  it('moves a ballot with its voter to their current table, and leaves it out when they sit nowhere', () => {
    const state = voted();
    run(state, seat('p2', 't3'));
    run(state, seat('p5', null));

    expect(tables(resultsOf(state, 'q'))).toEqual({
      t1: single('q', [3, 1, 0], 4),
      t2: single('q', [1, 0, 1], 2),
      t3: single('q', [0, 1, 0], 1),
    });
    expect(resultsOf(state, 'q').room).toEqual(single('q', [5, 2, 2], 9));
  });

  it('drops a removed table, whose ballots and paper stay in the room and in their channels', () => {
    const state = voted();
    run(state, { type: 'table:remove', tableId: 't1' });
    addTables(state, ['Four']);

    const results = resultsOf(state, 'q');
    expect(results.byTable.map((entry) => entry.tableId)).toEqual(['t2', 't3', 't4']);
    expect(results.room).toEqual(single('q', [5, 2, 2], 9));
    expect(results.byChannel.paper).toEqual(single('q', [2, 1, 1], 4));
    expect(tables(results).t4).toEqual(single('q', [0, 0, 0], 0));
  });

  it('counts a table-scope ballot for its table, wherever its facilitator went since', () => {
    const state = room();
    vote(state, 'qt', { p1: TA, p3: TB });
    run(state, seat('p1', 't3'));

    const results = resultsOf(state, 'qt');
    expect(tables(results)).toEqual({
      t1: single('qt', [1, 0, 0], 1),
      t2: single('qt', [0, 1, 0], 1),
      t3: single('qt', [0, 0, 0], 0),
    });
    expect(results.room).toEqual(single('qt', [1, 1, 0], 2));
  });

  it('keeps the word cloud and open answers of each table apart', () => {
    const cloud = questionOfKind('w', 'wordcloud');
    const state = room([cloud]);
    vote(state, 'w', { p1: { words: ['Trust'] }, p2: { words: ['trust', 'Hope'] }, p3: { words: ['Hope'] }, p4: { words: ['Fear'] } });

    const byTable = tables(resultsOf(state, 'w'));
    expect(byTable.t1?.words).toEqual([
      { word: 'trust', count: 2 },
      { word: 'hope', count: 1 },
    ]);
    expect(byTable.t2?.words).toEqual([{ word: 'hope', count: 1 }]);
    expect(byTable.t3?.words).toEqual([]);
  });
});

describe('shift from an earlier question', () => {
  const before: QuestionDefinition = {
    ...questionDefinition('before'),
    options: [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
      { id: 'unsure', label: 'Unsure' },
    ],
  };
  // `yes` keeps its id; `No` was re-keyed (matched by its label, whatever the case); `Depends` is new.
  const after: QuestionDefinition = {
    ...questionDefinition('after'),
    comparesWith: 'before',
    options: [
      { id: 'yes', label: 'Absolutely' },
      { id: 'n2', label: 'NO' },
      { id: 'new', label: 'Depends' },
    ],
  };

  function asked(): SessionState {
    const state = room([before]);
    vote(state, 'before', { p1: 'yes', p2: 'no', p3: 'unsure', p4: 'yes' });
    run(state, close('before'));
    run(state, open(after));
    vote(state, 'after', { p1: 'yes', p2: 'yes', p3: 'new', p5: 'n2' }, 20);
    return state;
  }

  it('gives each option’s share before and after, and how many of those who answered both changed', () => {
    expect(resultsOf(asked(), 'after').shift).toEqual({
      fromQuestionId: 'before',
      beforeVoters: 4,
      afterVoters: 4,
      options: [
        { optionId: 'yes', before: 50, after: 50 },
        { optionId: 'n2', before: 25, after: 25 },
        { optionId: 'new', before: 0, after: 25 },
      ],
      // p1, p2 and p3 answered both; p2 moved from No to yes and p3 from Unsure to the new option.
      compared: 3,
      changed: 2,
    });
  });

  it('counts paper ballots in the shares but cannot follow them', () => {
    const state = asked();
    run(state, paper(null, 'before', 't1', { yes: 2 }));
    run(state, paper(null, 'after', 't1', { n2: 4 }));

    expect(resultsOf(state, 'after').shift).toMatchObject({
      beforeVoters: 6,
      afterVoters: 8,
      options: [
        { optionId: 'yes', before: (100 * 4) / 6, after: 25 },
        { optionId: 'n2', before: (100 * 1) / 6, after: (100 * 5) / 8 },
        { optionId: 'new', before: 0, after: 12.5 },
      ],
      compared: 3,
      changed: 2,
    });
  });

  it('is there while nobody answered yet, with shares of 0', () => {
    const state = room([before, after]);
    expect(resultsOf(state, 'after').shift).toEqual({
      fromQuestionId: 'before',
      beforeVoters: 0,
      afterVoters: 0,
      options: ['yes', 'n2', 'new'].map((optionId) => ({ optionId, before: 0, after: 0 })),
      compared: 0,
      changed: 0,
    });
  });

  it.each<[string, string, Answer, Answer, boolean]>([
    ['multi: the same choices in another order did not change', 'multi', { optionIds: ['x', 'y'] }, { optionIds: ['y', 'x'] }, false],
    ['multi: another choice changed', 'multi', { optionIds: ['x', 'y'] }, { optionIds: ['x'] }, true],
    ['ranking: another order changed', 'ranking', { optionIds: ['x', 'y', 'z'] }, { optionIds: ['y', 'x', 'z'] }, true],
    ['ranking: the same order did not change', 'ranking', { optionIds: ['x', 'y', 'z'] }, { optionIds: ['x', 'y', 'z'] }, false],
    ['scale: another point changed', 'scale', { optionId: 'x' }, { optionId: 'y' }, true],
  ])('%s', (_, kind, first, second, changed) => {
    const options = [
      { id: 'x', label: 'X' },
      { id: 'y', label: 'Y' },
      { id: 'z', label: 'Z' },
    ];
    const earlier = { ...questionOfKind('e', kind as 'multi'), options };
    const later = { ...questionOfKind('l', kind as 'multi'), options, comparesWith: 'e' };
    const state = room([earlier, later]);
    vote(state, 'e', { p1: first });
    vote(state, 'l', { p1: second });

    expect(resultsOf(state, 'l').shift).toMatchObject({ compared: 1, changed: changed ? 1 : 0 });
  });

  it.each<[string, QuestionDefinition[], string]>([
    ['no earlier question is named', [q], 'q'],
    ['the earlier question never opened', [{ ...q, comparesWith: 'q-never' }], 'q'],
    ['the earlier question is a word cloud', [questionOfKind('w', 'wordcloud'), { ...q, comparesWith: 'w' }], 'q'],
    ['the question is open-ended', [q, { ...questionOfKind('o', 'open'), comparesWith: 'q' }], 'o'],
  ])('is null when %s', (_, definitions, questionId) => {
    expect(resultsOf(room(definitions), questionId).shift).toBeNull();
  });
});

describe('audienceResults', () => {
  const secret = questionDefinition('s', ['A', 'B'], 'Secret?', 'after-close');
  const earlier = questionDefinition('e', ['A', 'B']);
  const secretAgain = { ...secret, comparesWith: 'e' };
  const [SA, SB] = [optionId('s', 0), optionId('s', 1)];

  function secretVoted(): SessionState {
    const state = room([earlier, secretAgain]);
    vote(state, 'e', { p1: optionId('e', 0) });
    vote(state, 's', { p1: SA, p3: SB, p4: SB });
    run(state, paper(null, 's', 't1', { [SA]: 1 }));
    return state;
  }

  it('hides room, channels and tables of an after-close question while it is open, and its shift', () => {
    const results = resultsOf(secretVoted(), 's', 'audience');
    const hidden = (voters: number): Tally => ({ questionId: 's', counts: {}, voters, hidden: true });

    expect(results).toEqual({
      questionId: 's',
      room: hidden(4),
      byChannel: { onsite: hidden(1), online: hidden(2), paper: hidden(1) },
      byTable: [
        { tableId: 't1', tally: hidden(2) },
        { tableId: 't2', tally: hidden(1) },
        { tableId: 't3', tally: hidden(0) },
      ],
      shift: null,
    });
    // Moderators see everything meanwhile.
    expect(resultsOf(secretVoted(), 's').room).toEqual({ questionId: 's', voters: 4, counts: { [SA]: 2, [SB]: 2 } });
    expect(resultsOf(secretVoted(), 's').shift).not.toBeNull();
  });

  it('leaves out the shift while the earlier question it compares with still hides its counts', () => {
    const state = room([secret, { ...earlier, id: 'again', comparesWith: 's' }]);
    vote(state, 's', { p1: SA, p3: SB });
    vote(state, 'again', { p1: optionId('e', 0) });

    expect(resultsOf(state, 'again', 'audience').shift).toBeNull();
    expect(resultsOf(state, 'again').shift).not.toBeNull();
    run(state, close('s'));
    expect(resultsOf(state, 'again', 'audience').shift).toEqual(resultsOf(state, 'again').shift);
  });

  it('shows everything once it closed, the same as moderators see', () => {
    const state = secretVoted();
    run(state, close('s'));

    expect(resultsOf(state, 's', 'audience')).toEqual(resultsOf(state, 's'));
  });

  it('leaves out hidden words and unapproved answers everywhere', () => {
    const cloud = questionOfKind('w', 'wordcloud');
    const openQuestion = questionOfKind('o', 'open');
    const state = room([cloud, openQuestion]);
    vote(state, 'w', { p1: { words: ['Rubbish', 'Trust'] }, p3: { words: ['rubbish'] } });
    vote(state, 'o', { p1: { text: 'Kind words' }, p3: { text: 'Rude words' } });
    run(state, { type: 'word:hide', questionId: 'w', word: 'rubbish', hidden: true });
    run(state, { type: 'answer:moderate', questionId: 'o', answerId: 'p1:o-p1-10', status: 'approved' });
    run(state, { type: 'answer:moderate', questionId: 'o', answerId: 'p3:o-p3-10', status: 'hidden' });

    const words = resultsOf(state, 'w', 'audience');
    for (const tally of [words.room, words.byChannel.onsite, words.byChannel.online, ...words.byTable.map((entry) => entry.tally)]) {
      expect(tally.words?.some((entry) => entry.word === 'rubbish')).toBe(false);
    }
    expect(words.room.words).toEqual([{ word: 'trust', count: 1 }]);
    expect(resultsOf(state, 'w').room.words).toEqual([
      { word: 'rubbish', count: 2, hidden: true },
      { word: 'trust', count: 1 },
    ]);

    const answers = resultsOf(state, 'o', 'audience');
    expect(answers.room.answers?.map((answer) => answer.text)).toEqual(['Kind words']);
    expect(answers.byChannel.online.answers).toEqual([]);
    expect(tables(answers).t2?.answers).toEqual([]);
    expect(resultsOf(state, 'o').room.answers?.map((answer) => answer.status)).toEqual(['approved', 'hidden']);
  });

  it('is what deriveResults gives the audience, question by question in the order they opened', () => {
    const state = secretVoted();
    expect(deriveResults(state, 'audience')).toEqual([resultsOf(state, 'e', 'audience'), resultsOf(state, 's', 'audience')]);
    expect(deriveResults(state, 'moderator')).toEqual([resultsOf(state, 'e'), resultsOf(state, 's')]);
  });

  it('is what questionResultsForAll gives both audiences from one computation', () => {
    const state = secretVoted();
    const both = () => ({ moderator: resultsOf(state, 's'), audience: resultsOf(state, 's', 'audience') });
    expect(questionResultsForAll(state, questionOf(state, 's'))).toEqual(both());
    run(state, close('s'));
    expect(questionResultsForAll(state, questionOf(state, 's'))).toEqual(both());
  });

  it('is a pure function of the moderators’ results', () => {
    const state = secretVoted();
    const question = questionOf(state, 's');
    const full = computeResults(question, questionOf(state, 'e'), state.participants, state.tables);
    const copy = structuredClone(full);

    expect(audienceResults(full, { reveal: 'after-close', status: 'open' }).room.hidden).toBe(true);
    expect(audienceResults(full, { reveal: 'after-close', status: 'closed' })).toEqual(full);
    // The earlier question it compares with hides its counts: so does the shift (the console preview's case).
    const closed = { reveal: 'after-close', status: 'closed' } as const;
    expect(audienceResults(full, closed, { reveal: 'after-close', status: 'open' }).shift).toBeNull();
    expect(audienceResults(full, closed, { reveal: 'live', status: 'open' }).shift).toEqual(full.shift);
    expect(full).toEqual(copy);
  });
});
