import type { PhaseKind } from './agenda.js';
import { someTranslations, translationsIn, type PhaseTranslation, type SessionLanguages, type Translations } from './content-languages.js';
import type { QuestionDefinition, QuestionStatus } from './question.js';
import { audienceResults, computeResults, type QuestionResults } from './results.js';
import type { Tally } from './tally.js';
import type { Ballot, Participant, QuestionState, ScreenChoice, SessionEvent, SessionState } from './session.js';
import { timerView, type TimerView } from './timer.js';

/** What phones and the projector need of a question: no ballots, no Yjs. */
export type LiveQuestion = QuestionDefinition & { status: QuestionStatus };

/** A table as everyone may see it (its facilitator code is for moderators only). */
export interface LiveTable {
  id: string;
  name: string;
}

/** The running phase as every screen shows it. */
export interface LivePhase {
  id: string;
  kind: PhaseKind;
  title: string;
  text: string;
  /** Position in the agenda, from 0, and the number of phases ("phase 3 of 8"). */
  index: number;
  total: number;
  /** The questions a vote phase opened or a results phase shows. */
  questionIds: string[];
  autoAdvance: boolean;
  autoCloseVote: boolean;
  /** Title and text in the session's other languages (only those; absent when there are none). */
  translations?: Translations<PhaseTranslation>;
}

/**
 * The compact view the server derives for every connection; phones and the projector never load Yjs.
 * It changes when a question opens or closes, the phase changes or a moderator commands the timer, so it is
 * broadcast rarely; counts that change with every join or ballot travel in the coalesced `TallyUpdate`.
 */
export interface LiveView {
  session: { id: string; code: string; title: string };
  /** The languages questions and phases are written in; each question and phase carries its translations. */
  languages: SessionLanguages;
  /** Server time when the view was made; `timer.remainingMs` is as of then. */
  serverTime: number;
  phase: LivePhase | null;
  timer: TimerView | null;
  /** Every question that has opened, in the order it first opened. */
  questions: LiveQuestion[];
  /** The question the projector shows, or null before any opens (the projector then shows the join code). */
  screenQuestionId: string | null;
  /** How the projector shows results (room, by table, …): a moderator's choice. */
  screen: ScreenChoice;
  tables: LiveTable[];
  /** In a `results` phase: the tallies it shows, for phones (projector and moderators get tally updates). */
  results: Tally[];
  /** When a moderator ended the session (server time), or null: screens then say so, phones stop offering votes. */
  endedAt: number | null;
}

export type ResultsAudience = 'moderator' | 'audience';

/** One question's results: everything for moderators; for the audience, what it may see yet. */
export function questionResults(state: SessionState, question: QuestionState, audience: ResultsAudience): QuestionResults {
  const results = moderatorResults(state, question);
  return audience === 'moderator' ? results : shownToAudience(state, question, results);
}

/** Every opened question's results, in the order they first opened. */
export function deriveResults(state: SessionState, audience: ResultsAudience): QuestionResults[] {
  return [...state.questions.values()].map((question) => questionResults(state, question, audience));
}

/** One question's results for both audiences from one computation (a tally tick sends both). */
export function questionResultsForAll(state: SessionState, question: QuestionState): Record<ResultsAudience, QuestionResults> {
  const moderator = moderatorResults(state, question);
  return { moderator, audience: shownToAudience(state, question, moderator) };
}

function moderatorResults(state: SessionState, question: QuestionState): QuestionResults {
  return computeResults(question, earlierOf(state, question), state.participants, state.tables);
}

function shownToAudience(state: SessionState, question: QuestionState, results: QuestionResults): QuestionResults {
  const earlier = earlierOf(state, question);
  const visibility = (asked: QuestionState) => ({ reveal: asked.definition.reveal, status: asked.status });
  return audienceResults(results, visibility(question), earlier && visibility(earlier));
}

/** The question `question` asks again, if it asks one and that one was opened. */
export function earlierOf(state: SessionState, question: QuestionState): QuestionState | undefined {
  const { comparesWith } = question.definition;
  return comparesWith === null ? undefined : state.questions.get(comparesWith);
}

export function deriveLiveView(state: SessionState, now: number): LiveView {
  return { ...viewBesidesLists(state, now), questions: liveQuestions(state), tables: liveTables(state) };
}

/**
 * A broadcast view: `questions` and `tables` only when `events` changed them. They are most of a view's
 * bytes (every option, label and reference; hundreds of tables), and the frequent broadcasts (the timer,
 * phases) change neither.
 */
export type LiveViewUpdate = Omit<LiveView, 'questions' | 'tables'> & Partial<Pick<LiveView, 'questions' | 'tables'>>;

/**
 * What part of a screen's view an event changes: its question list, its table list, the rest (phase, timer,
 * projector, end), or nothing. Every event type is listed, so a new event has to say.
 */
const VIEW_CHANGE: Record<SessionEvent['type'], 'questions' | 'tables' | 'rest' | null> = {
  // A LiveQuestion is the frozen definition and the status: only these three change either.
  'question:opened': 'questions',
  'question:reopened': 'questions',
  'question:closed': 'questions',
  'tables:added': 'tables',
  'table:renamed': 'tables',
  'table:removed': 'tables',
  'phase:entered': 'rest',
  'phase:updated': 'rest',
  'timer:started': 'rest',
  'timer:paused': 'rest',
  'timer:adjusted': 'rest',
  'timer:reset': 'rest',
  'timer:expired': 'rest',
  'screen:shown': 'rest',
  // Questions carry translations for the session's languages only: a language added or removed changes them.
  'languages:set': 'questions',
  'session:ended': 'rest',
  'session:reopened': 'rest',
  // Seats, ballots, moderation and contributions reach screens through their own updates (tallies, me, boards).
  'participant:joined': null,
  'participant:language-set': null,
  'participant:seated': null,
  'facilitator:set': null,
  'ballot:accepted': null,
  'paper:entered': null,
  'word:hidden': null,
  'answer:moderated': null,
  'contribution:posted': null,
  'contribution:upvoted': null,
  'contribution:moderated': null,
  'contribution:spotlighted': null,
  'contributions:configured': null,
  // Access is the moderators' business (access:update); a phone learns of a PIN when its join is refused.
  'moderator-link:created': null,
  'moderator-link:revoked': null,
  'moderator-link:rotated': null,
  'join-pin:set': null,
  'report-share:set': null,
};

/** True when `event` changes what the screens' view shows, so the view is broadcast. */
export function changesLiveView(event: SessionEvent): boolean {
  return VIEW_CHANGE[event.type] !== null;
}

/** The view to broadcast after `events` were applied to `state`: the question and table lists only if they changed. */
export function liveViewUpdate(state: SessionState, now: number, events: readonly SessionEvent[]): LiveViewUpdate {
  const changed = new Set(events.map((event) => VIEW_CHANGE[event.type]));
  return {
    ...viewBesidesLists(state, now),
    ...(changed.has('questions') ? { questions: liveQuestions(state) } : {}),
    ...(changed.has('tables') ? { tables: liveTables(state) } : {}),
  };
}

/** The view a client holds after `update`: an absent list is the one it had. */
export function applyLiveViewUpdate(view: LiveView, update: LiveViewUpdate): LiveView {
  return { ...update, questions: update.questions ?? view.questions, tables: update.tables ?? view.tables };
}

function liveQuestions(state: SessionState): LiveQuestion[] {
  return [...state.questions.values()].map((question) => liveQuestion(state, question));
}

/** A question as screens and reports show it: its frozen definition, translated into the session's languages only, and its status. */
export function liveQuestion(state: SessionState, { definition: { translations, ...definition }, status }: QuestionState): LiveQuestion {
  return { ...definition, ...someTranslations(translationsIn(translations, state.languages.others)), status };
}

function liveTables(state: SessionState): LiveTable[] {
  return [...state.tables.values()].map(({ id, name }) => ({ id, name }));
}

function viewBesidesLists(state: SessionState, now: number): Omit<LiveView, 'questions' | 'tables'> {
  const run = state.run;
  const phase: LivePhase | null = run
    ? {
        id: run.phase.id,
        kind: run.phase.kind,
        title: run.phase.title,
        text: run.phase.text,
        index: run.position.index,
        total: run.position.total,
        questionIds: run.phase.questionIds,
        autoAdvance: run.phase.autoAdvance,
        autoCloseVote: run.phase.autoCloseVote,
        ...someTranslations(translationsIn(run.phase.translations, state.languages.others)),
      }
    : null;
  const results =
    run?.phase.kind === 'results'
      ? run.phase.questionIds.flatMap((questionId) => {
          const question = state.questions.get(questionId);
          return question ? [questionResults(state, question, 'audience').room] : [];
        })
      : [];
  return {
    session: { id: state.info.id, code: state.info.code, title: state.info.title },
    languages: state.languages,
    serverTime: now,
    phase,
    timer: run ? timerView(run.timer, now) : null,
    screenQuestionId: state.screenQuestionId,
    screen: state.screen,
    results,
    endedAt: state.endedAt,
  };
}

/**
 * The ballots that count for one participant, per question: their own, and for table-scope questions their
 * table's. What a phone shows as its (or its table's) answer after a reload.
 */
export function ballotsOf(state: SessionState, participant: Participant): Ballot[] {
  const ballots: Ballot[] = [];
  for (const question of state.questions.values()) {
    const voterId = question.definition.scope === 'table' ? participant.tableId : participant.id;
    const ballot = voterId === null ? undefined : question.ballots.get(voterId);
    if (ballot) ballots.push(ballot);
  }
  return ballots;
}
