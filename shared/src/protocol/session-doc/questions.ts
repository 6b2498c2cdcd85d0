import * as Y from 'yjs';
import {
  QUESTION_KINDS,
  type QuestionDefinition,
  type QuestionKind,
  type QuestionReveal,
  type QuestionScope,
  type Reference,
} from '../../domain/question.js';
import { someTranslations, type QuestionTranslation, type Translations } from '../../domain/content-languages.js';
import { newTranslations, questionTranslationTexts, readQuestionTranslations } from './translations.js';

/**
 * The questions of a session's Y.Doc (see ./index.ts for the whole layout):
 *
 *   questions: Y.Array<Y.Map>  each { id: string, kind: QuestionKind (default 'single'), text: Y.Text,
 *                                     options: Y.Array<Y.Map>, reveal?: 'live' | 'after-close' (default 'live'),
 *                                     scope?: 'individual' | 'table', maxChoices?: number (multi),
 *                                     comparesWith?: string | null (the question it asks again),
 *                                     reference?: { label, shares } | null (plain JSON, replaced whole),
 *                                     translations?: Y.Map<Y.Text> (./translations.ts) }
 *   option:    Y.Map           { id: string, label: Y.Text }
 *
 * Fields added after the first layout have defaults, so older documents read the same.
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
  kind?: QuestionKind;
  scope?: QuestionScope;
  maxChoices?: number;
  comparesWith?: string | null;
  reference?: Reference | null;
  /** Option labels by option id. */
  translations?: Translations<QuestionTranslation>;
}

/** Appends a question (single choice unless `content` says otherwise) with the given option ids and returns it. */
export function addQuestion(doc: Y.Doc, id: string, optionIds: string[], content: QuestionContent = {}): QuestionMap {
  const question = new Y.Map<unknown>();
  doc.transact(() => {
    question.set('id', id);
    question.set('kind', content.kind ?? 'single');
    question.set('text', new Y.Text(content.text ?? ''));
    question.set('reveal', content.reveal ?? 'live');
    question.set('scope', content.scope ?? 'individual');
    question.set('maxChoices', content.maxChoices ?? 1);
    question.set('comparesWith', content.comparesWith ?? null);
    question.set('reference', content.reference ?? null);
    question.set('translations', newTranslations(questionTranslationTexts(content.translations)));
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

export function questionKind(question: QuestionMap): QuestionKind {
  const kind = question.get('kind');
  return (QUESTION_KINDS as readonly unknown[]).includes(kind) ? (kind as QuestionKind) : 'single';
}

export function questionScope(question: QuestionMap): QuestionScope {
  return question.get('scope') === 'table' ? 'table' : 'individual';
}

export function questionMaxChoices(question: QuestionMap): number {
  const max = question.get('maxChoices');
  return typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : 1;
}

export function questionComparesWith(question: QuestionMap): string | null {
  const earlier = question.get('comparesWith');
  return typeof earlier === 'string' && earlier.length > 0 ? earlier : null;
}

/** The reference as stored, or null when absent or malformed (a client may have written anything). */
export function questionReference(question: QuestionMap): Reference | null {
  const reference = question.get('reference') as { label?: unknown; shares?: unknown } | null | undefined;
  if (!reference || typeof reference !== 'object' || typeof reference.label !== 'string') return null;
  const shares: Record<string, number> = {};
  if (!reference.shares || typeof reference.shares !== 'object') return null;
  for (const [id, share] of Object.entries(reference.shares)) {
    if (typeof share === 'number' && Number.isFinite(share) && share >= 0 && share <= 100) shares[id] = share;
  }
  return { label: reference.label, shares };
}

/** Sets one of the plain fields of a question (kind, scope, …); the editor's one way to change them. */
export function setQuestionField<K extends 'kind' | 'scope' | 'maxChoices' | 'comparesWith' | 'reference'>(
  question: QuestionMap,
  field: K,
  value: QuestionDefinition[K],
): void {
  question.set(field, value);
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
    kind: questionKind(question),
    text: text.toString(),
    options: [],
    reveal: questionReveal(question),
    scope: questionScope(question),
    maxChoices: questionMaxChoices(question),
    comparesWith: questionComparesWith(question),
    reference: questionReference(question),
    ...someTranslations(readQuestionTranslations(question)),
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
