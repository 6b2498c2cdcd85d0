import { labelOfOption, type Answer, type LiveQuestion } from '@pnyx/shared';
import { t } from '$lib/i18n/i18n.svelte';

/**
 * An answer as a sentence fragment a person reads back ("Cats", "1. Cats, 2. Dogs", "tea, coffee"): what the
 * phone sent, or the table's answer shown to its members. Options the question no longer has are left out.
 */
export function answerText(question: LiveQuestion, answer: Answer): string {
  const label = (optionId: string) => labelOfOption(question, optionId);
  if ('optionId' in answer) return label(answer.optionId) ?? '';
  if ('words' in answer) return answer.words.join(', ');
  if ('text' in answer) return answer.text;
  const labels = answer.optionIds.flatMap((id) => label(id) ?? []);
  return question.kind === 'ranking' ? labels.map((text, index) => `${index + 1}. ${text}`).join(', ') : labels.join(', ');
}

/** Whose answer the phone shows: the attendee's own, or their table's (by name, when the phone knows it). */
export type AnswerOwner = { own: true } | { own: false; tableName: string | null };

type AnsweredPart = 'Words' | 'Ranking' | 'Choices' | 'Answer';

/** How the phone introduces an answer: "Your words: …", "Table 2’s answer: …", in the page's language. */
export function answerHeading(question: LiveQuestion, owner: AnswerOwner): string {
  const what: AnsweredPart =
    question.kind === 'wordcloud' ? 'Words' : question.kind === 'ranking' ? 'Ranking' : question.kind === 'multi' ? 'Choices' : 'Answer';
  if (owner.own) return t(`phone.your${what}`);
  if (owner.tableName === null) return t(`phone.yourTable${what}`);
  return t(`phone.table${what}`, { table: owner.tableName });
}
