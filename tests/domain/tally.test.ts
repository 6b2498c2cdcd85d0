import { describe, expect, it } from 'vitest';
import {
  ballotsOf,
  deriveLiveView,
  deriveResults,
  execute,
  forAudience,
  normaliseWord,
  type Answer,
  type QuestionDefinition,
  type SessionState,
  type Tally,
} from '@pnyx/shared';
import {
  addTables,
  cast,
  castAnswer,
  claim,
  close,
  facilitatorCode,
  join,
  newSession,
  open,
  optionId,
  paper,
  questionDefinition,
  questionOf,
  questionOfKind,
  run,
  seat,
  sessionWith,
  SESSION_INFO,
  tallyOf,
} from '../utils/domain-fixtures.js';

const q1 = questionDefinition('q1', ['Yes', 'No', 'Abstain']);
const q2 = questionDefinition('q2', ['Red', 'Green']);
const [A, B, C] = [0, 1, 2].map((index) => optionId('q1', index)) as [string, string, string];
const voters = ['p1', 'p2', 'p3', 'p4'];

/** [participant, answer] in the order they are cast; each cast gets a fresh ballot id. */
type Answered = [string, Answer];

/** A session with p1…p6 joined, `definition` open and these answers cast through `execute`. */
function answered(definition: QuestionDefinition, answers: readonly Answered[]): SessionState {
  const state = sessionWith({ participants: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'], questions: [definition] });
  for (const [index, [participantId, answer]] of answers.entries()) {
    run(state, castAnswer(participantId, definition.id, `b${index + 1}`, answer), 10 + index);
  }
  return state;
}

describe('computeTally of a single-choice question', () => {
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

    expect(tallyOf(state, 'q1')).toEqual({ questionId: 'q1', counts: { [A]: a, [B]: b, [C]: c }, voters: voterCount });
  });

  it('lists the counts in the order of the options', () => {
    const definition: QuestionDefinition = {
      ...questionDefinition('order'),
      options: [
        { id: 'zeta', label: 'Z' },
        { id: 'alpha', label: 'A' },
        { id: 'mid', label: 'M' },
      ],
    };
    const state = sessionWith({ participants: ['p1'], questions: [definition] });
    run(state, cast('p1', 'order', 'b1', 'mid'));

    expect(Object.keys(tallyOf(state, 'order').counts)).toEqual(['zeta', 'alpha', 'mid']);
  });

  it('keeps counting the ballots of a closed question', () => {
    const state = sessionWith({ participants: voters, questions: [q1] });
    run(state, cast('p1', 'q1', 'b1', A));
    run(state, cast('p2', 'q1', 'b2', A));
    run(state, close('q1'));

    expect(tallyOf(state, 'q1')).toEqual({ questionId: 'q1', counts: { [A]: 2, [B]: 0, [C]: 0 }, voters: 2 });
  });
});

describe('option ids a plain object cannot keep as ordered keys', () => {
  // `counts` promises every option, in option order. Either such ids are refused when the question opens,
  // or they must be counted like any other.
  it.each<[string, string[]]>([
    ['an option id __proto__', ['__proto__', 'other']],
    ['integer-like ids', ['10', '2', 'other']],
  ])('%s: refused at open, or counted in option order', (_, ids) => {
    const definition: QuestionDefinition = { ...questionDefinition('q'), options: ids.map((id) => ({ id, label: id })) };
    const state = sessionWith({ participants: ['p1'] });

    const opened = execute(state, open(definition), 0);
    if (!opened.ok) {
      expect(opened.error.code).toBe('question_not_ready');
      return;
    }
    const [first] = ids as [string];
    run(state, cast('p1', 'q', 'b1', first));
    const tally = tallyOf(state, 'q');

    expect(Object.entries(tally.counts)).toEqual(ids.map((id) => [id, id === first ? 1 : 0]));
    expect(tally.voters).toBe(1);
  });
});

describe('computeTally of a multiple-choice question', () => {
  const multi = questionOfKind('m', 'multi', ['W', 'X', 'Y', 'Z'], { maxChoices: 2 });
  const [W, X, Y, Z] = [0, 1, 2, 3].map((index) => optionId('m', index)) as [string, string, string, string];

  it.each<[string, Answered[], [number, number, number, number], number]>([
    ['no ballots', [], [0, 0, 0, 0], 0],
    ['a ballot counts for every option it includes', [['p1', { optionIds: [W, Y] }]], [1, 0, 1, 0], 1],
    [
      'counts per option may add up to more than the voters',
      [['p1', { optionIds: [W, X] }], ['p2', { optionIds: [X] }], ['p3', { optionIds: [Y, W] }]],
      [2, 2, 1, 0],
      3,
    ],
    ['a changed ballot counts only its last choices', [['p1', { optionIds: [W, X] }], ['p2', { optionIds: [W] }], ['p1', { optionIds: [Z] }]], [1, 0, 0, 1], 2],
  ])('%s', (_, answers, [w, x, y, z], voterCount) => {
    expect(tallyOf(answered(multi, answers), 'm')).toEqual({ questionId: 'm', counts: { [W]: w, [X]: x, [Y]: y, [Z]: z }, voters: voterCount });
  });

  it.each<[string, Answer]>([
    ['more choices than maxChoices', { optionIds: [W, X, Y] }],
    ['no choice', { optionIds: [] }],
    ['an option chosen twice', { optionIds: [W, W] }],
    ['a single-choice answer', { optionId: W }],
  ])('refuses %s and counts nothing', (_, answer) => {
    const state = answered(multi, [['p1', { optionIds: [X] }]]);

    const result = execute(state, castAnswer('p2', 'm', 'bad', answer), 100);

    expect(result.ok ? 'accepted' : result.error.code).toBe('invalid_answer');
    expect(tallyOf(state, 'm')).toEqual({ questionId: 'm', counts: { [W]: 0, [X]: 1, [Y]: 0, [Z]: 0 }, voters: 1 });
  });
});

describe('computeTally of a scale question', () => {
  const scale = questionOfKind('s', 'scale', ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree']);
  const point = (value: number) => optionId('s', value - 1);

  it.each<[string, number[], [number, number, number, number, number], number | null]>([
    ['no ballots: no mean', [], [0, 0, 0, 0, 0], null],
    ['one ballot on the first point: the first option is worth 1', [1], [1, 0, 0, 0, 0], 1],
    ['one ballot on the last point', [5], [0, 0, 0, 0, 1], 5],
    ['a spread', [1, 2, 5, 5], [1, 1, 0, 0, 2], 13 / 4],
    ['everyone in the middle', [3, 3, 3], [0, 0, 3, 0, 0], 3],
  ])('%s', (_, points, distribution, mean) => {
    const state = answered(
      scale,
      points.map((value, index): Answered => [`p${index + 1}`, { optionId: point(value) }]),
    );

    expect(tallyOf(state, 's')).toEqual({
      questionId: 's',
      counts: Object.fromEntries(distribution.map((count, index) => [point(index + 1), count])),
      voters: points.length,
      mean,
    });
  });

  it('includes paper ballots in the distribution and the mean', () => {
    const state = answered(scale, [['p1', { optionId: point(5) }]]);
    addTables(state, ['Table 1']);
    run(state, paper(null, 's', 't1', { [point(1)]: 2, [point(4)]: 1 }));

    expect(tallyOf(state, 's')).toMatchObject({ voters: 4, mean: (5 + 1 + 1 + 4) / 4 });
    expect(tallyOf(state, 's').counts).toEqual({ [point(1)]: 2, [point(2)]: 0, [point(3)]: 0, [point(4)]: 1, [point(5)]: 1 });
  });
});

describe('computeTally of a ranking question', () => {
  const ranking = questionOfKind('r', 'ranking', ['Housing', 'Transport', 'Climate']);
  const [H, T, K] = [0, 1, 2].map((index) => optionId('r', index)) as [string, string, string];

  it('gives first places as counts, the average rank and Borda points, best first', () => {
    const state = answered(ranking, [
      ['p1', { optionIds: [H, T, K] }],
      ['p2', { optionIds: [T, H, K] }],
      ['p3', { optionIds: [H, K, T] }],
    ]);

    // Places: H 1, 2, 1; T 2, 1, 3; K 3, 3, 2. With 3 options a first place is worth 2 points, a last 0.
    expect(tallyOf(state, 'r')).toEqual({
      questionId: 'r',
      voters: 3,
      counts: { [H]: 2, [T]: 1, [K]: 0 },
      ranking: [
        { optionId: H, averageRank: 4 / 3, borda: 5 },
        { optionId: T, averageRank: 2, borda: 3 },
        { optionId: K, averageRank: 8 / 3, borda: 1 },
      ],
    });
  });

  it('ranks the option the room prefers first even when it is listed last', () => {
    const state = answered(ranking, [
      ['p1', { optionIds: [K, T, H] }],
      ['p2', { optionIds: [K, H, T] }],
    ]);

    expect(tallyOf(state, 'r').ranking?.map((option) => option.optionId)).toEqual([K, H, T]);
  });

  it('puts tied options in option order', () => {
    // T and K tie (one first and one second place each); H is last twice.
    const state = answered(ranking, [
      ['p1', { optionIds: [K, T, H] }],
      ['p2', { optionIds: [T, K, H] }],
    ]);

    expect(tallyOf(state, 'r').ranking).toEqual([
      { optionId: T, averageRank: 1.5, borda: 3 },
      { optionId: K, averageRank: 1.5, borda: 3 },
      { optionId: H, averageRank: 3, borda: 0 },
    ]);
  });

  it('without ballots lists every option in option order with no average rank', () => {
    expect(tallyOf(answered(ranking, []), 'r')).toEqual({
      questionId: 'r',
      voters: 0,
      counts: { [H]: 0, [T]: 0, [K]: 0 },
      ranking: [H, T, K].map((optionId) => ({ optionId, averageRank: null, borda: 0 })),
    });
  });

  it('counts a changed ranking once, as last cast', () => {
    const state = answered(ranking, [
      ['p1', { optionIds: [H, T, K] }],
      ['p1', { optionIds: [K, T, H] }],
    ]);

    expect(tallyOf(state, 'r')).toMatchObject({ voters: 1, counts: { [H]: 0, [T]: 0, [K]: 1 } });
    expect(tallyOf(state, 'r').ranking?.[0]).toEqual({ optionId: K, averageRank: 1, borda: 2 });
  });

  it.each<[string, string[], string]>([
    ['an incomplete ranking', [H, T], 'invalid_answer'],
    ['an option twice', [H, T, T], 'invalid_answer'],
    ['an unknown option', [H, T, 'r-z'], 'invalid_option'],
  ])('refuses %s and counts nothing', (_, order, code) => {
    const state = answered(ranking, []);

    const result = execute(state, castAnswer('p1', 'r', 'bad', { optionIds: order }), 100);

    expect(result.ok ? 'accepted' : result.error.code).toBe(code);
    expect(tallyOf(state, 'r').voters).toBe(0);
  });
});

describe('word clouds', () => {
  const cloud = questionOfKind('w', 'wordcloud');

  it.each<[string, string, string]>([
    ['case', 'TRUST', 'trust'],
    ['surrounding spaces', '  trust  ', 'trust'],
    ['inner spacing', 'open \t  data', 'open data'],
    ['accents', 'Trüst', 'trust'],
    ['accents of other languages', 'Éducation', 'education'],
    ['punctuation around', '"trust!"', 'trust'],
    ['inverted punctuation', '¿Qué?', 'que'],
    ['a hashtag', '#trust', 'trust'],
    ['inner punctuation is kept', "people's", "people's"],
    ['hyphens inside are kept', 'e-voting', 'e-voting'],
    ['nothing but punctuation', '?!', ''],
  ])('normaliseWord drops %s', (_, word, expected) => {
    expect(normaliseWord(word)).toBe(expected);
  });

  it('counts spellings of one word together, most frequent first, ties by word', () => {
    const state = answered(cloud, [
      ['p1', { words: ['Trust', 'Open data'] }],
      ['p2', { words: [' trust ', 'Fairness'] }],
      ['p3', { words: ['TRÜST!', 'open   data'] }],
      ['p4', { words: ['Access'] }],
    ]);

    expect(tallyOf(state, 'w')).toEqual({
      questionId: 'w',
      voters: 4,
      counts: {},
      words: [
        { word: 'trust', count: 3 },
        { word: 'open data', count: 2 },
        { word: 'access', count: 1 },
        { word: 'fairness', count: 1 },
      ],
    });
  });

  it('counts a word one voter gives twice (in any spelling) once', () => {
    const state = answered(cloud, [
      ['p1', { words: ['Trust', 'trust!', 'TRUST'] }],
      ['p2', { words: ['trust'] }],
    ]);

    expect(tallyOf(state, 'w').words).toEqual([{ word: 'trust', count: 2 }]);
  });

  it('counts the words of a changed answer only', () => {
    const state = answered(cloud, [
      ['p1', { words: ['Trust'] }],
      ['p1', { words: ['Hope'] }],
    ]);

    expect(tallyOf(state, 'w')).toMatchObject({ voters: 1, words: [{ word: 'hope', count: 1 }] });
  });

  it('drops an entry that is only punctuation, but counts the voter', () => {
    const state = answered(cloud, [['p1', { words: ['?!', 'Hope'] }]]);

    expect(tallyOf(state, 'w')).toMatchObject({ voters: 1, words: [{ word: 'hope', count: 1 }] });
  });

  it('flags words a moderator hid, in any spelling, and the audience never sees them', () => {
    const state = answered(cloud, [
      ['p1', { words: ['Rubbish', 'Trust'] }],
      ['p2', { words: ['rubbish'] }],
    ]);
    run(state, { type: 'word:hide', questionId: 'w', word: ' RUBBISH! ', hidden: true });

    const tally = tallyOf(state, 'w');
    expect(tally.words).toEqual([
      { word: 'rubbish', count: 2, hidden: true },
      { word: 'trust', count: 1 },
    ]);
    expect(forAudience(tally, { reveal: 'live', status: 'open' }).words).toEqual([{ word: 'trust', count: 1 }]);

    run(state, { type: 'word:hide', questionId: 'w', word: 'rubbish', hidden: false });
    expect(tallyOf(state, 'w').words).toEqual([
      { word: 'rubbish', count: 2 },
      { word: 'trust', count: 1 },
    ]);
  });
});

describe('open answers', () => {
  const openQuestion = questionOfKind('o', 'open');

  it('lists every answer in the order it came, trimmed, waiting for moderation', () => {
    const state = answered(openQuestion, [
      ['p2', { text: '  More buses.  ' }],
      ['p1', { text: 'Cheaper rent' }],
    ]);

    expect(tallyOf(state, 'o')).toEqual({
      questionId: 'o',
      voters: 2,
      counts: {},
      answers: [
        { id: 'p2:b1', text: 'More buses.', status: 'pending', castAt: 10 },
        { id: 'p1:b2', text: 'Cheaper rent', status: 'pending', castAt: 11 },
      ],
    });
  });

  it('shows what moderators decided; the audience sees approved answers only', () => {
    const state = answered(openQuestion, [
      ['p1', { text: 'First' }],
      ['p2', { text: 'Second' }],
      ['p3', { text: 'Third' }],
    ]);
    run(state, { type: 'answer:moderate', questionId: 'o', answerId: 'p1:b1', status: 'approved' });
    run(state, { type: 'answer:moderate', questionId: 'o', answerId: 'p2:b2', status: 'hidden' });
    run(state, { type: 'answer:moderate', questionId: 'o', answerId: 'p3:b3', status: 'approved' });
    run(state, { type: 'answer:moderate', questionId: 'o', answerId: 'p3:b3', status: 'pending' });

    const tally = tallyOf(state, 'o');
    expect(tally.answers?.map(({ id, status }) => [id, status])).toEqual([
      ['p1:b1', 'approved'],
      ['p2:b2', 'hidden'],
      ['p3:b3', 'pending'],
    ]);
    expect(forAudience(tally, { reveal: 'live', status: 'open' }).answers).toEqual([
      { id: 'p1:b1', text: 'First', status: 'approved', castAt: 10 },
    ]);
  });

  it('a changed answer is a new answer, waiting again', () => {
    const state = answered(openQuestion, [['p1', { text: 'First' }]]);
    run(state, { type: 'answer:moderate', questionId: 'o', answerId: 'p1:b1', status: 'approved' });
    run(state, castAnswer('p1', 'o', 'b2', { text: 'Second thoughts' }), 50);

    expect(tallyOf(state, 'o')).toMatchObject({
      voters: 1,
      answers: [{ id: 'p1:b2', text: 'Second thoughts', status: 'pending', castAt: 50 }],
    });
  });
});

describe('paper ballots', () => {
  function withTables(definition: QuestionDefinition): SessionState {
    const state = sessionWith({ participants: ['p1', 'p2'], questions: [definition] });
    addTables(state, ['Table 1', 'Table 2']);
    return state;
  }

  it('add to the counts and the voters of the room', () => {
    const state = withTables(q1);
    run(state, cast('p1', 'q1', 'b1', A));
    run(state, paper(null, 'q1', 't1', { [A]: 3, [B]: 1 }));
    run(state, paper(null, 'q1', 't2', { [C]: 2 }));

    expect(tallyOf(state, 'q1')).toEqual({ questionId: 'q1', counts: { [A]: 4, [B]: 1, [C]: 2 }, voters: 7 });
  });

  it('a new entry for a table replaces its previous one', () => {
    const state = withTables(q1);
    run(state, paper(null, 'q1', 't1', { [A]: 3, [B]: 1 }));
    run(state, paper(null, 'q1', 't1', { [B]: 2 }));

    expect(tallyOf(state, 'q1')).toEqual({ questionId: 'q1', counts: { [A]: 0, [B]: 2, [C]: 0 }, voters: 2 });
  });

  it('of a multiple-choice question count the ballots handed in, not the choices', () => {
    const multi = questionOfKind('m', 'multi', ['W', 'X', 'Y'], { maxChoices: 2 });
    const state = withTables(multi);
    run(state, castAnswer('p1', 'm', 'b1', { optionIds: [optionId('m', 0), optionId('m', 2)] }));
    run(state, paper(null, 'm', 't1', { [optionId('m', 0)]: 3, [optionId('m', 1)]: 2 }, 4));

    expect(tallyOf(state, 'm')).toEqual({
      questionId: 'm',
      counts: { [optionId('m', 0)]: 4, [optionId('m', 1)]: 2, [optionId('m', 2)]: 1 },
      voters: 5,
    });
  });
});

describe('forAudience', () => {
  const tally: Tally = { questionId: 'q1', counts: { [A]: 2, [B]: 1, [C]: 0 }, voters: 3 };

  it.each<[string, 'live' | 'after-close', 'open' | 'closed', Tally]>([
    ['shows a live question while it is open', 'live', 'open', tally],
    ['shows a live question once closed', 'live', 'closed', tally],
    ['hides the counts of an after-close question while it is open, but not how many voted', 'after-close', 'open', { questionId: 'q1', counts: {}, voters: 3, hidden: true }],
    ['shows an after-close question once closed', 'after-close', 'closed', tally],
  ])('%s', (_, reveal, status, expected) => {
    expect(forAudience(tally, { reveal, status })).toEqual(expected);
  });

  it('hides every detail of an open after-close question of any kind', () => {
    const ranked: Tally = {
      questionId: 'r',
      counts: { x: 1, y: 0 },
      voters: 1,
      ranking: [
        { optionId: 'x', averageRank: 1, borda: 1 },
        { optionId: 'y', averageRank: 2, borda: 0 },
      ],
    };
    const words: Tally = { questionId: 'w', counts: {}, voters: 1, words: [{ word: 'trust', count: 1 }] };
    const answers: Tally = { questionId: 'o', counts: {}, voters: 1, answers: [{ id: 'p1:b1', text: 'Hi', status: 'approved', castAt: 1 }] };
    const scale: Tally = { questionId: 's', counts: { x: 1, y: 0 }, voters: 1, mean: 1 };

    for (const shown of [ranked, words, answers, scale]) {
      expect(forAudience(shown, { reveal: 'after-close', status: 'open' })).toEqual({ questionId: shown.questionId, counts: {}, voters: 1, hidden: true });
    }
  });

  it('is idempotent and does not change the tally it is given', () => {
    const words: Tally = { questionId: 'w', counts: {}, voters: 2, words: [{ word: 'a', count: 2, hidden: true }, { word: 'b', count: 1 }] };
    const copy = structuredClone(words);

    const once = forAudience(words, { reveal: 'live', status: 'open' });

    expect(forAudience(once, { reveal: 'live', status: 'open' })).toEqual(once);
    expect(words).toEqual(copy);
    const hidden = forAudience(tally, { reveal: 'after-close', status: 'open' });
    expect(forAudience(hidden, { reveal: 'live', status: 'closed' })).toEqual(hidden);
  });
});

describe('deriveResults: the room tallies', () => {
  const roomTallies = (state: SessionState) => deriveResults(state, 'moderator').map((results) => results.room);

  it('is empty before any question opens', () => {
    expect(deriveResults(sessionWith({ participants: voters }), 'moderator')).toEqual([]);
    expect(deriveResults(sessionWith({ participants: voters }), 'audience')).toEqual([]);
  });

  it('gives one tally per question, in the order the questions first opened', () => {
    const state = sessionWith({ participants: voters, questions: [q2, q1] });
    run(state, cast('p1', 'q1', 'b1', A));
    run(state, cast('p1', 'q2', 'b2', optionId('q2', 1)));
    run(state, cast('p2', 'q2', 'b3', optionId('q2', 1)));

    expect(roomTallies(state)).toEqual([
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
      languages: { main: 'en', others: [], projectorSecond: null },
      serverTime: NOW,
      phase: null,
      timer: null,
      questions: [],
      screenQuestionId: null,
      screen: { mode: 'room', tableId: null },
      tables: [],
      results: [],
      endedAt: null,
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
      languages: { main: 'en', others: [], projectorSecond: null },
      serverTime: NOW,
      phase: null,
      timer: null,
      questions: [
        { ...q1, status: 'open' },
        { ...q2, status: 'closed' },
        { ...q3, status: 'open' },
      ],
      screenQuestionId: 'q1',
      screen: { mode: 'room', tableId: null },
      tables: [],
      results: [],
      endedAt: null,
    });
  });

  it('shows the new text of a question reopened without ballots', () => {
    const state = sessionWith({ questions: [q1] });
    run(state, close('q1'));
    run(state, open({ ...q1, text: 'Rephrased?' }));

    expect(deriveLiveView(state, NOW).questions).toEqual([{ ...q1, text: 'Rephrased?', status: 'open' }]);
  });

  it('lists the tables by id and name, without their facilitator codes', () => {
    const state = newSession();
    addTables(state, ['Window', 'Door']);

    expect(deriveLiveView(state, NOW).tables).toEqual([
      { id: 't1', name: 'Window' },
      { id: 't2', name: 'Door' },
    ]);
  });
});

describe('ballotsOf', () => {
  const tableQuestion = questionOfKind('qt', 'single', ['Agree', 'Disagree'], { scope: 'table' });
  const state = sessionWith({ participants: voters, questions: [q1, q2, tableQuestion] });
  addTables(state, ['Table 1']);
  run(state, seat('p1', 't1'));
  run(state, seat('p2', 't1'));
  run(state, claim('p2', facilitatorCode('t1')));
  run(state, cast('p1', 'q1', 'b1', A), 1);
  run(state, cast('p1', 'q1', 'b2', C), 2);
  run(state, cast('p1', 'q2', 'b3', optionId('q2', 0)), 3);
  run(state, cast('p2', 'q2', 'b4', optionId('q2', 1)), 4);
  run(state, cast('p1', 'q1', 'b1', A), 5);
  run(state, cast('p2', 'qt', 'b5', optionId('qt', 0)), 6);
  run(state, join('p5'));
  const tableBallot = { id: 'b5', voterId: 't1', participantId: 'p2', questionId: 'qt', answer: { optionId: optionId('qt', 0) }, castAt: 6 };

  it.each([
    [
      'both questions, the last ballot on q1, and the table ballot its facilitator cast',
      'p1',
      [
        { id: 'b2', voterId: 'p1', participantId: 'p1', questionId: 'q1', answer: { optionId: C }, castAt: 2 },
        { id: 'b3', voterId: 'p1', participantId: 'p1', questionId: 'q2', answer: { optionId: optionId('q2', 0) }, castAt: 3 },
        tableBallot,
      ],
    ],
    [
      'only the question voted on, and the table ballot',
      'p2',
      [{ id: 'b4', voterId: 'p2', participantId: 'p2', questionId: 'q2', answer: { optionId: optionId('q2', 1) }, castAt: 4 }, tableBallot],
    ],
    ['nothing for a participant who did not vote and sits at no table', 'p3', []],
    ['nothing for a participant who joined late', 'p5', []],
  ])('gives %s', (_, participantId, expected) => {
    expect(ballotsOf(state, state.participants.get(participantId)!)).toEqual(expected);
  });

  it('gives a table ballot to whoever sits at the table now', () => {
    const moved = structuredClone(state);
    run(moved, seat('p3', 't1'));
    run(moved, seat('p1', null));

    expect(ballotsOf(moved, moved.participants.get('p3')!)).toEqual([tableBallot]);
    expect(ballotsOf(moved, moved.participants.get('p1')!).map((ballot) => ballot.questionId)).toEqual(['q1', 'q2']);
  });
});

describe('what a tally does not depend on', () => {
  it('a question state is read, never changed', () => {
    const state = answered(questionOfKind('w', 'wordcloud'), [['p1', { words: ['a', 'b'] }]]);
    const before = structuredClone(questionOf(state, 'w'));

    tallyOf(state, 'w');
    deriveResults(state, 'audience');

    expect(questionOf(state, 'w')).toEqual(before);
  });
});
