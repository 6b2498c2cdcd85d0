import { isChoiceKind, labelOfOption, type Answer, type QuestionDefinition } from './question.js';
import type { SessionReport } from './report.js';
import type { SessionState } from './session.js';
import type { Tally } from './tally.js';

/**
 * Downloads for organisers: every counted ballot and every tally as CSV, opened in a spreadsheet. Attendees
 * wrote some of the text, so a cell a spreadsheet would run as a formula is written as text.
 */

type Cell = string | number | null;

/** A cell starting like a formula (=, +, -, @, tab, return) would run in a spreadsheet: a quote keeps it text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: comma-separated, quoted where needed, CRLF line ends. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** An answer as a person reads it: option labels (a ranking in order), words, or the text. */
export function answerText(definition: QuestionDefinition, answer: Answer): string {
  const label = (optionId: string) => labelOfOption(definition, optionId) ?? optionId;
  if ('optionId' in answer) return label(answer.optionId);
  if ('optionIds' in answer) return answer.optionIds.map(label).join(definition.kind === 'ranking' ? ' > ' : ' | ');
  if ('words' in answer) return answer.words.join(' | ');
  return answer.text;
}

/**
 * Every ballot that counts, one row each. People appear as pseudonyms numbered in the order they joined (P1,
 * P2, …), never by their ids; a table's answer (table-scope questions) as the table. Table and channel are
 * where the ballot counts now: the caster's current seat.
 */
export function ballotsCsv(state: SessionState): string {
  const pseudonyms = new Map([...state.participants.keys()].map((id, index) => [id, `P${index + 1}`]));
  const tableName = (tableId: string | null) => (tableId === null ? '' : (state.tables.get(tableId)?.name ?? tableId));
  const rows: Cell[][] = [['question_id', 'question', 'voter', 'cast_by', 'table', 'channel', 'answer', 'cast_at']];
  for (const { definition, ballots } of state.questions.values()) {
    for (const ballot of ballots.values()) {
      const caster = state.participants.get(ballot.participantId);
      const forTable = ballot.voterId !== ballot.participantId;
      rows.push([
        definition.id,
        definition.text,
        forTable ? tableName(ballot.voterId) : (pseudonyms.get(ballot.voterId) ?? ''),
        pseudonyms.get(ballot.participantId) ?? '',
        tableName(forTable ? ballot.voterId : (caster?.tableId ?? null)),
        caster?.channel ?? '',
        answerText(definition, ballot.answer),
        new Date(ballot.castAt).toISOString(),
      ]);
    }
  }
  return toCsv(rows);
}

/**
 * The tallies of every question: one row per option (choice kinds) or word (word clouds), with the room, each
 * channel and each table in columns, and a first row per question with its voters. Open answers have no counts
 * (their text is in the ballots file).
 */
export function talliesCsv(report: SessionReport): string {
  const header: Cell[] = ['question_id', 'question', 'kind', 'answer', 'room', 'onsite', 'online', 'paper', ...report.tables.map((table) => table.name)];
  const rows: Cell[][] = [header];
  for (const { question, results } of report.questions) {
    const columns: Tally[] = [
      results.room,
      results.byChannel.onsite,
      results.byChannel.online,
      results.byChannel.paper,
      ...report.tables.map((table) => results.byTable.find((entry) => entry.tableId === table.id)?.tally ?? emptyTally(question.id)),
    ];
    const row = (answer: string, count: (tally: Tally) => number | null): Cell[] => [question.id, question.text, question.kind, answer, ...columns.map(count)];
    rows.push(row('(voters)', (tally) => tally.voters));
    if (isChoiceKind(question.kind)) {
      for (const option of question.options) rows.push(row(option.label, (tally) => tally.counts[option.id] ?? 0));
      if (question.kind === 'scale') rows.push(row('(mean)', (tally) => (tally.mean === null || tally.mean === undefined ? null : round(tally.mean))));
    }
    if (question.kind === 'wordcloud') {
      for (const { word } of results.room.words ?? []) {
        rows.push(row(word, (tally) => tally.words?.find((entry) => entry.word === word)?.count ?? 0));
      }
    }
  }
  return toCsv(rows);
}

const emptyTally = (questionId: string): Tally => ({ questionId, voters: 0, counts: {} });

const round = (value: number) => Math.round(value * 100) / 100;

/** A file name from a session's title: "Town hall 2027" → "town-hall-2027" ("pnyx" when nothing is left). */
export function fileSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'pnyx';
}
