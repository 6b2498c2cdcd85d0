import { describe, expect, it } from 'vitest';
import {
  PAPER_MAX_BALLOTS,
  paperCountOf,
  QUESTION_LIMITS,
  type Answer,
  type Decision,
  type ErrorCode,
  type QuestionDefinition,
  type QuestionKind,
  type Result,
  type SessionCommand,
  type SessionState,
} from '@pnyx/shared';
import {
  addTables,
  castAnswer,
  claim,
  close,
  decideThenEvolve,
  facilitatorCode,
  optionId,
  paper,
  questionOf,
  questionOfKind,
  run,
  seat,
  sessionWith,
  tallyOf,
} from '../utils/domain-fixtures.js';

/**
 * Ballots of every kind, table-scope ballots, paper ballots and moderation, through `decide` and `evolve`
 * (every command checks that `decide` left the state untouched).
 */

const NOW = 5_000;

function expectRefusal(result: Result, code: ErrorCode): void {
  if (result.ok) expect.fail(`expected ${code}, got ${JSON.stringify(result)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message.trim()).not.toBe('');
}

const single = questionOfKind('qs', 'single');
const scale = questionOfKind('qc', 'scale', ['1', '2', '3', '4', '5']);
const multi = questionOfKind('qm', 'multi', ['W', 'X', 'Y', 'Z'], { maxChoices: 2 });
const ranking = questionOfKind('qr', 'ranking');
const cloud = questionOfKind('qw', 'wordcloud');
const openQuestion = questionOfKind('qo', 'open');
const tableSingle = questionOfKind('qt', 'single', ['Agree', 'Disagree'], { scope: 'table' });
const tableCloud = questionOfKind('qtw', 'wordcloud', [], { scope: 'table' });
const ALL = [single, scale, multi, ranking, cloud, openQuestion, tableSingle, tableCloud];
const o = optionId;

/**
 * p1…p5 joined, every question open, tables t1 and t2: p1 facilitates t1 (p2 also sits there), p3
 * facilitates t2, p4 sits at t2, p5 sits nowhere.
 */
function session(): SessionState {
  const state = sessionWith({ participants: ['p1', 'p2', 'p3', 'p4', 'p5'], questions: ALL });
  addTables(state, ['One', 'Two']);
  run(state, claim('p1', facilitatorCode('t1')));
  run(state, seat('p2', 't1'));
  run(state, claim('p3', facilitatorCode('t2')));
  run(state, seat('p4', 't2'));
  return state;
}

describe('ballot:cast of every kind', () => {
  it.each<[QuestionKind, QuestionDefinition, Answer, Answer]>([
    ['single', single, { optionId: o('qs', 1) }, { optionId: o('qs', 1) }],
    ['scale', scale, { optionId: o('qc', 4) }, { optionId: o('qc', 4) }],
    ['multi', multi, { optionIds: [o('qm', 3), o('qm', 0)] }, { optionIds: [o('qm', 3), o('qm', 0)] }],
    ['ranking', ranking, { optionIds: [o('qr', 2), o('qr', 0), o('qr', 1)] }, { optionIds: [o('qr', 2), o('qr', 0), o('qr', 1)] }],
    ['wordcloud', cloud, { words: ['  Trust ', ' ', 'Open data'] }, { words: ['Trust', 'Open data'] }],
    ['open', openQuestion, { text: '  More buses.\n' }, { text: 'More buses.' }],
  ])('accepts a well-formed %s answer and keeps it normalised', (_, definition, answer, stored) => {
    const state = session();

    const result = decideThenEvolve(state, castAnswer('p5', definition.id, 'b1', answer), NOW);

    const ballot = { id: 'b1', voterId: 'p5', participantId: 'p5', questionId: definition.id, answer: stored, castAt: NOW };
    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'ballot:accepted', ballot }] });
    expect(questionOf(state, definition.id).ballots.get('p5')).toEqual(ballot);
  });

  const long = (length: number) => 'x'.repeat(length + 1);

  it.each<[string, QuestionDefinition, Answer, ErrorCode]>([
    ['single: several options', single, { optionIds: [o('qs', 0)] }, 'invalid_answer'],
    ['single: words', single, { words: ['Yes'] }, 'invalid_answer'],
    ['single: an unknown option', single, { optionId: 'qs-z' }, 'invalid_option'],
    ['single: an option of another question', single, { optionId: o('qc', 0) }, 'invalid_option'],
    ['scale: several points', scale, { optionIds: [o('qc', 0), o('qc', 1)] }, 'invalid_answer'],
    ['scale: a point off the scale', scale, { optionId: 'qc-f' }, 'invalid_option'],
    ['multi: one option given as single', multi, { optionId: o('qm', 0) }, 'invalid_answer'],
    ['multi: no option', multi, { optionIds: [] }, 'invalid_answer'],
    ['multi: more than maxChoices', multi, { optionIds: [o('qm', 0), o('qm', 1), o('qm', 2)] }, 'invalid_answer'],
    ['multi: an option twice', multi, { optionIds: [o('qm', 0), o('qm', 0)] }, 'invalid_answer'],
    ['multi: an unknown option', multi, { optionIds: [o('qm', 0), 'qm-q'] }, 'invalid_option'],
    ['ranking: a single option', ranking, { optionId: o('qr', 0) }, 'invalid_answer'],
    ['ranking: an option left out', ranking, { optionIds: [o('qr', 0), o('qr', 1)] }, 'invalid_answer'],
    ['ranking: an option twice', ranking, { optionIds: [o('qr', 0), o('qr', 1), o('qr', 1)] }, 'invalid_answer'],
    ['ranking: an option twice and one left out, the right length', ranking, { optionIds: [o('qr', 0), o('qr', 0), o('qr', 1)] }, 'invalid_answer'],
    ['ranking: an unknown option', ranking, { optionIds: [o('qr', 0), o('qr', 1), 'qr-z'] }, 'invalid_option'],
    ['ranking: nothing', ranking, { optionIds: [] }, 'invalid_answer'],
    ['wordcloud: a text', cloud, { text: 'Trust' }, 'invalid_answer'],
    ['wordcloud: no words', cloud, { words: [] }, 'invalid_answer'],
    ['wordcloud: only blank entries', cloud, { words: ['  ', ''] }, 'invalid_answer'],
    ['wordcloud: only punctuation, which normalises to nothing', cloud, { words: ['!!!', ' - '] }, 'invalid_answer'],
    ['wordcloud: more entries than allowed', cloud, { words: Array.from({ length: QUESTION_LIMITS.maxWords + 1 }, (_, index) => `w${index}`) }, 'invalid_answer'],
    ['wordcloud: an entry too long', cloud, { words: ['ok', long(QUESTION_LIMITS.wordMaxLength)] }, 'invalid_answer'],
    ['open: words', openQuestion, { words: ['Trust'] }, 'invalid_answer'],
    ['open: an empty text', openQuestion, { text: '' }, 'invalid_answer'],
    ['open: only spaces', openQuestion, { text: ' \n\t ' }, 'invalid_answer'],
    ['open: a text too long', openQuestion, { text: long(QUESTION_LIMITS.openTextMaxLength) }, 'invalid_answer'],
  ])('refuses %s and changes nothing', (_, definition, answer, code) => {
    const state = session();
    run(state, castAnswer('p5', definition.id, 'b0', validAnswer(definition)));
    const before = structuredClone(questionOf(state, definition.id));

    expectRefusal(decideThenEvolve(state, castAnswer('p5', definition.id, 'b1', answer), NOW), code);

    expect(questionOf(state, definition.id)).toEqual(before);
  });

  it('accepts entries right at the limits', () => {
    const state = session();
    const words = Array.from({ length: QUESTION_LIMITS.maxWords }, (_, index) => `${index}`.padEnd(QUESTION_LIMITS.wordMaxLength, 'w'));
    expect(decideThenEvolve(state, castAnswer('p1', 'qw', 'b1', { words }), NOW).ok).toBe(true);
    expect(decideThenEvolve(state, castAnswer('p1', 'qo', 'b1', { text: 'x'.repeat(QUESTION_LIMITS.openTextMaxLength) }), NOW).ok).toBe(true);
    expect(decideThenEvolve(state, castAnswer('p1', 'qm', 'b1', { optionIds: [o('qm', 0), o('qm', 1)] }), NOW).ok).toBe(true);
  });
});

describe('table-scope ballots', () => {
  it("are cast by the table's facilitator and count for the table", () => {
    const state = session();

    const result = decideThenEvolve(state, castAnswer('p1', 'qt', 'b1', { optionId: o('qt', 0) }), NOW);

    const ballot = { id: 'b1', voterId: 't1', participantId: 'p1', questionId: 'qt', answer: { optionId: o('qt', 0) }, castAt: NOW };
    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'ballot:accepted', ballot }] });
    expect([...questionOf(state, 'qt').ballots.keys()]).toEqual(['t1']);
  });

  it.each<[string, string]>([
    ['a member who does not facilitate', 'p2'],
    ['a participant at no table', 'p5'],
  ])('are refused from %s as table_scope', (_, participantId) => {
    const state = session();
    expectRefusal(decideThenEvolve(state, castAnswer(participantId, 'qt', 'b1', { optionId: o('qt', 0) }), NOW), 'table_scope');
    expectRefusal(decideThenEvolve(state, castAnswer(participantId, 'qtw', 'b1', { words: ['Trust'] }), NOW), 'table_scope');
    expect(questionOf(state, 'qt').ballots.size).toBe(0);
  });

  it('are one per table: a changed ballot replaces it, the last counts', () => {
    const state = session();
    run(state, castAnswer('p1', 'qt', 'b1', { optionId: o('qt', 0) }));
    run(state, castAnswer('p3', 'qt', 'b2', { optionId: o('qt', 0) }));
    run(state, castAnswer('p1', 'qt', 'b3', { optionId: o('qt', 1) }));

    expect(tallyOf(state, 'qt')).toEqual({ questionId: 'qt', voters: 2, counts: { [o('qt', 0)]: 1, [o('qt', 1)]: 1 } });
    // A retry of the first, delivered late, does not override the change.
    expect(decideThenEvolve(state, castAnswer('p1', 'qt', 'b1', { optionId: o('qt', 0) }), NOW)).toEqual({ ok: true, duplicate: true, events: [] });
    expect(questionOf(state, 'qt').ballots.get('t1')?.id).toBe('b3');
  });

  it("a second facilitator of the table changes the table's ballot", () => {
    const state = session();
    run(state, claim('p2', facilitatorCode('t1')));
    run(state, castAnswer('p1', 'qt', 'b1', { optionId: o('qt', 0) }));
    run(state, castAnswer('p2', 'qt', 'b2', { optionId: o('qt', 1) }));

    expect(questionOf(state, 'qt').ballots.get('t1')).toMatchObject({ id: 'b2', participantId: 'p2', answer: { optionId: o('qt', 1) } });
    expect(tallyOf(state, 'qt').voters).toBe(1);
  });

  it('a facilitator who moved to another table can no longer vote for either', () => {
    const state = session();
    run(state, castAnswer('p1', 'qt', 'b1', { optionId: o('qt', 0) }));
    run(state, seat('p1', 't2'));

    expectRefusal(decideThenEvolve(state, castAnswer('p1', 'qt', 'b2', { optionId: o('qt', 1) }), NOW), 'table_scope');
    expect(questionOf(state, 'qt').ballots.get('t1')?.id).toBe('b1');
  });

  it('individual questions take every participant, facilitators too, each once', () => {
    const state = session();
    for (const participantId of ['p1', 'p2', 'p3', 'p4', 'p5']) run(state, castAnswer(participantId, 'qs', `b-${participantId}`, { optionId: o('qs', 0) }));
    expect(tallyOf(state, 'qs').voters).toBe(5);
  });
});

describe('ballot:cast refusals that do not depend on the answer', () => {
  it.each<[string, SessionCommand, ErrorCode]>([
    ['a participant who never joined', castAnswer('stranger', 'qs', 'b1', { optionId: o('qs', 0) }), 'not_joined'],
    ['an unknown question', castAnswer('p1', 'q-none', 'b1', { optionId: o('qs', 0) }), 'unknown_question'],
    ['a closed question, even with an invalid answer', castAnswer('p1', 'qw', 'b1', { words: [] }), 'question_closed'],
  ])('%s', (_, command, code) => {
    const state = session();
    run(state, close('qw'));
    expectRefusal(decideThenEvolve(state, command, NOW), code);
  });
});

describe('paper:enter', () => {
  const [S0, S1, S2] = [0, 1, 2].map((index) => o('qs', index)) as [string, string, string];
  const [M0, M1, M2] = [0, 1, 2].map((index) => o('qm', index)) as [string, string, string];

  it('records a table’s hand count, entered by a moderator or the table’s facilitator', () => {
    const state = session();

    const result = decideThenEvolve(state, paper(null, 'qs', 't1', { [S0]: 3, [S2]: 1 }), NOW);

    const entry = { counts: { [S0]: 3, [S1]: 0, [S2]: 1 }, voters: 4, tableId: 't1', enteredAt: NOW };
    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'paper:entered', questionId: 'qs', entry }] });
    expect(questionOf(state, 'qs').paper.get('t1')).toEqual(entry);

    run(state, paper('p3', 'qs', 't2', { [S1]: 2 }, 2));
    expect(questionOf(state, 'qs').paper.get('t2')).toMatchObject({ counts: { [S0]: 0, [S1]: 2, [S2]: 0 }, voters: 2 });
  });

  it('is read back by a moderator or the table’s facilitator only (paperCountOf)', () => {
    const state = session();
    expect(paperCountOf(state, null, 'qs', 't1')).toEqual({ ok: true, entry: null });
    run(state, paper('p1', 'qs', 't1', { [S0]: 2 }), NOW);

    const entry = { tableId: 't1', counts: { [S0]: 2, [S1]: 0, [S2]: 0 }, voters: 2, enteredAt: NOW };
    expect(paperCountOf(state, null, 'qs', 't1')).toEqual({ ok: true, entry });
    expect(paperCountOf(state, 'p1', 'qs', 't1')).toEqual({ ok: true, entry });
    expectRefusal(paperCountOf(state, 'p2', 'qs', 't1'), 'forbidden');
    expectRefusal(paperCountOf(state, 'p3', 'qs', 't1'), 'forbidden');
    expectRefusal(paperCountOf(state, null, 'qs', 't9'), 'unknown_table');
    expectRefusal(paperCountOf(state, null, 'q-none', 't1'), 'unknown_question');
  });

  it('is accepted after the question closed: hand counts come in late', () => {
    const state = session();
    run(state, close('qs'));
    expect(decideThenEvolve(state, paper(null, 'qs', 't1', { [S0]: 1 }), NOW).ok).toBe(true);
  });

  it('of a multiple-choice question needs the number of ballots, which must carry the counts', () => {
    const state = session();
    expectRefusal(decideThenEvolve(state, paper(null, 'qm', 't1', { [M0]: 3, [M1]: 2 }), NOW), 'invalid_input');
    expect(decideThenEvolve(state, paper(null, 'qm', 't1', { [M0]: 3, [M1]: 2, [M2]: 1 }, 3), NOW).ok).toBe(true);
    expect(questionOf(state, 'qm').paper.get('t1')).toMatchObject({ voters: 3 });
  });

  it.each<[string, SessionCommand, ErrorCode]>([
    ['an unknown option', paper(null, 'qs', 't1', { [S0]: 1, 'qs-z': 1 }), 'invalid_option'],
    ['an option of another question', paper(null, 'qs', 't1', { [M0]: 1 }), 'invalid_option'],
    ['a name every object inherits', paper(null, 'qs', 't1', { constructor: 7, [S0]: 1 }), 'invalid_option'],
    ['another inherited name', paper(null, 'qs', 't1', { toString: 1 }), 'invalid_option'],
    ['a fraction', paper(null, 'qs', 't1', { [S0]: 1.5 }), 'invalid_input'],
    ['a negative count', paper(null, 'qs', 't1', { [S0]: -1 }), 'invalid_input'],
    ['not a number', paper(null, 'qs', 't1', { [S0]: Number.NaN }), 'invalid_input'],
    ['an infinite count', paper(null, 'qs', 't1', { [S0]: Number.POSITIVE_INFINITY }), 'invalid_input'],
    ['a count over the limit', paper(null, 'qs', 't1', { [S0]: PAPER_MAX_BALLOTS + 1 }), 'invalid_input'],
    ['a number of ballots that is not the sum', paper(null, 'qs', 't1', { [S0]: 2, [S1]: 1 }, 4), 'invalid_input'],
    ['multi: no number of ballots', paper(null, 'qm', 't1', { [M0]: 1 }), 'invalid_input'],
    ['multi: fewer ballots than a count', paper(null, 'qm', 't1', { [M0]: 3 }, 2), 'invalid_input'],
    ['multi: ballots that cannot carry all choices', paper(null, 'qm', 't1', { [M0]: 3, [M1]: 3, [M2]: 3 }, 4), 'invalid_input'],
    ['multi: a fractional number of ballots', paper(null, 'qm', 't1', { [M0]: 1 }, 1.5), 'invalid_input'],
    ['multi: a negative number of ballots', paper(null, 'qm', 't1', {}, -1), 'invalid_input'],
    ['multi: too many ballots', paper(null, 'qm', 't1', {}, PAPER_MAX_BALLOTS + 1), 'invalid_input'],
    ['a ranking question', paper(null, 'qr', 't1', {}), 'invalid_answer'],
    ['a word cloud', paper(null, 'qw', 't1', {}), 'invalid_answer'],
    ['an open question', paper(null, 'qo', 't1', {}), 'invalid_answer'],
    ['a table-scope question', paper(null, 'qt', 't1', { [o('qt', 0)]: 1 }), 'invalid_answer'],
    ['an unknown question', paper(null, 'q-none', 't1', {}), 'unknown_question'],
    ['an unknown table', paper(null, 'qs', 't9', { [S0]: 1 }), 'unknown_table'],
    ["the facilitator of another table", paper('p3', 'qs', 't1', { [S0]: 1 }), 'forbidden'],
    ['a member who does not facilitate', paper('p2', 'qs', 't1', { [S0]: 1 }), 'forbidden'],
    ['a participant at no table', paper('p5', 'qs', 't1', { [S0]: 1 }), 'forbidden'],
    ['somebody unknown', paper('stranger', 'qs', 't1', { [S0]: 1 }), 'forbidden'],
  ])('refuses %s and changes nothing', (_, command, code) => {
    const state = session();
    run(state, paper(null, 'qs', 't1', { [S1]: 2 }));
    const before = structuredClone(state.questions);

    expectRefusal(decideThenEvolve(state, command, NOW), code);

    expect(state.questions).toEqual(before);
  });
});

describe('word:hide', () => {
  const hide = (word: string, hidden = true, questionId = 'qw'): SessionCommand => ({ type: 'word:hide', questionId, word, hidden });

  it('hides the normalised word, and shows it again', () => {
    const state = session();

    expect(decideThenEvolve(state, hide('  Rubbish! '), NOW)).toEqual({
      ok: true,
      duplicate: false,
      events: [{ type: 'word:hidden', questionId: 'qw', word: 'rubbish', hidden: true }],
    });
    expect([...questionOf(state, 'qw').hiddenWords]).toEqual(['rubbish']);

    expect(decideThenEvolve(state, hide('RUBBISH'), NOW)).toEqual({ ok: true, duplicate: false, events: [] });

    run(state, hide('rubbish', false));
    expect(questionOf(state, 'qw').hiddenWords.size).toBe(0);
    expect(decideThenEvolve(state, hide('rubbish', false), NOW)).toEqual({ ok: true, duplicate: false, events: [] });
  });

  it.each<[string, SessionCommand, ErrorCode]>([
    ['a question that is not a word cloud', hide('yes', true, 'qs'), 'invalid_answer'],
    ['an unknown question', hide('yes', true, 'q-none'), 'unknown_question'],
    ['a word that is only punctuation', hide('?!'), 'invalid_input'],
    ['an empty word', hide('   '), 'invalid_input'],
  ])('refuses %s', (_, command, code) => {
    const state = session();
    expectRefusal(decideThenEvolve(state, command, NOW), code);
    expect(questionOf(state, 'qw').hiddenWords.size).toBe(0);
  });
});

describe('answer:moderate', () => {
  const moderate = (answerId: string, status: 'approved' | 'hidden' | 'pending', questionId = 'qo'): SessionCommand => ({
    type: 'answer:moderate',
    questionId,
    answerId,
    status,
  });

  function answered(): SessionState {
    const state = session();
    run(state, castAnswer('p1', 'qo', 'b1', { text: 'First' }));
    run(state, castAnswer('p1', 'qo', 'b2', { text: 'Changed' }));
    run(state, castAnswer('p2', 'qw', 'b1', { words: ['Trust'] }));
    return state;
  }

  it('approves, hides and puts back an answer', () => {
    const state = answered();

    expect(decideThenEvolve(state, moderate('p1:b2', 'approved'), NOW)).toEqual({
      ok: true,
      duplicate: false,
      events: [{ type: 'answer:moderated', questionId: 'qo', answerId: 'p1:b2', status: 'approved' }],
    });
    expect(decideThenEvolve(state, moderate('p1:b2', 'approved'), NOW)).toEqual({ ok: true, duplicate: false, events: [] });
    run(state, moderate('p1:b2', 'hidden'));
    expect([...questionOf(state, 'qo').answerModeration]).toEqual([['p1:b2', 'hidden']]);
    run(state, moderate('p1:b2', 'pending'));
    expect(questionOf(state, 'qo').answerModeration.size).toBe(0);
    expect(decideThenEvolve(state, moderate('p1:b2', 'pending'), NOW)).toEqual({ ok: true, duplicate: false, events: [] });
  });

  it.each<[string, SessionCommand, ErrorCode]>([
    ['an answer that does not exist', moderate('p1:b9', 'approved'), 'invalid_input'],
    ["another participant's key", moderate('p2:b1', 'approved'), 'invalid_input'],
    ['a question that is not open-ended', moderate('p2:b1', 'hidden', 'qw'), 'invalid_answer'],
    ['an unknown question', moderate('p1:b1', 'hidden', 'q-none'), 'unknown_question'],
  ])('refuses %s', (_, command, code) => {
    const state = answered();
    expectRefusal(decideThenEvolve(state, command, NOW), code);
    expect(questionOf(state, 'qo').answerModeration.size).toBe(0);
  });
});

/** A well-formed answer to any of the questions above. */
function validAnswer(definition: QuestionDefinition): Answer {
  const ids = definition.options.map((option) => option.id);
  switch (definition.kind) {
    case 'single':
    case 'scale':
      return { optionId: ids[0]! };
    case 'multi':
      return { optionIds: ids.slice(0, 1) };
    case 'ranking':
      return { optionIds: ids };
    case 'wordcloud':
      return { words: ['Trust'] };
    case 'open':
      return { text: 'An answer' };
  }
}
