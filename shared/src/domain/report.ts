import type { AgendaFile } from './agenda-file.js';
import type { PhaseKind } from './agenda.js';
import { deriveContributionBoard, type ContributionView } from './contributions.js';
import { questionIn, type SessionLanguages } from './content-languages.js';
import { liveQuestion, questionResults, type LiveQuestion, type LiveTable, type ResultsAudience } from './live-view.js';
import type { QuestionResults } from './results.js';
import { readersByLanguage } from './roster.js';
import type { SessionState } from './session.js';

/**
 * What the room said, after (or during) a session: the report page shows it, prints it, and the session file
 * carries it. Derived from the session's state alone (plus the table notes, which live in Yjs); never stored.
 */
export interface SessionReport {
  session: { id: string; code: string; title: string; createdAt: number; endedAt: number | null };
  /** The languages of the questions: each carries its translations into the session's other languages. */
  languages: SessionLanguages;
  /** When the report was made (server time). */
  madeAt: number;
  attendance: ReportAttendance;
  /** The phases in the order they ran, with their actual times; a phase entered twice is listed twice. */
  agendaAsRun: ReportPhase[];
  /** Every question that opened, in the order it first opened, with everything moderators see of its results. */
  questions: ReportQuestion[];
  tables: LiveTable[];
  /** The approved contributions, most upvoted first. */
  contributions: ContributionView[];
  /** Table notes with text, in the order the tables were set up. */
  notes: { tableId: string; tableName: string; text: string }[];
}

export interface ReportAttendance {
  /** Everyone who joined, by the channel they joined from. */
  participants: number;
  onsite: number;
  online: number;
  /** Participants seated at a table now, and per table. */
  seated: number;
  byTable: { tableId: string; members: number }[];
  /** Voters of the question most people answered. */
  mostVoters: number;
  /** How many read each language, as their phones said (those that did not say are left out). */
  byLanguage: { language: string; readers: number }[];
}

export interface ReportPhase {
  phaseId: string;
  kind: PhaseKind;
  title: string;
  enteredAt: number;
  /** Null while it still runs. */
  leftAt: number | null;
}

export interface ReportQuestion {
  question: LiveQuestion;
  openedAt: number;
  closedAt: number | null;
  results: QuestionResults;
}

/** Moderators see every result; a shared report (`audience`) shows what the room may see (hidden words, unapproved answers and results not yet revealed left out). */
export function deriveSessionReport(state: SessionState, notes: ReadonlyMap<string, string>, now: number, audience: ResultsAudience = 'moderator'): SessionReport {
  const participants = [...state.participants.values()];
  const questions = [...state.questions.values()].map((question): ReportQuestion => ({
    question: liveQuestion(state, question),
    openedAt: question.openedAt,
    closedAt: question.closedAt,
    results: questionResults(state, question, audience),
  }));
  const tables = [...state.tables.values()];
  // Every approved one (the audience's board stops at the top 30), without author names: a report is published.
  const approved = deriveContributionBoard(state, 'moderator').contributions.filter((contribution) => contribution.status === 'approved');
  return {
    session: { id: state.info.id, code: state.info.code, title: state.info.title, createdAt: state.info.createdAt, endedAt: state.endedAt },
    languages: state.languages,
    madeAt: now,
    attendance: {
      participants: participants.length,
      onsite: participants.filter((participant) => participant.channel === 'onsite').length,
      online: participants.filter((participant) => participant.channel === 'online').length,
      seated: participants.filter((participant) => participant.tableId !== null).length,
      byTable: tables.map((table) => ({ tableId: table.id, members: participants.filter((participant) => participant.tableId === table.id).length })),
      mostVoters: Math.max(0, ...questions.map(({ results }) => results.room.voters)),
      byLanguage: readersByLanguage(participants),
    },
    agendaAsRun: state.history.map(({ phaseId, kind, title, enteredAt, leftAt }) => ({ phaseId, kind, title, enteredAt, leftAt })),
    questions,
    tables: tables.map(({ id, name }) => ({ id, name })),
    contributions: approved.map(({ authorName: _authorName, ...contribution }) => contribution),
    notes: tables.flatMap((table) => {
      const text = notes.get(table.id)?.trim() ?? '';
      return text ? [{ tableId: table.id, tableName: table.name, text }] : [];
    }),
  };
}

/** The report with its questions (text and options) in `language` where they are translated into it. */
export function reportIn(report: SessionReport, language: string): SessionReport {
  return { ...report, questions: report.questions.map((entry) => ({ ...entry, question: questionIn(entry.question, language) })) };
}

/**
 * A whole session as one file: its agenda (importable as a new session's template: the console's import
 * takes the `agenda` of such a file) and its report.
 */
export interface SessionFile {
  format: 'pnyx-session';
  version: 1;
  agenda: AgendaFile;
  report: SessionReport;
}

export function sessionFile(agenda: AgendaFile, report: SessionReport): SessionFile {
  return { format: 'pnyx-session', version: 1, agenda, report };
}
