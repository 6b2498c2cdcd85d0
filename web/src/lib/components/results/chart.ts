import { shareOf } from '@pnyx/shared';

/**
 * How a results chart is drawn. `compact` flows in the page (phones, the moderators' console). `projector`
 * and `small` fill a box of the projector: their type is sized by two custom properties the box sets, so a
 * chart fits whatever box it is given (the room's stage, one of 24 tables, a third of the screen):
 *   --chart-height  the height the chart may take (any length, e.g. in the box's container units);
 *   --chart-font    the largest type size the chart may use.
 * `small` is one of many (small multiples): fewer words, fewer answers, no totals the box already states.
 */
export type ChartSize = 'compact' | 'projector' | 'small';

/** A count as a whole per cent of `total` (0 when nobody voted). */
export function percentOf(count: number, total: number): number {
  return Math.round(shareOf(count, total));
}

/** "1 vote", "3 votes". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** One decimal, the way a mean or an average rank is read out: "3.8", "1.0". */
export function oneDecimal(value: number): string {
  return value.toFixed(1);
}
