import { primarySubtag } from './content-languages.js';

/**
 * The languages pnyx's own words (its interface) come in, in the order a language switch lists them; English is
 * the fallback of every message.
 */
export const LOCALES = ['en', 'fr', 'es', 'de', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language in its own words, as a speaker looks for it in a list. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  de: 'Deutsch',
  ar: 'العربية',
};

const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['ar']);

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of the browser's languages pnyx speaks (`fr-CA` is French), else English. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = primarySubtag(tag);
    if (isLocale(primary)) return primary;
  }
  return 'en';
}
