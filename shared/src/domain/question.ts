import { domainError, type DomainError } from './errors.js';

export const QUESTION_LIMITS = {
  minOptions: 2,
  maxOptions: 10,
  textMaxLength: 500,
  labelMaxLength: 200,
} as const;

export type QuestionKind = 'single';

/**
 * Option ids become keys of tally objects: starting with a letter keeps them in option order (integer-like
 * keys would sort first) and rules out `__proto__`.
 */
const OPTION_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export interface QuestionOption {
  id: string;
  label: string;
}

/** A question as the moderator wrote it, frozen when it first opens so ballots always name real options. */
export interface QuestionDefinition {
  id: string;
  kind: QuestionKind;
  text: string;
  options: QuestionOption[];
  /** When the projector shows the counts: as they come in, or only once voting closed. */
  reveal: QuestionReveal;
}

export type QuestionReveal = 'live' | 'after-close';

export type QuestionStatus = 'open' | 'closed';

/** Returns why a definition cannot open, or null when it can. */
export function checkQuestionDefinition(definition: QuestionDefinition): DomainError | null {
  const text = definition.text.trim();
  if (text.length === 0) return domainError('question_not_ready', 'The question has no text yet.');
  if (text.length > QUESTION_LIMITS.textMaxLength) {
    return domainError('question_not_ready', `The question text is longer than ${QUESTION_LIMITS.textMaxLength} characters.`);
  }
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
  return null;
}

/** Trims what the moderator typed so phones and projector show the same clean text. */
export function normaliseQuestionDefinition(definition: QuestionDefinition): QuestionDefinition {
  return {
    id: definition.id,
    kind: definition.kind,
    reveal: definition.reveal,
    text: definition.text.trim(),
    options: definition.options.map((option) => ({ id: option.id, label: option.label.trim() })),
  };
}
