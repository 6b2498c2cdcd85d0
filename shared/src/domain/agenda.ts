import { samePhaseTranslations, type PhaseTranslation, type Translations } from './content-languages.js';
import type { QuestionDefinition } from './question.js';

export const PHASE_KINDS = ['info', 'discussion', 'vote', 'results', 'break', 'qna'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export const PHASE_LIMITS = {
  titleMaxLength: 120,
  textMaxLength: 1000,
  minDurationMs: 10_000,
  maxDurationMs: 24 * 60 * 60_000,
  maxPhases: 100,
} as const;

/** One step of the agenda, as moderators wrote it in the session document. */
export interface PhaseDefinition {
  id: string;
  kind: PhaseKind;
  title: string;
  /** The short text phones and the projector show (a discussion prompt, a briefing). */
  text: string;
  /** Planned duration. */
  durationMs: number;
  /** For `vote`: the questions it opens; for `results`: the questions whose results it shows. */
  questionIds: string[];
  /** When time runs out, go to the next phase (and start its timer) without waiting for a moderator. */
  autoAdvance: boolean;
  /** When time runs out in a `vote` phase, close its questions. */
  autoCloseVote: boolean;
  /** Title and text in the session's other languages; absent in sessions logged before translations. */
  translations?: Translations<PhaseTranslation>;
}

/** The agenda as the server reads it from the session document when a moderator moves between phases. */
export interface AgendaSnapshot {
  phases: PhaseDefinition[];
  /** Every question of the document, for the vote phases that open them. */
  questions: QuestionDefinition[];
}

/** Where a phase stands in the agenda (shown as "phase 3 of 8"). */
export interface PhasePosition {
  index: number;
  total: number;
}

export function isPhaseKind(value: unknown): value is PhaseKind {
  return typeof value === 'string' && (PHASE_KINDS as readonly string[]).includes(value);
}

/** A duration in range: moderators type minutes, and a typo must not make a phase last a week or 0 s. */
export function clampDuration(durationMs: number): number {
  if (!Number.isFinite(durationMs)) return PHASE_LIMITS.minDurationMs;
  return Math.min(PHASE_LIMITS.maxDurationMs, Math.max(PHASE_LIMITS.minDurationMs, Math.round(durationMs)));
}

export function samePhase(a: PhaseDefinition, b: PhaseDefinition): boolean {
  return (
    a.id === b.id &&
    a.kind === b.kind &&
    a.title === b.title &&
    a.text === b.text &&
    a.durationMs === b.durationMs &&
    a.autoAdvance === b.autoAdvance &&
    a.autoCloseVote === b.autoCloseVote &&
    a.questionIds.length === b.questionIds.length &&
    a.questionIds.every((id, index) => b.questionIds[index] === id) &&
    samePhaseTranslations(a.translations, b.translations)
  );
}
