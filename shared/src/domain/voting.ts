import { checkAnswer, normaliseAnswer } from './answer.js';
import { fail, type Result } from './errors.js';
import type { Answer, QuestionDefinition } from './question.js';
import {
  ballotKey,
  changes,
  requireQuestion,
  type AnswerModeration,
  type Ballot,
  type Decision,
  type PaperCount,
  type SessionState,
} from './session.js';
import { normaliseWord } from './wordcloud.js';

/** The most paper ballots one table can hand in for one question. */
export const PAPER_MAX_BALLOTS = 10_000;

export type VotingCommand =
  | { type: 'ballot:cast'; participantId: string; questionId: string; ballotId: string; answer: Answer }
  /** Hand-counted results of a table; `by` is the facilitator entering them, or null for a moderator. */
  | { type: 'paper:enter'; by: string | null; questionId: string; tableId: string; counts: Record<string, number>; voters?: number }
  | { type: 'word:hide'; questionId: string; word: string; hidden: boolean }
  | { type: 'answer:moderate'; questionId: string; answerId: string; status: AnswerModeration | 'pending' };

export type VotingEvent =
  | { type: 'ballot:accepted'; ballot: Ballot }
  | { type: 'paper:entered'; questionId: string; entry: PaperCount }
  | { type: 'word:hidden'; questionId: string; word: string; hidden: boolean }
  | { type: 'answer:moderated'; questionId: string; answerId: string; status: AnswerModeration | 'pending' };

/** Whether someone seated so may answer: anyone, but a table-scope question only its table's facilitator. */
export function mayCast(definition: Pick<QuestionDefinition, 'scope'>, seat: { tableId: string | null; facilitator: boolean }): boolean {
  return definition.scope !== 'table' || (seat.facilitator && seat.tableId !== null);
}

/**
 * Questions a table can count by hand: each person answers with a choice or a scale point. Accepted open or
 * closed: hand counting usually ends after the phones' vote closed, and a corrected count replaces the last.
 */
export function takesPaperBallots(definition: Pick<QuestionDefinition, 'kind' | 'scope'>): boolean {
  return ['single', 'multi', 'scale'].includes(definition.kind) && definition.scope === 'individual';
}

export function decideVoting(state: SessionState, command: VotingCommand, now: number): Result<Decision> {
  const question = state.questions.get(command.questionId);
  if (command.type === 'ballot:cast' && !state.participants.has(command.participantId)) return fail('not_joined');
  if (!question) return fail('unknown_question');
  switch (command.type) {
    case 'ballot:cast': {
      const participant = state.participants.get(command.participantId)!;
      const tableScope = question.definition.scope === 'table';
      if (!mayCast(question.definition, participant)) return fail('table_scope');
      const voterId = tableScope ? participant.tableId! : participant.id;
      // A retry of an accepted ballot is acknowledged even after closing: the voter was counted.
      if (question.acceptedBallotIds.has(ballotKey(voterId, command.ballotId))) return { ok: true, events: [], duplicate: true };
      if (question.status === 'closed') return fail('question_closed');
      const problem = checkAnswer(question.definition, command.answer);
      if (problem) return { ok: false, error: problem };
      const ballot: Ballot = {
        id: command.ballotId,
        voterId,
        participantId: participant.id,
        questionId: question.definition.id,
        answer: normaliseAnswer(command.answer),
        castAt: now,
      };
      return changes([{ type: 'ballot:accepted', ballot }]);
    }
    case 'paper:enter': {
      const { definition } = question;
      if (!takesPaperBallots(definition)) {
        return fail('invalid_answer', 'Paper ballots can be entered for questions each person answers with a choice or a scale.');
      }
      const refusal = checkPaperEntrant(state, command.by, command.tableId);
      if (refusal) return refusal;
      const counted = paperCount(definition.options.map((option) => option.id), definition.kind === 'multi' ? definition.maxChoices : 1, command);
      if (!counted.ok) return counted;
      return changes([{ type: 'paper:entered', questionId: definition.id, entry: { ...counted.entry, tableId: command.tableId, enteredAt: now } }]);
    }
    case 'word:hide': {
      if (question.definition.kind !== 'wordcloud') return fail('invalid_answer', 'Only word cloud questions have words to hide.');
      const word = normaliseWord(command.word);
      if (word.length === 0) return fail('invalid_input', 'Name the word to hide.');
      if (question.hiddenWords.has(word) === command.hidden) return changes([]);
      return changes([{ type: 'word:hidden', questionId: question.definition.id, word, hidden: command.hidden }]);
    }
    case 'answer:moderate': {
      if (question.definition.kind !== 'open') return fail('invalid_answer', 'Only open questions have answers to moderate.');
      if (!question.acceptedBallotIds.has(command.answerId)) return fail('invalid_input', 'There is no such answer to this question.');
      if ((question.answerModeration.get(command.answerId) ?? 'pending') === command.status) return changes([]);
      return changes([{ type: 'answer:moderated', questionId: question.definition.id, answerId: command.answerId, status: command.status }]);
    }
  }
}

/** Whether a participant sitting at `seat` may enter (and read) the paper ballots of `tableId`: its facilitator. */
export function mayEnterPaper(seat: { tableId: string | null; facilitator: boolean }, tableId: string | null): boolean {
  return seat.facilitator && tableId !== null && seat.tableId === tableId;
}

/** Whether `by` (a participant, or null for a moderator) may enter or read the paper ballots of a table. */
function checkPaperEntrant(state: SessionState, by: string | null, tableId: string): ReturnType<typeof fail> | null {
  if (!state.tables.has(tableId)) return fail('unknown_table');
  if (by === null) return null;
  const participant = state.participants.get(by);
  if (participant && mayEnterPaper(participant, tableId)) return null;
  return fail('forbidden', "Only a moderator or the table's facilitator enters its paper ballots.");
}

/**
 * The paper ballots a table last entered for a question (null before any), for whoever may enter them: a
 * form shows them, so correcting one count does not reset the others to 0.
 */
export function paperCountOf(state: SessionState, by: string | null, questionId: string, tableId: string): Result<{ entry: PaperCount | null }> {
  const question = state.questions.get(questionId);
  if (!question) return fail('unknown_question');
  const refusal = checkPaperEntrant(state, by, tableId);
  if (refusal) return refusal;
  return { ok: true, entry: question.paper.get(tableId) ?? null };
}

/**
 * Checks hand-counted results: known options, whole numbers, and a number of ballots that fits the counts
 * (single choice and scale: the sum; multiple choice: at least the largest count, and enough ballots to carry
 * all choices).
 */
function paperCount(
  optionIds: string[],
  maxChoices: number,
  command: { counts: Record<string, number>; voters?: number },
): Result<{ entry: Omit<PaperCount, 'tableId' | 'enteredAt'> }> {
  const counts: Record<string, number> = {};
  for (const id of optionIds) counts[id] = 0;
  for (const [id, count] of Object.entries(command.counts)) {
    // Own keys only: `constructor` or `toString` are not options.
    if (!Object.hasOwn(counts, id)) return fail('invalid_option');
    if (!Number.isInteger(count) || count < 0 || count > PAPER_MAX_BALLOTS) {
      return fail('invalid_input', `A count is a whole number from 0 to ${PAPER_MAX_BALLOTS}.`);
    }
    counts[id] = count;
  }
  const values = Object.values(counts);
  const sum = values.reduce((total, count) => total + count, 0);
  if (maxChoices === 1) {
    if (command.voters !== undefined && command.voters !== sum) {
      return fail('invalid_input', `The counts add up to ${sum} ballots, not ${command.voters}.`);
    }
    return { ok: true, entry: { counts, voters: sum } };
  }
  const voters = command.voters;
  if (voters === undefined || !Number.isInteger(voters) || voters > PAPER_MAX_BALLOTS) {
    return fail('invalid_input', 'Give the number of paper ballots counted.');
  }
  if (voters < Math.max(0, ...values) || voters * maxChoices < sum) {
    return fail('invalid_input', `${voters} ballots cannot carry these counts (each chooses at most ${maxChoices}).`);
  }
  return { ok: true, entry: { counts, voters } };
}

export function evolveVoting(state: SessionState, event: VotingEvent): void {
  switch (event.type) {
    case 'ballot:accepted': {
      const question = requireQuestion(state, event.ballot.questionId);
      question.ballots.set(event.ballot.voterId, event.ballot);
      question.acceptedBallotIds.add(ballotKey(event.ballot.voterId, event.ballot.id));
      return;
    }
    case 'paper:entered':
      requireQuestion(state, event.questionId).paper.set(event.entry.tableId, event.entry);
      return;
    case 'word:hidden': {
      const { hiddenWords } = requireQuestion(state, event.questionId);
      if (event.hidden) hiddenWords.add(event.word);
      else hiddenWords.delete(event.word);
      return;
    }
    case 'answer:moderated': {
      const { answerModeration } = requireQuestion(state, event.questionId);
      if (event.status === 'pending') answerModeration.delete(event.answerId);
      else answerModeration.set(event.answerId, event.status);
      return;
    }
  }
}
