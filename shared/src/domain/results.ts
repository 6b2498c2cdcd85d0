import { isChoiceKind, type Answer, type QuestionDefinition } from './question.js';
import type { Ballot, Channel, PaperCount, Participant, QuestionState, Table } from './session.js';
import { computeTally, countsHidden, forAudience, shareOf, type Tally, type Visibility } from './tally.js';

/** Where a ballot came from: a phone in the room, a phone elsewhere, or a table's hand count. */
export type ResultChannel = Channel | 'paper';
export const RESULT_CHANNELS: readonly ResultChannel[] = ['onsite', 'online', 'paper'];

export interface TableResults {
  tableId: string;
  tally: Tally;
}

/** One option before and after discussion, as shares of each question's voters, in per cent. */
export interface OptionShift {
  optionId: string;
  before: number;
  after: number;
}

/** How the room moved from an earlier question asked again after discussion. */
export interface Shift {
  fromQuestionId: string;
  beforeVoters: number;
  afterVoters: number;
  options: OptionShift[];
  /** Voters who answered both questions (paper ballots cannot be followed). */
  compared: number;
  /** Of those, the ones whose answer changed. */
  changed: number;
}

/** Everything the projector and the console show of one question. */
export interface QuestionResults {
  questionId: string;
  /** Everybody: every channel merged, paper included. */
  room: Tally;
  byChannel: Record<ResultChannel, Tally>;
  /** Per table in the order tables were set up (a removed table's ballots stay in the room). */
  byTable: TableResults[];
  /** Set when the question asks an earlier one again and both are choice questions. */
  shift: Shift | null;
}

/**
 * The results of `question`: room, channels and tables, and the shift from `earlier` when it asks that one
 * again. A participant's ballot counts at the table they sit at now, like the paper counts of that table.
 */
export function computeResults(
  question: QuestionState,
  earlier: QuestionState | undefined,
  participants: ReadonlyMap<string, Participant>,
  tables: ReadonlyMap<string, Table>,
): QuestionResults {
  const tableScope = question.definition.scope === 'table';
  const byChannel = new Map<ResultChannel, Ballot[]>(RESULT_CHANNELS.map((channel) => [channel, []]));
  const byTable = new Map<string, Ballot[]>([...tables.keys()].map((tableId) => [tableId, []]));
  for (const ballot of question.ballots.values()) {
    const caster = participants.get(ballot.participantId);
    if (caster) byChannel.get(caster.channel)!.push(ballot);
    const tableId = tableScope ? ballot.voterId : participants.get(ballot.voterId)?.tableId;
    if (tableId) byTable.get(tableId)?.push(ballot);
  }
  const paper = [...question.paper.values()];
  // One paper entry per table at most (a new one replaces it).
  const paperOf = (tableId: string): PaperCount[] => {
    const entry = question.paper.get(tableId);
    return entry ? [entry] : [];
  };
  return {
    questionId: question.definition.id,
    room: computeTally(question, question.ballots.values(), paper),
    byChannel: {
      onsite: computeTally(question, byChannel.get('onsite')!),
      online: computeTally(question, byChannel.get('online')!),
      paper: computeTally(question, [], paper),
    },
    byTable: [...byTable].map(([tableId, ballots]) => ({ tableId, tally: computeTally(question, ballots, paperOf(tableId)) })),
    shift: earlier ? computeShift(earlier, question) : null,
  };
}

function computeShift(earlier: QuestionState, later: QuestionState): Shift | null {
  const before = earlier.definition;
  const after = later.definition;
  if (!isChoiceKind(before.kind) || !isChoiceKind(after.kind)) return null;
  const match = optionMatcher(before, after);
  const beforeTally = computeTally(earlier, earlier.ballots.values(), earlier.paper.values());
  const afterTally = computeTally(later, later.ballots.values(), later.paper.values());
  let compared = 0;
  let changed = 0;
  for (const [voterId, ballot] of later.ballots) {
    const previous = earlier.ballots.get(voterId);
    if (!previous) continue;
    compared += 1;
    if (answerKey(previous.answer, match, after.kind === 'multi') !== answerKey(ballot.answer, undefined, after.kind === 'multi')) {
      changed += 1;
    }
  }
  return {
    fromQuestionId: before.id,
    beforeVoters: beforeTally.voters,
    afterVoters: afterTally.voters,
    options: after.options.map((option) => {
      const earlierId = [...match].find(([, laterId]) => laterId === option.id)?.[0];
      return {
        optionId: option.id,
        before: earlierId === undefined ? 0 : shareOf(beforeTally.counts[earlierId] ?? 0, beforeTally.voters),
        after: shareOf(afterTally.counts[option.id] ?? 0, afterTally.voters),
      };
    }),
    compared,
    changed,
  };
}

/** Earlier option id → later option id: the same id, else the same label (a question copied and re-keyed). */
function optionMatcher(before: QuestionDefinition, after: QuestionDefinition): Map<string, string> {
  const laterIds = new Set(after.options.map((option) => option.id));
  const laterIdByLabel = new Map(after.options.map((option) => [option.label.trim().toLocaleLowerCase('en'), option.id]));
  const match = new Map<string, string>();
  for (const option of before.options) {
    const laterId = laterIds.has(option.id) ? option.id : laterIdByLabel.get(option.label.trim().toLocaleLowerCase('en'));
    if (laterId !== undefined) match.set(option.id, laterId);
  }
  return match;
}

/** A comparable form of a choice answer, its option ids translated by `match` when given. */
function answerKey(answer: Answer, match: Map<string, string> | undefined, unordered: boolean): string {
  const translate = (optionId: string) => (match ? (match.get(optionId) ?? `?${optionId}`) : optionId);
  if ('optionId' in answer) return translate(answer.optionId);
  if (!('optionIds' in answer)) return '';
  const ids = answer.optionIds.map(translate);
  return (unordered ? ids.sort() : ids).join(' ');
}

/**
 * Results as the audience may see them (see `forAudience`). The shift waits until the counts of both the
 * question and the earlier one it compares with (`earlier`, when it asks one again) show.
 */
export function audienceResults(results: QuestionResults, question: Visibility, earlier?: Visibility): QuestionResults {
  const show = (tally: Tally) => forAudience(tally, question);
  const room = show(results.room);
  const shiftHidden = room.hidden === true || (earlier !== undefined && countsHidden(earlier));
  return {
    questionId: results.questionId,
    room,
    byChannel: { onsite: show(results.byChannel.onsite), online: show(results.byChannel.online), paper: show(results.byChannel.paper) },
    byTable: results.byTable.map(({ tableId, tally }) => ({ tableId, tally: show(tally) })),
    shift: shiftHidden ? null : results.shift,
  };
}
