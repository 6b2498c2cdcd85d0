import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkQuestionDefinition } from '@pnyx/shared';
import {
  addOption,
  addQuestion,
  findQuestion,
  optionLabel,
  optionList,
  questionList,
  questionText,
  questionReveal,
  readQuestionDefinition,
  readQuestions,
  removeOption,
  removeQuestion,
  setQuestionField,
  setQuestionReveal,
  type QuestionMap,
} from '@pnyx/shared/session-doc';

/** What a question reads as when the document does not say otherwise. */
const DEFAULTS = { scope: 'individual', maxChoices: 1, comparesWith: null, reference: null } as const;

/** Types what a moderator would: replaces the text of a Y.Text. */
function type(text: Y.Text, value: string): void {
  text.delete(0, text.length);
  text.insert(0, value);
}

function labelOf(question: QuestionMap, index: number): Y.Text {
  const option = optionList(question).get(index);
  if (!option) throw new Error(`no option at ${index}`);
  return optionLabel(option);
}

/** A doc with question q1 "Lunch?" whose options a and b read "Pizza" and "Salad". */
function docWithLunch(): { doc: Y.Doc; question: QuestionMap } {
  const doc = new Y.Doc();
  const question = addQuestion(doc, 'q1', ['a', 'b']);
  type(questionText(question), 'Lunch?');
  type(labelOf(question, 0), 'Pizza');
  type(labelOf(question, 1), 'Salad');
  return { doc, question };
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('building questions in a Y.Doc', () => {
  it('adds a single-choice question with empty text and empty labels', () => {
    const doc = new Y.Doc();
    addQuestion(doc, 'q1', ['a', 'b', 'c']);

    expect(readQuestionDefinition(doc, 'q1')).toEqual({
      id: 'q1',
      kind: 'single',
      text: '',
      options: [
        { id: 'a', label: '' },
        { id: 'b', label: '' },
        { id: 'c', label: '' },
      ],
      reveal: 'live',
      ...DEFAULTS,
    });
    expect(findQuestion(doc, 'q1')?.get('kind')).toBe('single');
  });

  it('reads the text and labels typed into the question', () => {
    const { doc } = docWithLunch();
    expect(readQuestionDefinition(doc, 'q1')).toEqual({
      id: 'q1',
      kind: 'single',
      text: 'Lunch?',
      options: [
        { id: 'a', label: 'Pizza' },
        { id: 'b', label: 'Salad' },
      ],
      reveal: 'live',
      ...DEFAULTS,
    });
  });

  it('keeps questions in the order they were added', () => {
    const doc = new Y.Doc();
    for (const id of ['q3', 'q1', 'q2']) addQuestion(doc, id, []);
    expect(questionList(doc).toArray().map((question) => question.get('id'))).toEqual(['q3', 'q1', 'q2']);
    expect(readQuestionDefinition(doc, 'q1')).toMatchObject({ id: 'q1', options: [] });
  });

  it.each<[string, (question: QuestionMap) => void, [string, string][]]>([
    ['adds an option with a label', (question) => addOption(question, 'c', 'Soup'), [['a', 'Pizza'], ['b', 'Salad'], ['c', 'Soup']]],
    ['adds an option with an empty label by default', (question) => addOption(question, 'c'), [['a', 'Pizza'], ['b', 'Salad'], ['c', '']]],
    ['removes the first option', (question) => removeOption(question, 'a'), [['b', 'Salad']]],
    ['removes the last option', (question) => removeOption(question, 'b'), [['a', 'Pizza']]],
    ['ignores removing an unknown option', (question) => removeOption(question, 'z'), [['a', 'Pizza'], ['b', 'Salad']]],
    [
      'removes an option added later, leaving the others',
      (question) => {
        addOption(question, 'c', 'Soup');
        removeOption(question, 'b');
      },
      [['a', 'Pizza'], ['c', 'Soup']],
    ],
  ])('%s', (_, edit, options) => {
    const { doc, question } = docWithLunch();
    edit(question);
    expect(readQuestionDefinition(doc, 'q1')?.options).toEqual(options.map(([id, label]) => ({ id, label })));
  });

  it('removes a question and only that one', () => {
    const { doc } = docWithLunch();
    addQuestion(doc, 'q2', ['x', 'y']);

    removeQuestion(doc, 'q1');

    expect(readQuestionDefinition(doc, 'q1')).toBeNull();
    expect(readQuestionDefinition(doc, 'q2')).toMatchObject({ id: 'q2', options: [{ id: 'x' }, { id: 'y' }] });
    removeQuestion(doc, 'q-unknown');
    expect(questionList(doc).length).toBe(1);
  });

  it('reads null for a question the doc does not have', () => {
    expect(readQuestionDefinition(docWithLunch().doc, 'q2')).toBeNull();
    expect(readQuestionDefinition(new Y.Doc(), 'q1')).toBeNull();
  });

  it('gives a definition the session core can open once it is filled in', () => {
    const doc = new Y.Doc();
    const question = addQuestion(doc, 'q1', ['a', 'b']);
    const read = () => readQuestionDefinition(doc, 'q1');
    expect(checkQuestionDefinition(read()!)).toMatchObject({ code: 'question_not_ready' });

    type(questionText(question), 'Lunch?');
    type(labelOf(question, 0), 'Pizza');
    type(labelOf(question, 1), 'Salad');

    expect(checkQuestionDefinition(read()!)).toBeNull();
  });
});

describe('when a question reveals its counts', () => {
  it('is live unless the question says otherwise', () => {
    const { doc, question } = docWithLunch();
    expect(questionReveal(question)).toBe('live');
    expect(readQuestionDefinition(doc, 'q1')?.reveal).toBe('live');
  });

  it('can be set when the question is added, with its text and labels', () => {
    const doc = new Y.Doc();
    addQuestion(doc, 'q1', ['a', 'b'], { text: 'Secret?', labels: ['Yes', 'No'], reveal: 'after-close' });

    expect(readQuestionDefinition(doc, 'q1')).toEqual({
      id: 'q1',
      kind: 'single',
      text: 'Secret?',
      options: [
        { id: 'a', label: 'Yes' },
        { id: 'b', label: 'No' },
      ],
      reveal: 'after-close',
      ...DEFAULTS,
    });
  });

  it('can be changed and changed back', () => {
    const { doc, question } = docWithLunch();
    setQuestionReveal(question, 'after-close');
    expect(readQuestionDefinition(doc, 'q1')?.reveal).toBe('after-close');
    setQuestionReveal(question, 'live');
    expect(readQuestionDefinition(doc, 'q1')?.reveal).toBe('live');
  });

  it.each<[string, unknown]>([
    ['an unknown value', 'never'],
    ['a boolean', true],
    ['a value in capitals', 'AFTER-CLOSE'],
  ])('reads %s as live', (_, junk) => {
    const { doc, question } = docWithLunch();
    question.set('reveal', junk);
    expect(readQuestionDefinition(doc, 'q1')?.reveal).toBe('live');
  });

  it('reads every question in document order with its reveal', () => {
    const doc = new Y.Doc();
    addQuestion(doc, 'q2', ['a', 'b'], { reveal: 'after-close' });
    addQuestion(doc, 'q1', ['a', 'b']);
    expect(readQuestions(doc).map(({ id, reveal }) => [id, reveal])).toEqual([
      ['q2', 'after-close'],
      ['q1', 'live'],
    ]);
  });
});

describe('two synced docs', () => {
  it('see the same definition after exchanging updates', () => {
    const { doc: moderator } = docWithLunch();
    const server = new Y.Doc();

    Y.applyUpdate(server, Y.encodeStateAsUpdate(moderator));

    expect(readQuestionDefinition(server, 'q1')).toEqual(readQuestionDefinition(moderator, 'q1'));
    expect(readQuestionDefinition(server, 'q1')?.text).toBe('Lunch?');
  });

  it('converge after concurrent edits by two moderators', () => {
    const { doc: onsite } = docWithLunch();
    const online = new Y.Doc();
    sync(onsite, online);
    const onsiteQuestion = findQuestion(onsite, 'q1')!;
    const onlineQuestion = findQuestion(online, 'q1')!;

    // Concurrently: one adds an option and edits the text, the other relabels and removes an option.
    addOption(onsiteQuestion, 'c', 'Soup');
    questionText(onsiteQuestion).insert(0, 'Today: ');
    type(labelOf(onlineQuestion, 0), 'Pasta');
    removeOption(onlineQuestion, 'b');
    sync(onsite, online);
    sync(online, onsite);

    const expected = {
      id: 'q1',
      kind: 'single',
      text: 'Today: Lunch?',
      options: [
        { id: 'a', label: 'Pasta' },
        { id: 'c', label: 'Soup' },
      ],
      reveal: 'live',
      ...DEFAULTS,
    };
    expect(readQuestionDefinition(onsite, 'q1')).toEqual(expected);
    expect(readQuestionDefinition(online, 'q1')).toEqual(expected);
  });

  it('see a removed question as gone on both sides', () => {
    const { doc: a } = docWithLunch();
    const b = new Y.Doc();
    sync(a, b);
    removeQuestion(b, 'q1');
    sync(b, a);
    expect(readQuestionDefinition(a, 'q1')).toBeNull();
  });
});

describe('malformed doc content', () => {
  it.each<[string, (question: QuestionMap) => void]>([
    ['text stored as a plain string', (question) => question.set('text', 'Lunch?')],
    ['text missing', (question) => question.delete('text')],
    ['options stored as a plain array', (question) => question.set('options', [{ id: 'a', label: 'Pizza' }])],
    ['options stored as a Y.Map', (question) => question.set('options', new Y.Map())],
    ['options missing', (question) => question.delete('options')],
    ['an option that is not a Y.Map', (question) => (optionList(question) as Y.Array<unknown>).push(['Soup'])],
    ['an option without an id', (question) => optionList(question).get(0).delete('id')],
    ['an option with a numeric id', (question) => optionList(question).get(0).set('id', 7)],
    ['an option label stored as a plain string', (question) => optionList(question).get(1).set('label', 'Salad')],
    ['an option without a label', (question) => optionList(question).get(1).delete('label')],
  ])('reads null for a question with %s', (_, corrupt) => {
    const { doc, question } = docWithLunch();
    corrupt(question);
    expect(readQuestionDefinition(doc, 'q1')).toBeNull();
  });

  it.each<[string, unknown]>([
    ['a string', 'junk'],
    ['null', null],
    ['a Y.Text', new Y.Text('q1')],
  ])('reads null rather than throwing when the question list holds %s', (_, junk) => {
    const { doc } = docWithLunch();
    (questionList(doc) as Y.Array<unknown>).insert(0, [junk]);
    addQuestion(doc, 'q2', ['x', 'y']);

    expect(readQuestionDefinition(doc, 'q-unknown')).toBeNull();
    // The well-formed questions stay readable around the junk.
    expect(readQuestionDefinition(doc, 'q2')).toMatchObject({ id: 'q2' });
  });
});

describe('question kinds, scope, before/after and reference in a Y.Doc', () => {
  it('are set when the question is added and read back', () => {
    const doc = new Y.Doc();
    addQuestion(doc, 'q0', ['a', 'b']);
    const reference = { label: 'Global 2020', shares: { a: 40, b: 60 } };
    addQuestion(doc, 'q1', ['a', 'b', 'c'], { kind: 'multi', scope: 'table', maxChoices: 2, comparesWith: 'q0', reference });

    expect(readQuestionDefinition(doc, 'q1')).toMatchObject({ kind: 'multi', scope: 'table', maxChoices: 2, comparesWith: 'q0', reference });
  });

  it('are changed with setQuestionField', () => {
    const { doc, question } = docWithLunch();
    setQuestionField(question, 'kind', 'ranking');
    setQuestionField(question, 'scope', 'table');
    setQuestionField(question, 'comparesWith', 'q0');
    setQuestionField(question, 'reference', { label: 'Survey', shares: { a: 100 } });

    expect(readQuestionDefinition(doc, 'q1')).toMatchObject({
      kind: 'ranking',
      scope: 'table',
      comparesWith: 'q0',
      reference: { label: 'Survey', shares: { a: 100 } },
    });
  });

  it.each<[string, string, unknown, Record<string, unknown>]>([
    ['an unknown kind reads as single', 'kind', 'poll', { kind: 'single' }],
    ['an unknown scope reads as individual', 'scope', 'room', { scope: 'individual' }],
    ['a maxChoices of 0 reads as 1', 'maxChoices', 0, { maxChoices: 1 }],
    ['a fractional maxChoices reads as 1', 'maxChoices', 1.5, { maxChoices: 1 }],
    ['an empty comparesWith reads as none', 'comparesWith', '', { comparesWith: null }],
    ['a reference without a label reads as none', 'reference', { shares: { a: 50 } }, { reference: null }],
    ['a reference share out of range is left out', 'reference', { label: 'R', shares: { a: 150, b: 40, c: 'x' } }, { reference: { label: 'R', shares: { b: 40 } } }],
  ])('%s', (_, field, junk, expected) => {
    const { doc, question } = docWithLunch();
    question.set(field, junk);
    expect(readQuestionDefinition(doc, 'q1')).toMatchObject(expected);
  });

  it('a document written before these fields reads with the defaults', () => {
    const { doc, question } = docWithLunch();
    for (const field of ['scope', 'maxChoices', 'comparesWith', 'reference']) question.delete(field);
    question.delete('kind');
    expect(readQuestionDefinition(doc, 'q1')).toMatchObject({ kind: 'single', ...DEFAULTS });
  });
});
