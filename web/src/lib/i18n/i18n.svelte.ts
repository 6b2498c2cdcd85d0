import { safeStorage } from '$lib/storage';
import { directionOf, isLocale, pickLocale, type Locale } from '@pnyx/shared';
import { en, type Message, type MessageKey, type Messages } from './messages/en';

/** The other languages' messages, each fetched only when chosen, so a phone loads one language. */
const CATALOGS: Record<Exclude<Locale, 'en'>, () => Promise<Partial<Messages>>> = {
  fr: () => import('./messages/fr').then((module) => module.fr),
  es: () => import('./messages/es').then((module) => module.es),
  de: () => import('./messages/de').then((module) => module.de),
  ar: () => import('./messages/ar').then((module) => module.ar),
};

const STORAGE_KEY = 'pnyx:locale';

export type MessageParams = Record<string, string | number>;

/**
 * The page's language: the one a person chose (kept in this browser), else the first of the browser's
 * languages pnyx speaks. Messages missing in a language fall back to English.
 */
class Translator {
  #locale = $state<Locale>('en');
  #messages = $state.raw<Partial<Messages>>(en);

  get locale(): Locale {
    return this.#locale;
  }

  /** The language this browser starts with. */
  initial(): Locale {
    const chosen = safeStorage.get(STORAGE_KEY);
    return isLocale(chosen) ? chosen : pickLocale(navigator.languages ?? [navigator.language]);
  }

  /** Switches the page to `locale` (its messages fetched first), and marks the document's language and direction. */
  async use(locale: Locale): Promise<void> {
    this.#messages = locale === 'en' ? en : await CATALOGS[locale]();
    this.#locale = locale;
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
  }

  /** A person's choice: used now and remembered in this browser. */
  async choose(locale: Locale): Promise<void> {
    safeStorage.set(STORAGE_KEY, locale);
    await this.use(locale);
  }

  t(key: MessageKey, params: MessageParams = {}): string {
    const message: Message = this.#messages[key] ?? en[key];
    const text = typeof message === 'string' ? message : pluralForm(message, Number(params.count ?? 0), this.#locale);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /** A number as this language writes it (2,000 · 2 000 · 2.000). */
  number(value: number): string {
    return new Intl.NumberFormat(this.#locale).format(value);
  }

  dateTime(at: number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
    return new Intl.DateTimeFormat(this.#locale, options).format(at);
  }
}

function pluralForm(message: Exclude<Message, string>, count: number, locale: Locale): string {
  if (count === 0 && message.zero !== undefined) return message.zero;
  const form = new Intl.PluralRules(locale).select(count);
  return (form !== 'other' ? message[form as keyof typeof message] : undefined) ?? message.other;
}

export const i18n = new Translator();

/** The message `key` in the page's language, with `params` filled in. */
export const t = (key: MessageKey, params?: MessageParams): string => i18n.t(key, params);
