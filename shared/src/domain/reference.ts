import { domainError, ok, type DomainError } from './errors.js';
import { QUESTION_LIMITS, type QuestionOption, type Reference } from './question.js';
import { shareOf, type Tally } from './tally.js';

/** One option of the room against the reference, both in per cent. */
export interface ReferenceRow {
  optionId: string;
  room: number;
  /** Null when the reference publishes no share for this option. */
  reference: number | null;
}

/** Why a pasted or imported reference cannot be read: the console words it in the moderator's language. */
export type ReferenceProblem =
  | { kind: 'unknown_option'; name: string }
  | { kind: 'bad_share'; name: string }
  | { kind: 'no_shares' }
  | { kind: 'not_a_line'; line: number }
  | { kind: 'no_number'; line: number }
  | { kind: 'bad_json' }
  | { kind: 'bad_entry' }
  | { kind: 'bad_shape' };

type Refusal = { ok: false; error: DomainError; problem: ReferenceProblem };
type Reading<T extends object> = ({ ok: true } & T) | Refusal;

function englishText(problem: ReferenceProblem): string {
  switch (problem.kind) {
    case 'unknown_option':
      return `"${problem.name}" is not one of the question's options.`;
    case 'bad_share':
      return `The share of "${problem.name}" is not a number of 0 or more.`;
    case 'no_shares':
      return 'No option with a share was found.';
    case 'not_a_line':
      return `Line ${problem.line} is not "option, share".`;
    case 'no_number':
      return `Line ${problem.line} has no number for its share.`;
    case 'bad_json':
      return 'The JSON cannot be read.';
    case 'bad_entry':
      return 'Each entry needs an "option" and a "share".';
    case 'bad_shape':
      return 'Expected an object of option → share, or a list of entries.';
  }
}

function refuse(problem: ReferenceProblem): Refusal {
  return { ok: false, error: domainError('invalid_input', englishText(problem)), problem };
}

/**
 * Reads a published distribution pasted or imported by a moderator, matching each entry to an option by its
 * label (case and surrounding spaces ignored) or its id. Accepts CSV lines `option,share` (a header line and
 * a `%` after the number are fine; `;` or a tab may separate) or JSON: `{ "option": share }` or
 * `[{ "option": …, "share": … }]`. Shares are per cent; counts are turned into per cent when they do not add
 * up to about 100.
 */
export function parseReference(text: string, options: readonly QuestionOption[]): Reading<{ shares: Record<string, number> }> {
  const idByKey = new Map<string, string>();
  for (const option of options) {
    idByKey.set(option.id.toLocaleLowerCase('en'), option.id);
    idByKey.set(option.label.trim().toLocaleLowerCase('en'), option.id);
  }
  const isOption = (name: string) => idByKey.has(name.trim().toLocaleLowerCase('en'));
  const entries = text.trim().startsWith('{') || text.trim().startsWith('[') ? jsonEntries(text) : csvEntries(text, isOption);
  if (!entries.ok) return entries;
  const values: Record<string, number> = {};
  for (const [name, value] of entries.pairs) {
    const optionId = idByKey.get(name.trim().toLocaleLowerCase('en'));
    if (optionId === undefined) return refuse({ kind: 'unknown_option', name: name.slice(0, 60) });
    if (!Number.isFinite(value) || value < 0) return refuse({ kind: 'bad_share', name: name.slice(0, 60) });
    values[optionId] = value;
  }
  if (Object.keys(values).length === 0) return refuse({ kind: 'no_shares' });
  const total = Object.values(values).reduce((sum, value) => sum + value, 0);
  // Published shares may not add up to exactly 100 (rounding, "don't know" left out); counts are far off it.
  const scale = total > 0 && (total < 95 || total > 105) ? 100 / total : 1;
  const shares = Object.fromEntries(Object.entries(values).map(([id, value]) => [id, round(value * scale)]));
  return ok({ shares });
}

function csvEntries(text: string, isOption: (name: string) => boolean): Reading<{ pairs: [string, number][] }> {
  const pairs: [string, number][] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim().length === 0) continue;
    const { cells, separator } = splitLine(line);
    // A label may hold the separator (quoted or not): everything before the last cell is the label.
    const name = cells.slice(0, -1).join(separator).trim();
    const value = parseShare(cells.at(-1) ?? '');
    if (cells.length < 2 || name.length === 0) return refuse({ kind: 'not_a_line', line: index + 1 });
    // A first line whose share is not a number is a header, unless it names an option (then its share is wrong).
    if (value === null && pairs.length === 0 && index === firstLine(text) && !isOption(name)) continue;
    if (value === null) return refuse({ kind: 'no_number', line: index + 1 });
    pairs.push([name, value]);
  }
  return ok({ pairs });
}

/**
 * Cells of one CSV line, quotes removed (`""` inside quotes is a quote). The separator is a tab or `;` when
 * the line has one, so that `45,5` stays a decimal comma; otherwise `,`.
 */
function splitLine(line: string): { cells: string[]; separator: string } {
  const separator = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let at = 0; at < line.length; at++) {
    const char = line[at]!;
    if (char === '"' && quoted && line[at + 1] === '"') {
      cell += '"';
      at += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === separator && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return { cells, separator };
}

function firstLine(text: string): number {
  return text.split(/\r?\n/).findIndex((line) => line.trim().length > 0);
}

function jsonEntries(text: string): Reading<{ pairs: [string, number][] }> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return refuse({ kind: 'bad_json' });
  }
  if (Array.isArray(data)) {
    const pairs: [string, number][] = [];
    for (const item of data) {
      const record = item as Record<string, unknown> | null;
      const name = record?.['option'] ?? record?.['label'] ?? record?.['id'];
      const value = record?.['share'] ?? record?.['percent'] ?? record?.['value'] ?? record?.['count'];
      if (typeof name !== 'string' || (typeof value !== 'number' && typeof value !== 'string')) {
        return refuse({ kind: 'bad_entry' });
      }
      pairs.push([name, parseShare(String(value)) ?? Number.NaN]);
    }
    return ok({ pairs });
  }
  if (data !== null && typeof data === 'object') {
    return ok({ pairs: Object.entries(data).map(([name, value]) => [name, parseShare(String(value)) ?? Number.NaN]) });
  }
  return refuse({ kind: 'bad_shape' });
}

function parseShare(cell: string): number | null {
  const cleaned = cell.trim().replace(/%$/, '').replace(',', '.').trim();
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Room against reference per option, in the question's option order. */
export function compareWithReference(tally: Tally, options: readonly QuestionOption[], reference: Reference): ReferenceRow[] {
  return options.map((option) => ({
    optionId: option.id,
    room: shareOf(tally.counts[option.id] ?? 0, tally.voters),
    reference: reference.shares[option.id] ?? null,
  }));
}

/** A reference label longer than the limit is cut, so a pasted paragraph still fits the projector. */
export function referenceLabel(label: string): string {
  return label.trim().slice(0, QUESTION_LIMITS.referenceLabelMaxLength);
}
