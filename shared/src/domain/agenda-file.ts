import type { PhaseKind } from './agenda.js';
import type { QuestionKind, QuestionReveal, QuestionScope } from './question.js';

/**
 * An agenda as a file: for export, import and templates. Questions are referred to by their position in
 * `questions`, so a file carries no ids and importing it twice makes two independent copies.
 */
export interface AgendaFile {
  format: 'pnyx-agenda';
  version: 1;
  /** The language its texts are written in (the main language of the session it came from), if known. */
  language?: string;
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

/**
 * The file with `language` as the language of its texts, for a session written in `language`: each question's
 * and phase's translation into it becomes the text (field by field, untranslated fields keep theirs) and the
 * file's own texts become the translation into the file's language. Unchanged when the file's language is
 * unknown or the same, or when nothing is translated into `language`.
 */
export function agendaFileIn(file: AgendaFile, language: string): AgendaFile {
  const from = file.language;
  const translated = [...file.questions, ...file.phases].some((item) => item.translations && Object.hasOwn(item.translations, language));
  if (from === undefined || from === language || !translated) return file;
  return {
    ...file,
    language,
    questions: file.questions.map((question) => {
      const { [language]: into, ...others } = question.translations ?? {};
      if (!into) return question;
      return {
        ...question,
        text: into.text || question.text,
        options: question.options.map((label, index) => into.options[index] || label),
        translations: { ...others, [from]: { text: question.text, options: question.options } },
      };
    }),
    phases: file.phases.map((phase) => {
      const { [language]: into, ...others } = phase.translations ?? {};
      if (!into) return phase;
      return {
        ...phase,
        title: into.title || phase.title,
        text: into.text || phase.text,
        translations: { ...others, [from]: { title: phase.title, text: phase.text } },
      };
    }),
  };
}
