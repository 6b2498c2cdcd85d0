import { i18n } from '$lib/i18n/i18n.svelte';

const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;

const two = (value: number) => String(value).padStart(2, '0');

/**
 * A countdown's reading: `mm:ss`, or `h:mm:ss` from an hour on. Time left is rounded up, so a timer shows
 * 02:00 for its whole first second and 00:01 for its last one, and reaches 00:00 exactly when time is up.
 * Past zero it counts the time over, rounded down, with a plus sign: 00:00, +00:01, +00:02, …
 */
export function formatCountdown(remainingMs: number): string {
  const over = remainingMs <= 0;
  const seconds = over ? Math.floor(-remainingMs / SECOND_MS) : Math.ceil(remainingMs / SECOND_MS);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const clock = hours > 0 ? `${hours}:${two(minutes)}:${two(seconds % 60)}` : `${two(minutes)}:${two(seconds % 60)}`;
  return over && seconds > 0 ? `+${clock}` : clock;
}

/**
 * Milliseconds until `formatCountdown` shows the next value, for a timer whose remaining time falls by
 * one millisecond per millisecond: the moment to wake up, so the reading changes on the very second.
 */
export function untilNextReading(remainingMs: number): number {
  return remainingMs - (Math.ceil(remainingMs / SECOND_MS) - 1) * SECOND_MS;
}

/** A planned duration as people say it in the page's language: "45 sec", "5 min", "1 hr 30 min", "2 Std. 5 Min.". */
export function formatDuration(durationMs: number): string {
  const totalSeconds = Math.round(durationMs / SECOND_MS);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const amount = (value: number, unit: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(i18n.locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
  const parts: string[] = [];
  if (hours > 0) parts.push(amount(hours, 'hour'));
  if (minutes > 0) parts.push(amount(minutes, 'minute'));
  if (seconds > 0 || parts.length === 0) parts.push(amount(seconds, 'second'));
  return parts.join(' ');
}

/** A duration in minutes for a number field: at most two decimals (10 s reads 0.17). */
export function toMinutes(durationMs: number): number {
  return Math.round((durationMs / MINUTE_MS) * 100) / 100;
}
