import { shareOf } from '@pnyx/shared';
import { i18n } from '$lib/i18n/i18n.svelte';

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

/** One decimal, the way a mean or an average rank is read out, in the page's language: "3.8", "1.0", "3,8". */
export function oneDecimal(value: number): string {
  return new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}
