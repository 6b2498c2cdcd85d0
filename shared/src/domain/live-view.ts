import type { PhaseKind } from './agenda.js';
import type { QuestionKind, QuestionOption, QuestionReveal, QuestionStatus } from './question.js';
import { computeTally, forAudience, type Tally } from './tally.js';
import type { Ballot, QuestionState, SessionState } from './session.js';
import { timerView, type TimerView } from './timer.js';

/** What phones and the projector need of a question: no ballots, no Yjs. */
export interface LiveQuestion {
  id: string;
  kind: QuestionKind;
  text: string;
  options: QuestionOption[];
  status: QuestionStatus;
  reveal: QuestionReveal;
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
}

/**
 * The compact view the server derives for every connection; phones and the projector never load Yjs.
 * It changes when a question opens or closes, the phase changes or a moderator commands the timer, so it is
 * broadcast rarely; counts that change with every join or ballot travel in the coalesced `TallyUpdate`.
 */
export interface LiveView {
  session: { id: string; code: string; title: string };
  /** Server time when the view was made; `timer.remainingMs` is as of then. */
  serverTime: number;
  phase: LivePhase | null;
  timer: TimerView | null;
  /** Every question that has opened, in the order it first opened. */
  questions: LiveQuestion[];
  /** The question the projector shows, or null before any opens (the projector then shows the join code). */
  screenQuestionId: string | null;
  /** In a `results` phase: the tallies it shows, for phones (projector and moderators get tally updates). */
  results: Tally[];
}

/** A question's tally as the audience may see it. */
export function audienceTally(question: QuestionState): Tally {
  return forAudience(computeTally(question), { reveal: question.definition.reveal, status: question.status });
}

export function deriveLiveView(state: SessionState, now: number): LiveView {
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
      }
    : null;
  const results =
    run?.phase.kind === 'results'
      ? run.phase.questionIds.flatMap((questionId) => {
          const question = state.questions.get(questionId);
          return question ? [audienceTally(question)] : [];
        })
      : [];
  return {
    session: { id: state.info.id, code: state.info.code, title: state.info.title },
    serverTime: now,
    phase,
    timer: run ? timerView(run.timer, now) : null,
    questions: [...state.questions.values()].map((question) => ({
      id: question.definition.id,
      kind: question.definition.kind,
      text: question.definition.text,
      options: question.definition.options,
      status: question.status,
      reveal: question.definition.reveal,
    })),
    screenQuestionId: state.screenQuestionId,
    results,
  };
}

/** Every question's tally, in full: for moderators. */
export function deriveTallies(state: SessionState): Tally[] {
  return [...state.questions.values()].map(computeTally);
}

/** Every question's tally as the projector may show it. */
export function deriveAudienceTallies(state: SessionState): Tally[] {
  return [...state.questions.values()].map(audienceTally);
}

/** The ballots that count for one participant, per question: what a phone shows as its choice after a reload. */
export function ballotsOf(state: SessionState, participantId: string): Ballot[] {
  const ballots: Ballot[] = [];
  for (const question of state.questions.values()) {
    const ballot = question.ballots.get(participantId);
    if (ballot) ballots.push(ballot);
  }
  return ballots;
}
