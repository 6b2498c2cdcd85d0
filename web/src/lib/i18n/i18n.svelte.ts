import { safeStorage } from '$lib/storage';
import { directionOf, isLocale, pickLocale, type Locale } from '@pnyx/shared';
import { en, type Message, type MessageKey, type Messages } from './messages/en';

type Catalog = Partial<Record<MessageKey, Message>>;

/** The other languages' messages, each fetched only when chosen, so a phone loads one language. */
const CATALOGS: Record<Exclude<Locale, 'en'>, () => Promise<Partial<Messages>>> = {
  fr: () => import('./messages/fr').then((module) => module.fr),
  es: () => import('./messages/es').then((module) => module.es),
  de: () => import('./messages/de').then((module) => module.de),
  ar: () => import('./messages/ar').then((module) => module.ar),
};

/** The console's messages, in every language English included: fetched only by the pages that show them. */
const CONSOLE_CATALOGS: Record<Locale, () => Promise<Catalog>> = {
  en: () => import('./messages/console.en').then((module) => module.consoleEn),
  fr: () => import('./messages/console.fr').then((module) => module.consoleFr),
  es: () => import('./messages/console.es').then((module) => module.consoleEs),
  de: () => import('./messages/console.de').then((module) => module.consoleDe),
  ar: () => import('./messages/console.ar').then((module) => module.consoleAr),
};

const STORAGE_KEY = 'pnyx:locale';

export type MessageParams = Record<string, string | number>;

/**
 * The page's language: the one a person chose (kept in this browser), else the first of the browser's
 * languages pnyx speaks. Messages missing in a language fall back to English.
 */
class Translator {
  #locale = $state<Locale>('en');
  #messages = $state.raw<Catalog>(en);
  /** English for every key loaded so far: what a message missing in the page's language falls back to. */
  #english = $state.raw<Catalog>(en);
  #withConsole = false;

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
    const [core, console] = await Promise.all([
      locale === 'en' ? en : CATALOGS[locale](),
      this.#withConsole ? CONSOLE_CATALOGS[locale]() : {},
    ]);
    this.#messages = { ...core, ...console };
    this.#locale = locale;
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
  }

  /** Loads the console's messages (moderators' pages and the home page), in English and the page's language. */
  async withConsole(): Promise<void> {
    if (this.#withConsole) return;
    this.#withConsole = true;
    this.#english = { ...en, ...(await CONSOLE_CATALOGS.en()) };
    await this.use(this.#locale);
  }

  /** A person's choice: used now and remembered in this browser. */
  async choose(locale: Locale): Promise<void> {
    safeStorage.set(STORAGE_KEY, locale);
    await this.use(locale);
  }

  t(key: MessageKey, params: MessageParams = {}): string {
    const message: Message = this.#messages[key] ?? this.#english[key] ?? key;
    const text = typeof message === 'string' ? message : pluralForm(message, Number(params.count ?? 0), this.#locale);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /** A number as this language writes it (2,000 · 2 000 · 2.000). */
  number(value: number): string {
    return new Intl.NumberFormat(this.#locale).format(value);
  }

  /** A language tag as this language names it ("fr" is "French" in English, "francés" in Spanish). */
  languageName(tag: string): string {
    try {
      return new Intl.DisplayNames([this.#locale], { type: 'language' }).of(tag) ?? tag;
    } catch {
      return tag;
    }
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
