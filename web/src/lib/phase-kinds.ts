import type { PhaseKind } from '@pnyx/shared';
import { t } from '$lib/i18n/i18n.svelte';

/** What a kind of phase is called on screen, in the page's language (call it where it is shown). */
export function phaseKindLabel(kind: PhaseKind): string {
  return t(`phone.phaseKind.${kind}`);
}

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
