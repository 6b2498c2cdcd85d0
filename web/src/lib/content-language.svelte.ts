import { getContext, setContext } from 'svelte';
import {
  contentDirection,
  phaseIn,
  isLanguageTag,
  offeredLanguage,
  pickContentLanguage,
  pickLocale,
  primarySubtag,
  questionIn,
  translationOf,
  type LiveView,
  type PhaseTranslation,
  type QuestionTranslation,
  type SessionLanguages,
  type Translatable,
} from '@pnyx/shared';
import { i18n } from '$lib/i18n/i18n.svelte';
import { safeStorage, storageKeys } from '$lib/storage';

/**
 * The languages of what moderators wrote (questions, options, phases) on the phone and the projector, as
 * opposed to the interface's own: a phone reads them in the attendee's language, the projector in the main
 * language and, if moderators chose one, a second beside it.
 */

/** The `lang` and `dir` of an element showing text in one language, so screen readers pronounce it right. */
export interface TextLanguage {
  lang: string;
  dir: 'ltr' | 'rtl';
}

export function textLanguage(language: string): TextLanguage {
  return { lang: language, dir: contentDirection(language) };
}

/** A text in a second language, with its `lang` and `dir`. */
export interface SecondText extends TextLanguage {
  text: string;
}

/**
 * The view with its phase and every question in `language`; what is not translated stays in the main language.
 * Ballots and tallies name options by id, so a phone in any language votes on the very same options.
 */
export function viewIn(view: LiveView, language: string): LiveView {
  if (language === view.languages.main) return view;
  return {
    ...view,
    phase: view.phase && phaseIn(view.phase, language),
    questions: view.questions.map((question) => questionIn(question, language)),
  };
}

/** One field of a translation: the question's text, an option's label, a phase's title or text. */
type Field<T> = (translation: T) => string | undefined;

export const field = {
  questionText: ((translation) => translation.text) satisfies Field<QuestionTranslation>,
  optionLabel:
    (optionId: string): Field<QuestionTranslation> =>
    (translation) =>
      translation.options[optionId],
  phaseTitle: ((translation) => translation.title) satisfies Field<PhaseTranslation>,
  phaseText: ((translation) => translation.text) satisfies Field<PhaseTranslation>,
};

/**
 * How a screen shows the content: the language its view was put in (`shown`), the main language untranslated
 * texts fall back to, and the projector's second language. Answers which language each text is in.
 */
export class ShownContent {
  constructor(
    readonly shown: string,
    readonly main: string,
    readonly second: string | null = null,
  ) {}

  /** The language a field is shown in: the shown language where it is translated, else the main one. */
  language<T>(item: Translatable<T>, read: Field<T>): TextLanguage {
    return textLanguage(translatedText(item, this.shown, read) ? this.shown : this.main);
  }

  /** The field in the second language, or null without one or where it is not translated (the main text says it). */
  secondText<T>(item: Translatable<T>, read: Field<T>): SecondText | null {
    if (this.second === null) return null;
    const text = translatedText(item, this.second, read);
    return text ? { text, ...textLanguage(this.second) } : null;
  }
}

function translatedText<T>(item: Translatable<T>, language: string, read: Field<T>): string {
  const translation = translationOf(item, language);
  return translation ? (read(translation) ?? '') : '';
}

const SHOWN_CONTENT = Symbol('shown content');

/** Tells the components below how this page shows the content; `current` is read when they render. */
export function setShownContent(current: () => ShownContent | null): void {
  setContext(SHOWN_CONTENT, current);
}

/** How the page shows the content, or null where it did not say (the console, a report): nothing is marked then. */
export function shownContent(): () => ShownContent | null {
  return getContext<(() => ShownContent | null) | undefined>(SHOWN_CONTENT) ?? (() => null);
}

/**
 * The phone's content language: the one chosen in its "Questions in" select (kept in this browser, it wins), else
 * the interface language if the person picked it at the page's foot, else the first of the browser's languages
 * the session has. The browser's languages come before an interface language nobody picked, which is only the
 * nearest one pnyx speaks: a Japanese phone in a session with Japanese reads Japanese under English buttons.
 */
export class ContentLanguageChoice {
  #chosen = $state(safeStorage.get(storageKeys.contentLanguage));

  /** A person's choice in the select: used now and remembered in this browser. */
  choose(language: string): void {
    safeStorage.set(storageKeys.contentLanguage, language);
    this.#chosen = language;
  }

  in(languages: SessionLanguages): string {
    return pickContentLanguage(languages, this.#preferred());
  }

  /**
   * The language the person reads best, for the moderators' count of readers: their first preference, as the
   * session names it when it has it (`pt` reads its `pt-BR`), else without region (`ja-JP` is `ja`), so the room's
   * moderators see who needs a language the session does not offer yet.
   */
  reading(languages: SessionLanguages | null): string | undefined {
    const [first = i18n.locale] = this.#preferred();
    const reading = (languages && offeredLanguage(languages, first)) ?? (first === this.#chosen ? first : primarySubtag(first));
    // A browser may say anything (`x-pirate`); the server takes only language tags and would refuse the join.
    return isLanguageTag(reading) ? reading : undefined;
  }

  #preferred(): string[] {
    const browser = navigator.languages ?? [navigator.language];
    const interfacePicked = i18n.locale !== pickLocale(browser);
    return [...(this.#chosen ? [this.#chosen] : []), ...(interfacePicked ? [i18n.locale] : []), ...browser, i18n.locale];
  }
}
