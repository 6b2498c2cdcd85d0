import { isChoiceKind, type QuestionDefinition, type QuestionReveal, type QuestionStatus } from './question.js';
import { ballotKey, type AnswerModeration, type Ballot, type PaperCount } from './session.js';
import { normaliseWord } from './wordcloud.js';

/** One option of a ranking question, as the room ranked it. */
export interface RankedOption {
  optionId: string;
  /** 1 is first; null when nobody ranked yet. */
  averageRank: number | null;
  /** Borda points: with n options, a first place is worth n − 1, a last place 0. */
  borda: number;
}

export interface WordCount {
  /** The normalised entry (see `normaliseWord`). */
  word: string;
  count: number;
  /** Taken off the screen by a moderator (moderators still see it; the audience never does). */
  hidden?: true;
}

export interface OpenAnswer {
  /** The ballot key (`ballotKey`): what a moderator approves or hides. */
  id: string;
  text: string;
  status: AnswerModeration | 'pending';
  castAt: number;
}

/** The counts of one question among some voters (the room, a table, a channel): the last ballot of each. */
export interface Tally {
  questionId: string;
  /** Voters whose ballot counts, paper ballots included. */
  voters: number;
  /**
   * Choice kinds: per option id, in the question's option order, 0 when nobody chose it. `single`, `scale`:
   * ballots choosing it; `multi`: ballots that include it; `ranking`: first places. Empty for text kinds.
   */
  counts: Record<string, number>;
  /** `scale`: the mean point (the first option is 1), null without ballots. */
  mean?: number | null;
  /** `ranking`: every option, best first (most Borda points, then best average rank, then option order). */
  ranking?: RankedOption[];
  /** `wordcloud`: entries by count, most frequent first. */
  words?: WordCount[];
  /** `open`: answers in the order they came. */
  answers?: OpenAnswer[];
  /** Set for the audience while a question that reveals its counts only after close is open: nothing else is. */
  hidden?: true;
}

/** What a tally needs of a question beyond its ballots: moderators' decisions on words and answers. */
export interface TallySubject {
  definition: QuestionDefinition;
  hiddenWords: ReadonlySet<string>;
  answerModeration: ReadonlyMap<string, AnswerModeration>;
}

/** Tallies `ballots` (one per voter, as kept) and hand-counted `paper` entries of one question. */
export function computeTally(subject: TallySubject, ballots: Iterable<Ballot>, paper: Iterable<PaperCount> = []): Tally {
  const { definition } = subject;
  const counts: Record<string, number> = {};
  if (isChoiceKind(definition.kind)) for (const option of definition.options) counts[option.id] = 0;
  const tally: Tally = { questionId: definition.id, voters: 0, counts };
  const rankSums = new Map<string, number>();
  const words = new Map<string, number>();
  const answers: OpenAnswer[] = [];

  for (const ballot of ballots) {
    tally.voters += 1;
    const { answer } = ballot;
    if ('optionId' in answer) counts[answer.optionId] = (counts[answer.optionId] ?? 0) + 1;
    else if ('optionIds' in answer && definition.kind === 'ranking') {
      const first = answer.optionIds[0];
      if (first !== undefined) counts[first] = (counts[first] ?? 0) + 1;
      answer.optionIds.forEach((optionId, place) => rankSums.set(optionId, (rankSums.get(optionId) ?? 0) + place + 1));
    } else if ('optionIds' in answer) {
      for (const optionId of answer.optionIds) counts[optionId] = (counts[optionId] ?? 0) + 1;
    } else if ('words' in answer) {
      // One voter giving the same word twice counts once.
      for (const word of new Set(answer.words.map(normaliseWord))) if (word) words.set(word, (words.get(word) ?? 0) + 1);
    } else {
      const id = ballotKey(ballot.voterId, ballot.id);
      answers.push({ id, text: answer.text, status: subject.answerModeration.get(id) ?? 'pending', castAt: ballot.castAt });
    }
  }
  for (const entry of paper) {
    tally.voters += entry.voters;
    for (const [optionId, count] of Object.entries(entry.counts)) counts[optionId] = (counts[optionId] ?? 0) + count;
  }

  switch (definition.kind) {
    case 'scale':
      tally.mean = scaleMean(definition, counts);
      break;
    case 'ranking':
      tally.ranking = rankOptions(definition, rankSums, tally.voters);
      break;
    case 'wordcloud':
      tally.words = [...words]
        .map(([word, count]): WordCount => (subject.hiddenWords.has(word) ? { word, count, hidden: true } : { word, count }))
        .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word));
      break;
    case 'open':
      tally.answers = answers.sort((a, b) => a.castAt - b.castAt);
      break;
  }
  return tally;
}

function scaleMean(definition: QuestionDefinition, counts: Record<string, number>): number | null {
  let points = 0;
  let total = 0;
  definition.options.forEach((option, index) => {
    const count = counts[option.id] ?? 0;
    points += count * (index + 1);
    total += count;
  });
  return total === 0 ? null : points / total;
}

function rankOptions(definition: QuestionDefinition, rankSums: Map<string, number>, voters: number): RankedOption[] {
  const n = definition.options.length;
  // A complete ranking places every option, so an option's Borda points follow from its summed places.
  const ranked = definition.options.map((option, order) => {
    const rankSum = rankSums.get(option.id) ?? 0;
    return {
      order,
      optionId: option.id,
      averageRank: voters === 0 ? null : rankSum / voters,
      borda: voters * n - rankSum,
    };
  });
  ranked.sort((a, b) => b.borda - a.borda || (a.averageRank ?? 0) - (b.averageRank ?? 0) || a.order - b.order);
  return ranked.map(({ optionId, averageRank, borda }) => ({ optionId, averageRank, borda }));
}

/** A count as a share of the voters, in per cent (0 when nobody voted). */
export function shareOf(count: number, voters: number): number {
  return voters === 0 ? 0 : (100 * count) / voters;
}

/** What decides whether the audience sees a question's counts yet. */
export type Visibility = { reveal: QuestionReveal; status: QuestionStatus };

/** The audience does not see the counts of a question that reveals them after close, while it is open. */
export function countsHidden(question: Visibility): boolean {
  return question.reveal === 'after-close' && question.status === 'open';
}

/**
 * A tally as the audience may see it: nothing of a question that reveals its counts only after voting closes
 * while it is open; no word a moderator hid; only approved open answers. The server applies it for phones and
 * projectors; the console's preview of the projector applies it to the moderators' tallies.
 */
export function forAudience(tally: Tally, question: Visibility): Tally {
  if (tally.hidden) return tally;
  if (countsHidden(question)) {
    return { questionId: tally.questionId, voters: tally.voters, counts: {}, hidden: true };
  }
  const shown: Tally = { ...tally };
  if (tally.words) shown.words = tally.words.filter((entry) => !entry.hidden);
  if (tally.answers) shown.answers = tally.answers.filter((entry) => entry.status === 'approved');
  return shown;
}
