import type { PhaseKind } from './agenda.js';
import type { QuestionKind, QuestionReveal, QuestionScope } from './question.js';

/**
 * An agenda as a file: for export, import and templates. Questions are referred to by their position in
 * `questions`, so a file carries no ids and importing it twice makes two independent copies.
 */
export interface AgendaFile {
  format: 'pnyx-agenda';
  version: 1;
  phases: AgendaFilePhase[];
  questions: AgendaFileQuestion[];
}

export interface AgendaFilePhase {
  kind: PhaseKind;
  title: string;
  text: string;
  durationMinutes: number;
  /** Positions in `questions` of the questions a vote phase opens or a results phase shows. */
  questions: number[];
  autoAdvance: boolean;
  autoCloseVote: boolean;
  /** Title and text per language tag. */
  translations?: Record<string, { title: string; text: string }>;
}

export interface AgendaFileQuestion {
  text: string;
  options: string[];
  reveal: QuestionReveal;
  kind: QuestionKind;
  scope: QuestionScope;
  maxChoices: number;
  /** Position in `questions` of the earlier question this one asks again. */
  comparesWith: number | null;
  /** Shares in per cent by option position (null: not published). */
  reference: { label: string; shares: (number | null)[] } | null;
  /** Text and option labels (by option position) per language tag. */
  translations?: Record<string, { text: string; options: string[] }>;
}
