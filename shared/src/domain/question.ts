import { cleanQuestionTranslations, someTranslations, type QuestionTranslation, type Translations } from './content-languages.js';
import { domainError, type DomainError } from './errors.js';

export const QUESTION_LIMITS = {
  minOptions: 2,
  maxOptions: 10,
  textMaxLength: 500,
  labelMaxLength: 200,
  /** A word cloud answer: a few words, one entry. */
  wordMaxLength: 40,
  /** Entries one voter may give to a word cloud question. */
  maxWords: 3,
  /** An open answer. */
  openTextMaxLength: 1000,
  referenceLabelMaxLength: 200,
} as const;

export const QUESTION_KINDS = ['single', 'multi', 'scale', 'ranking', 'wordcloud', 'open'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Kinds answered by choosing among the options (the others are answered with text). */
export const CHOICE_KINDS = ['single', 'multi', 'scale', 'ranking'] as const satisfies readonly QuestionKind[];
export type ChoiceKind = (typeof CHOICE_KINDS)[number];

export function isChoiceKind(kind: QuestionKind): kind is ChoiceKind {
  return (CHOICE_KINDS as readonly string[]).includes(kind);
}

/** Who casts a ballot: every participant, or each table once (its facilitator). */
export type QuestionScope = 'individual' | 'table';

/**
 * Option ids become keys of tally objects: starting with a letter keeps them in option order (integer-like
 * keys would sort first) and rules out `__proto__`.
 */
const OPTION_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export interface QuestionOption {
  id: string;
  label: string;
}

/**
 * A published distribution to compare the room with ("Global results 2020, 5,000 citizens in 80
 * countries"): a share per option, in per cent, as published.
 */
export interface Reference {
  label: string;
  /** Per option id: the published share in per cent (0–100). Options without a share are left out. */
  shares: Record<string, number>;
}

/** A question as the moderator wrote it, frozen when it first opens so ballots always name real options. */
export interface QuestionDefinition {
  id: string;
  kind: QuestionKind;
  text: string;
  /**
   * The choices: for `scale` the points of the scale in order, their labels shown (e.g. "Strongly disagree"
   * … "Strongly agree"), the first point worth 1; empty for `wordcloud` and `open`.
   */
  options: QuestionOption[];
  /** When the projector shows the counts: as they come in, or only once voting closed. */
  reveal: QuestionReveal;
  scope: QuestionScope;
  /** For `multi`: how many options one ballot may choose (1 to the number of options). */
  maxChoices: number;
  /** The earlier question this one asks again (before/after): results show the shift from it. */
  comparesWith: string | null;
  reference: Reference | null;
  /** The text and labels in the session's other languages; absent in sessions logged before translations. */
  translations?: Translations<QuestionTranslation>;
}

export type QuestionReveal = 'live' | 'after-close';

export type QuestionStatus = 'open' | 'closed';

/**
 * What a ballot says. `single` and `scale` choose one option; `multi` chooses up to `maxChoices`; `ranking`
 * orders every option, first the most preferred; `wordcloud` gives up to `maxWords` short entries; `open` a
 * free text.
 */
export type Answer = { optionId: string } | { optionIds: string[] } | { words: string[] } | { text: string };

/** The label of one of a question's options, or undefined for an id it does not have. */
export function labelOfOption(question: { options: readonly QuestionOption[] }, optionId: string): string | undefined {
  return question.options.find((option) => option.id === optionId)?.label;
}

/** Returns why a definition cannot open, or null when it can. */
export function checkQuestionDefinition(definition: QuestionDefinition): DomainError | null {
  const text = definition.text.trim();
  if (text.length === 0) return domainError('question_not_ready', 'The question has no text yet.');
  if (text.length > QUESTION_LIMITS.textMaxLength) {
    return domainError('question_not_ready', `The question text is longer than ${QUESTION_LIMITS.textMaxLength} characters.`);
  }
  if (!(QUESTION_KINDS as readonly string[]).includes(definition.kind)) {
    return domainError('question_not_ready', 'The question has no known kind.');
  }
  return isChoiceKind(definition.kind) ? checkOptions(definition) : null;
}

function checkOptions(definition: QuestionDefinition): DomainError | null {
  const { options } = definition;
  if (options.length < QUESTION_LIMITS.minOptions || options.length > QUESTION_LIMITS.maxOptions) {
    return domainError(
      'question_not_ready',
      `A question needs ${QUESTION_LIMITS.minOptions} to ${QUESTION_LIMITS.maxOptions} options; this one has ${options.length}.`,
    );
  }
  const ids = new Set<string>();
  for (const [index, option] of options.entries()) {
    const label = option.label.trim();
    if (label.length === 0) return domainError('question_not_ready', `Option ${index + 1} has no label yet.`);
    if (label.length > QUESTION_LIMITS.labelMaxLength) {
      return domainError('question_not_ready', `Option ${index + 1} is longer than ${QUESTION_LIMITS.labelMaxLength} characters.`);
    }
    if (!OPTION_ID_PATTERN.test(option.id)) {
      return domainError('question_not_ready', `Option ${index + 1} has an id that is not a letter followed by letters, digits, - or _.`);
    }
    if (ids.has(option.id)) return domainError('question_not_ready', `Option ${index + 1} repeats an option id.`);
    ids.add(option.id);
  }
  if (definition.kind === 'multi' && (definition.maxChoices < 1 || definition.maxChoices > options.length)) {
    return domainError('question_not_ready', `The most choices a ballot may make must be between 1 and ${options.length}.`);
  }
  return null;
}

/** Trims what the moderator typed so phones and projector show the same clean text. */
export function normaliseQuestionDefinition(definition: QuestionDefinition): QuestionDefinition {
  const choices = isChoiceKind(definition.kind);
  const options = choices ? definition.options.map((option) => ({ id: option.id, label: option.label.trim() })) : [];
  const optionIds = new Set(options.map((option) => option.id));
  const reference =
    definition.reference && choices
      ? {
          label: definition.reference.label.trim(),
          shares: Object.fromEntries(Object.entries(definition.reference.shares).filter(([id]) => optionIds.has(id))),
        }
      : null;
  return {
    id: definition.id,
    kind: definition.kind,
    reveal: definition.reveal,
    scope: definition.scope,
    text: definition.text.trim(),
    options,
    maxChoices: definition.kind === 'multi' ? definition.maxChoices : 1,
    comparesWith: definition.comparesWith,
    reference,
    ...someTranslations(cleanQuestionTranslations(definition.translations, [...optionIds], QUESTION_LIMITS)),
  };
}
