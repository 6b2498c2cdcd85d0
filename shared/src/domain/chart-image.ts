import type { LiveQuestion } from './live-view.js';
import { labelOfOption } from './question.js';
import type { Tally } from './tally.js';

/**
 * A result as an SVG image for slides: one bar per option (or word), each labelled with its name, count and
 * share, so nothing depends on telling colours apart. Text written by attendees (words) is escaped: the file
 * may be opened in a browser.
 */

const WIDTH = 960;
const ROW = 44;
const TOP = 96;
const LABEL_WIDTH = 300;
const BAR_WIDTH = 480;
const MAX_WORDS = 15;
/** Okabe–Ito blue: readable for every kind of colour vision, dark enough for white slides and print. */
const BAR_COLOUR = '#0072B2';

/** The chart's own words and numbers, in the reader's language. */
export interface ChartWords {
  /** "12 voters" */
  voters(count: number): string;
  /** "mean 3.4" */
  mean(value: number): string;
  /** "31 points" */
  points(count: number): string;
  /** A count as the language writes it ("2,000", "2 000"). */
  count(value: number): string;
}

export const ENGLISH_CHART_WORDS: ChartWords = {
  voters: (count) => `${count} ${count === 1 ? 'voter' : 'voters'}`,
  mean: (value) => `mean ${value.toFixed(1)}`,
  points: (count) => `${count} points`,
  count: (value) => String(value),
};

interface Row {
  label: string;
  value: number;
  /** What the bar says after it: "12 · 40%" or "31 points". */
  caption: string;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const percent = (count: number, of: number) => (of === 0 ? '0%' : `${Math.round((count / of) * 100)}%`);

function rowsOf(question: LiveQuestion, tally: Tally, words: ChartWords): Row[] | null {
  switch (question.kind) {
    case 'single':
    case 'multi':
    case 'scale':
      return question.options.map((option) => {
        const count = tally.counts[option.id] ?? 0;
        return { label: option.label, value: count, caption: `${words.count(count)} · ${percent(count, tally.voters)}` };
      });
    case 'ranking':
      return (tally.ranking ?? []).map((entry) => ({
        label: labelOfOption(question, entry.optionId) ?? entry.optionId,
        value: entry.borda,
        caption: words.points(entry.borda),
      }));
    case 'wordcloud':
      return (tally.words ?? [])
        .filter((word) => !word.hidden)
        .slice(0, MAX_WORDS)
        .map((word) => ({ label: word.word, value: word.count, caption: words.count(word.count) }));
    case 'open':
      return null;
  }
}

/** The chart of `tally` as a standalone SVG document, or null for a kind that has no chart (open answers). */
export function resultChartSvg(question: LiveQuestion, tally: Tally, words: ChartWords = ENGLISH_CHART_WORDS): string | null {
  const rows = rowsOf(question, tally, words);
  if (rows === null) return null;
  const largest = Math.max(1, ...rows.map((row) => row.value));
  const height = TOP + rows.length * ROW + 56;
  const bars = rows.map((row, index) => {
    const y = TOP + index * ROW;
    const width = Math.round((row.value / largest) * BAR_WIDTH);
    return [
      `<text x="${LABEL_WIDTH - 12}" y="${y + 27}" text-anchor="end">${escapeXml(clip(row.label, 34))}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 8}" width="${width}" height="${ROW - 16}" fill="${BAR_COLOUR}"/>`,
      `<text x="${LABEL_WIDTH + width + 10}" y="${y + 27}">${escapeXml(row.caption)}</text>`,
    ].join('');
  });
  const footer = question.kind === 'scale' && tally.mean != null ? `${words.voters(tally.voters)} · ${words.mean(tally.mean)}` : words.voters(tally.voters);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(clip(question.text, 200))}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="20" fill="#111827">`,
    `<text x="24" y="48" font-size="28" font-weight="700">${escapeXml(clip(question.text, 70))}</text>`,
    ...bars,
    `<text x="24" y="${height - 20}" fill="#4b5563">${escapeXml(footer)}</text>`,
    `</g></svg>`,
  ].join('\n');
}
