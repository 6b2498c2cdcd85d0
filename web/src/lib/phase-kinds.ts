import type { PhaseKind } from '@pnyx/shared';

/** What each kind of phase is called on screen. */
export const PHASE_KIND_LABELS: Record<PhaseKind, string> = {
  info: 'Information',
  discussion: 'Discussion',
  vote: 'Vote',
  results: 'Results',
  break: 'Break',
  qna: 'Questions and answers',
};

/** The planned duration a new phase starts with, in minutes; moderators change it at once if needed. */
export const DEFAULT_PHASE_MINUTES: Record<PhaseKind, number> = {
  info: 5,
  discussion: 15,
  vote: 5,
  results: 5,
  break: 10,
  qna: 10,
};

/** Kinds whose phase opens or shows questions. */
export function hasQuestions(kind: PhaseKind): boolean {
  return kind === 'vote' || kind === 'results';
}
