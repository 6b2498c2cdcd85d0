import type { QuestionReveal, QuestionStatus } from './question.js';
import type { QuestionState } from './session.js';

/** The counts of one question: one ballot per voter, the last one accepted. */
export interface Tally {
  questionId: string;
  /** Votes per option id, every option present (0 when nobody chose it), in the question's option order. */
  counts: Record<string, number>;
  /** Participants whose ballot counts. */
  voters: number;
  /** Set for the audience while a question that reveals its counts only after close is open: `counts` is empty. */
  hidden?: true;
}

export function computeTally(question: QuestionState): Tally {
  const counts: Record<string, number> = {};
  for (const option of question.definition.options) counts[option.id] = 0;
  for (const ballot of question.ballots.values()) {
    counts[ballot.optionId] = (counts[ballot.optionId] ?? 0) + 1;
  }
  return { questionId: question.definition.id, counts, voters: question.ballots.size };
}

/**
 * A tally as the audience may see it: the counts of a question that reveals its results only after voting
 * closes stay hidden while it is open. The server applies it for phones and projectors; the console's
 * preview of the projector applies it to the moderators' full tallies.
 */
export function forAudience(tally: Tally, question: { reveal: QuestionReveal; status: QuestionStatus }): Tally {
  if (tally.hidden || question.reveal !== 'after-close' || question.status !== 'open') return tally;
  return { ...tally, counts: {}, hidden: true };
}
