import { labelOfOption, type Answer, type LiveQuestion } from '@pnyx/shared';

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

/** How the phone introduces an answer: "Your words: …", "Your answer: …". */
export function answerHeading(question: LiveQuestion, whose: string): string {
  switch (question.kind) {
    case 'wordcloud':
      return `${whose} words`;
    case 'ranking':
      return `${whose} ranking`;
    case 'multi':
      return `${whose} choices`;
    default:
      return `${whose} answer`;
  }
}
