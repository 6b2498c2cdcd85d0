import { domainError, type DomainError } from './errors.js';

/**
 * The languages of what moderators write (questions, options, phase titles and texts), as opposed to the
 * interface's own LOCALES: a session run in 80 countries may ask in Portuguese or Japanese, which pnyx's buttons
 * do not speak. Moderators write in the main language and translate into the others; ballots name options by
 * id, so every language votes on the same question with the same options and the results stay one.
 */
export interface SessionLanguages {
  /** What the texts moderators type into the editor are written in; the fallback of every translation. */
  main: string;
  /** Languages the content is translated into, in the order the console lists them. */
  others: string[];
  /** One of `others` the projector shows beside the main language, or null for the main language alone. */
  projectorSecond: string | null;
}

export const CONTENT_LANGUAGE_LIMITS = {
  /** Languages besides the main one. */
  maxOthers: 8,
} as const;

/** A BCP 47 tag as people type it for a language: `fr`, `pt-BR`, `zh-Hant`, `sr-Latn-RS`. */
const LANGUAGE_TAG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;

export function isLanguageTag(value: unknown): value is string {
  return typeof value === 'string' && LANGUAGE_TAG_PATTERN.test(value);
}

/** Languages written right to left, by primary subtag (Arabic, Hebrew, Persian, Urdu, Pashto, Yiddish, …). */
const RIGHT_TO_LEFT_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** The direction content in `language` is written in, for the `dir` of the element that shows it. */
export function contentDirection(language: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT_LANGUAGES.has(primarySubtag(language)) ? 'rtl' : 'ltr';
}

/** "Table" in the languages pnyx's interface speaks, by primary subtag; English for the rest. */
const TABLE_WORD: Record<string, string> = { en: 'Table', fr: 'Table', es: 'Mesa', de: 'Tisch', ar: 'طاولة' };

/**
 * The name of a table moderators did not name, in the session's main language: it is printed on the table's
 * sheet and read on every screen, so it is stored like a name a moderator typed.
 */
export function defaultTableName(number: number, mainLanguage: string): string {
  const word = TABLE_WORD[primarySubtag(mainLanguage)] ?? TABLE_WORD.en;
  return `${word} ${number}`;
}

export function defaultSessionLanguages(main: string): SessionLanguages {
  return { main: isLanguageTag(main) ? main : 'en', others: [], projectorSecond: null };
}

/** Every language of the session, the main one first. */
export function languagesOf(languages: SessionLanguages): string[] {
  return [languages.main, ...languages.others];
}

/** Why moderators cannot set these languages, or null when they can. */
export function checkSessionLanguages(languages: SessionLanguages): DomainError | null {
  const all = languagesOf(languages);
  if (!all.every(isLanguageTag)) return domainError('invalid_languages', 'A language is not a language tag such as fr or pt-BR.');
  if (new Set(all).size !== all.length) return domainError('invalid_languages', 'A language is listed twice.');
  if (languages.others.length > CONTENT_LANGUAGE_LIMITS.maxOthers) {
    return domainError('invalid_languages', `A session has at most ${CONTENT_LANGUAGE_LIMITS.maxOthers} languages besides the main one.`);
  }
  if (languages.projectorSecond !== null && !languages.others.includes(languages.projectorSecond)) {
    return domainError('invalid_languages', 'The projector’s second language must be one of the session’s other languages.');
  }
  return null;
}

/**
 * The session language a person reads best: the first of their languages the session has (exactly, or by its
 * primary subtag: `fr-CA` reads `fr`, `pt` reads `pt-BR`), else the main language.
 */
export function pickContentLanguage(languages: SessionLanguages, preferred: readonly string[]): string {
  for (const tag of preferred) {
    const offered = offeredLanguage(languages, tag);
    if (offered) return offered;
  }
  return languages.main;
}

/** The session's language for `tag`: the same tag, else one with its primary subtag; undefined when it has none. */
export function offeredLanguage(languages: SessionLanguages, tag: string): string | undefined {
  const available = languagesOf(languages);
  return (
    available.find((language) => language.toLowerCase() === tag.toLowerCase()) ??
    available.find((language) => primarySubtag(language) === primarySubtag(tag))
  );
}

/** `fr` of `fr-CA`: the language without its script or region. */
export function primarySubtag(tag: string): string {
  return tag.toLowerCase().split('-')[0]!;
}

/** A question in another language: its text and, per option id, the option's label. Blank means untranslated. */
export interface QuestionTranslation {
  text: string;
  options: Record<string, string>;
}

export interface PhaseTranslation {
  title: string;
  text: string;
}

/** Translations per language tag (never the main language: that is the definition's own text). */
export type Translations<T> = Record<string, T>;

/** Only the languages of `languages`, so screens get no text nobody reads. */
export function translationsIn<T>(translations: Translations<T> | undefined, languages: readonly string[]): Translations<T> {
  if (!translations) return {};
  return Object.fromEntries(languages.flatMap((language) => (Object.hasOwn(translations, language) ? [[language, translations[language]!]] : [])));
}

/**
 * `{ translations }` when there are any, else nothing: most sessions have one language, and every question and
 * phase goes to thousands of phones.
 */
export function someTranslations<T>(translations: Translations<T>): { translations?: Translations<T> } {
  return Object.keys(translations).length > 0 ? { translations } : {};
}

/** A question or a phase, as far as its translations go. */
export interface Translatable<T> {
  translations?: Translations<T>;
}

/** The item's translation into `language`, or undefined when it has none. */
export function translationOf<T>(item: Translatable<T>, language: string): T | undefined {
  const { translations } = item;
  return translations && Object.hasOwn(translations, language) ? translations[language] : undefined;
}

/** A question's text and option labels in `language`; whatever is not translated stays in the main language. */
export function questionIn<Q extends Translatable<QuestionTranslation> & { text: string; options: readonly { id: string; label: string }[] }>(
  question: Q,
  language: string,
): Q {
  const translation = translationOf(question, language);
  if (!translation) return question;
  return {
    ...question,
    text: translation.text || question.text,
    options: question.options.map((option) => ({ ...option, label: translation.options[option.id] || option.label })),
  };
}

/** A phase's title and text in `language`, falling back to the main language field by field. */
export function phaseIn<P extends Translatable<PhaseTranslation> & { title: string; text: string }>(phase: P, language: string): P {
  const translation = translationOf(phase, language);
  if (!translation) return phase;
  return { ...phase, title: translation.title || phase.title, text: translation.text || phase.text };
}

/** Each language's translation cleaned by `clean`; languages that are not tags or hold nothing are left out. */
function cleanTranslations<T>(
  translations: Translations<T> | undefined,
  clean: (translation: T) => T | null,
): Translations<T> {
  const cleaned: Translations<T> = {};
  for (const [language, translation] of Object.entries(translations ?? {}).slice(0, MAX_TRANSLATIONS_KEPT)) {
    const kept = isLanguageTag(language) ? clean(translation) : null;
    if (kept) cleaned[language] = kept;
  }
  return cleaned;
}

/**
 * A definition keeps translations for more languages than a session may list at once, so a language removed and
 * added back finds its texts; screens only get the session's current ones (translationsIn).
 */
const MAX_TRANSLATIONS_KEPT = 2 * CONTENT_LANGUAGE_LIMITS.maxOthers;

export function cleanQuestionTranslations(
  translations: Translations<QuestionTranslation> | undefined,
  optionIds: readonly string[],
  limits: { textMaxLength: number; labelMaxLength: number },
): Translations<QuestionTranslation> {
  return cleanTranslations(translations, (translation) => {
    const text = translation.text.trim().slice(0, limits.textMaxLength);
    const options: Record<string, string> = {};
    for (const id of optionIds) {
      const label = Object.hasOwn(translation.options, id) ? translation.options[id]!.trim().slice(0, limits.labelMaxLength) : '';
      if (label) options[id] = label;
    }
    return text || Object.keys(options).length > 0 ? { text, options } : null;
  });
}

export function cleanPhaseTranslations(
  translations: Translations<PhaseTranslation> | undefined,
  limits: { titleMaxLength: number; textMaxLength: number },
): Translations<PhaseTranslation> {
  return cleanTranslations(translations, (translation) => {
    const title = translation.title.trim().slice(0, limits.titleMaxLength);
    const text = translation.text.trim().slice(0, limits.textMaxLength);
    return title || text ? { title, text } : null;
  });
}

export function samePhaseTranslations(a: Translations<PhaseTranslation> | undefined, b: Translations<PhaseTranslation> | undefined): boolean {
  const left = Object.entries(a ?? {});
  const right = b ?? {};
  return (
    left.length === Object.keys(right).length &&
    left.every(([language, translation]) => right[language]?.title === translation.title && right[language]?.text === translation.text)
  );
}
