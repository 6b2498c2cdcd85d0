import * as Y from 'yjs';
import type { QuestionDefinition, QuestionReveal } from '../../domain/question.js';

/**
 * The questions of a session's Y.Doc (see ./index.ts for the whole layout):
 *
 *   questions: Y.Array<Y.Map>  each { id: string, kind: 'single', text: Y.Text, options: Y.Array<Y.Map>,
 *                                     reveal?: 'live' | 'after-close' (default 'live') }
 *   option:    Y.Map           { id: string, label: Y.Text }
 */
export type QuestionMap = Y.Map<unknown>;
export type OptionMap = Y.Map<unknown>;

export function questionList(doc: Y.Doc): Y.Array<QuestionMap> {
  return doc.getArray<QuestionMap>('questions');
}

export function questionText(question: QuestionMap): Y.Text {
  return question.get('text') as Y.Text;
}

export function optionList(question: QuestionMap): Y.Array<OptionMap> {
  return question.get('options') as Y.Array<OptionMap>;
}

export function optionLabel(option: OptionMap): Y.Text {
  return option.get('label') as Y.Text;
}

/** The id of a question or option map; undefined for anything malformed a client may have written. */
export function idOf(map: unknown): string | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  const id: unknown = map.get('id');
  return typeof id === 'string' ? id : undefined;
}

function newOption(id: string, label: string): OptionMap {
  const option = new Y.Map<unknown>();
  option.set('id', id);
  option.set('label', new Y.Text(label));
  return option;
}

export interface QuestionContent {
  text?: string;
  /** Labels of the options, in the order of the option ids. */
  labels?: string[];
  reveal?: QuestionReveal;
}

/** Appends a single-choice question with the given option ids (and, when given, its text) and returns it. */
export function addQuestion(doc: Y.Doc, id: string, optionIds: string[], content: QuestionContent = {}): QuestionMap {
  const question = new Y.Map<unknown>();
  doc.transact(() => {
    question.set('id', id);
    question.set('kind', 'single');
    question.set('text', new Y.Text(content.text ?? ''));
    question.set('reveal', content.reveal ?? 'live');
    const options = new Y.Array<OptionMap>();
    options.push(optionIds.map((optionId, index) => newOption(optionId, content.labels?.[index] ?? '')));
    question.set('options', options);
    questionList(doc).push([question]);
  });
  return question;
}

export function addOption(question: QuestionMap, id: string, label = ''): void {
  optionList(question).push([newOption(id, label)]);
}

export function removeOption(question: QuestionMap, optionId: string): void {
  const options = optionList(question);
  const index = options.toArray().findIndex((option) => idOf(option) === optionId);
  if (index >= 0) options.delete(index, 1);
}

export function removeQuestion(doc: Y.Doc, questionId: string): void {
  const questions = questionList(doc);
  const index = questions.toArray().findIndex((question) => idOf(question) === questionId);
  if (index >= 0) questions.delete(index, 1);
}

export function findQuestion(doc: Y.Doc, questionId: string): QuestionMap | undefined {
  return questionList(doc)
    .toArray()
    .find((question) => idOf(question) === questionId);
}

export function questionReveal(question: QuestionMap): QuestionReveal {
  return question.get('reveal') === 'after-close' ? 'after-close' : 'live';
}

export function setQuestionReveal(question: QuestionMap, reveal: QuestionReveal): void {
  question.set('reveal', reveal);
}

/** Reads a question as plain data, or null when the document has none with this id (or it is malformed). */
export function readQuestionDefinition(doc: Y.Doc, questionId: string): QuestionDefinition | null {
  const question = findQuestion(doc, questionId);
  return question ? readQuestion(question) : null;
}

/** Every well-formed question of the document, in document order. */
export function readQuestions(doc: Y.Doc): QuestionDefinition[] {
  return questionList(doc)
    .toArray()
    .flatMap((question) => readQuestion(question) ?? []);
}

function readQuestion(question: unknown): QuestionDefinition | null {
  if (!(question instanceof Y.Map)) return null;
  const id = idOf(question);
  const text = question.get('text');
  const options = question.get('options');
  if (id === undefined || !(text instanceof Y.Text) || !(options instanceof Y.Array)) return null;
  const definition: QuestionDefinition = {
    id,
    kind: 'single',
    text: text.toString(),
    options: [],
    reveal: questionReveal(question),
  };
  for (const option of options.toArray()) {
    if (!(option instanceof Y.Map)) return null;
    const id = option.get('id');
    const label = option.get('label');
    if (typeof id !== 'string' || !(label instanceof Y.Text)) return null;
    definition.options.push({ id, label: label.toString() });
  }
  return definition;
}
