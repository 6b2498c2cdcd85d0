import { domainError, type DomainError } from './errors.js';
import { QUESTION_LIMITS, type Answer, type QuestionDefinition } from './question.js';
import { normaliseWord } from './wordcloud.js';

/**
 * Whether `answer` is a well-formed answer to `definition`: the right shape for its kind, options that exist,
 * no repeats, texts within limits. The answer is stored as normalised by `normaliseAnswer`.
 */
export function checkAnswer(definition: QuestionDefinition, answer: Answer): DomainError | null {
  const optionIds = new Set(definition.options.map((option) => option.id));
  switch (definition.kind) {
    case 'single':
    case 'scale':
      if (!('optionId' in answer)) return invalid('Choose one option.');
      return optionIds.has(answer.optionId) ? null : domainError('invalid_option');
    case 'multi': {
      if (!('optionIds' in answer)) return invalid('Choose one or more options.');
      const chosen = answer.optionIds;
      if (chosen.length === 0) return invalid('Choose at least one option.');
      if (chosen.length > definition.maxChoices) return invalid(`Choose at most ${definition.maxChoices} options.`);
      if (new Set(chosen).size !== chosen.length) return invalid('An option is chosen twice.');
      return chosen.every((id) => optionIds.has(id)) ? null : domainError('invalid_option');
    }
    case 'ranking': {
      if (!('optionIds' in answer)) return invalid('Put the options in order.');
      const order = answer.optionIds;
      if (!order.every((id) => optionIds.has(id))) return domainError('invalid_option');
      const complete = order.length === optionIds.size && new Set(order).size === order.length;
      return complete ? null : invalid('A ranking puts every option in order, each once.');
    }
    case 'wordcloud': {
      if (!('words' in answer)) return invalid('Give one to three words.');
      const words = answer.words.map((word) => word.trim()).filter((word) => word.length > 0);
      // Entries that normalise to nothing ("!!!") alone would count a voter with no word.
      if (!words.some((word) => normaliseWord(word).length > 0) || answer.words.length > QUESTION_LIMITS.maxWords) {
        return invalid(`Give one to ${QUESTION_LIMITS.maxWords} words.`);
      }
      const long = words.some((word) => word.length > QUESTION_LIMITS.wordMaxLength);
      return long ? invalid(`Each entry has at most ${QUESTION_LIMITS.wordMaxLength} characters.`) : null;
    }
    case 'open': {
      if (!('text' in answer)) return invalid('Write an answer.');
      const text = answer.text.trim();
      if (text.length === 0) return invalid('Write an answer.');
      return text.length > QUESTION_LIMITS.openTextMaxLength
        ? invalid(`An answer has at most ${QUESTION_LIMITS.openTextMaxLength} characters.`)
        : null;
    }
  }
}

/** The answer as stored: texts trimmed, empty word entries dropped. Only for answers `checkAnswer` accepts. */
export function normaliseAnswer(answer: Answer): Answer {
  if ('words' in answer) return { words: answer.words.map((word) => word.trim()).filter((word) => word.length > 0) };
  if ('text' in answer) return { text: answer.text.trim() };
  if ('optionIds' in answer) return { optionIds: [...answer.optionIds] };
  return { optionId: answer.optionId };
}

function invalid(message: string): DomainError {
  return domainError('invalid_answer', message);
}
