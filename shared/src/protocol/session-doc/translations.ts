import * as Y from 'yjs';
import { isLanguageTag, type PhaseTranslation, type QuestionTranslation, type Translations } from '../../domain/content-languages.js';

/**
 * Translations of a question or a phase in the session's Y.Doc (see ./index.ts for the whole layout):
 *
 *   question.translations: Y.Map<Y.Text>  keys `<language>/text` and `<language>/option/<optionId>`
 *   phase.translations:    Y.Map<Y.Text>  keys `<language>/title` and `<language>/text`
 *
 * One flat map per question or phase, made with it, so two moderators translating at once never race to
 * create the same nested map. A field's Y.Text is made when an editor first shows it; a language removed from
 * the session keeps its texts, so adding it back finds them.
 */
export type TranslatedMap = Y.Map<unknown>;

export const translationKey = {
  questionText: (language: string) => `${language}/text`,
  optionLabel: (language: string, optionId: string) => `${language}/option/${optionId}`,
  phaseTitle: (language: string) => `${language}/title`,
  phaseText: (language: string) => `${language}/text`,
};

/** The Y.Map a new question or phase gets for its translations, holding `texts` (key → text) if any. */
export function newTranslations(texts: Record<string, string> = {}): Y.Map<Y.Text> {
  return new Y.Map<Y.Text>(Object.entries(texts).flatMap(([key, text]) => (text ? [[key, new Y.Text(text)]] : [])));
}

/** The Y.Text of one translated field, made (with the item's map, in documents older than translations) when missing. */
export function translationText(item: TranslatedMap, key: string): Y.Text {
  const translations = item.get('translations');
  const existing = translations instanceof Y.Map ? translations.get(key) : undefined;
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text();
  const write = () => {
    if (translations instanceof Y.Map) translations.set(key, text);
    else item.set('translations', new Y.Map<Y.Text>([[key, text]]));
  };
  if (item.doc) item.doc.transact(write);
  else write();
  return text;
}

/** Every translated field of an item, by language, as `[language, field, rest of the key]`. */
function translatedFields(item: TranslatedMap): [string, string, string, string][] {
  const translations = item.get('translations');
  if (!(translations instanceof Y.Map)) return [];
  const fields: [string, string, string, string][] = [];
  for (const [key, value] of translations.entries()) {
    if (!(value instanceof Y.Text)) continue;
    const [language, field, ...rest] = key.split('/');
    if (isLanguageTag(language) && field) fields.push([language, field, rest.join('/'), value.toString()]);
  }
  return fields;
}

/** A question's translations as plain data (untrimmed; the domain cleans them when the question opens). */
export function readQuestionTranslations(question: TranslatedMap): Translations<QuestionTranslation> {
  const translations: Translations<QuestionTranslation> = {};
  for (const [language, field, optionId, value] of translatedFields(question)) {
    const translation = (translations[language] ??= { text: '', options: {} });
    if (field === 'text') translation.text = value;
    else if (field === 'option' && optionId) translation.options[optionId] = value;
  }
  return translations;
}

export function readPhaseTranslations(phase: TranslatedMap): Translations<PhaseTranslation> {
  const translations: Translations<PhaseTranslation> = {};
  for (const [language, field, , value] of translatedFields(phase)) {
    const translation = (translations[language] ??= { title: '', text: '' });
    if (field === 'title') translation.title = value;
    else if (field === 'text') translation.text = value;
  }
  return translations;
}

/** A question's translations as the keys and texts of its map (a new question's, from an import or a template). */
export function questionTranslationTexts(translations: Translations<QuestionTranslation> | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [language, translation] of Object.entries(translations ?? {})) {
    if (!isLanguageTag(language)) continue;
    texts[translationKey.questionText(language)] = translation.text;
    for (const [optionId, label] of Object.entries(translation.options)) texts[translationKey.optionLabel(language, optionId)] = label;
  }
  return texts;
}

export function phaseTranslationTexts(translations: Translations<PhaseTranslation> | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [language, translation] of Object.entries(translations ?? {})) {
    if (!isLanguageTag(language)) continue;
    texts[translationKey.phaseTitle(language)] = translation.title;
    texts[translationKey.phaseText(language)] = translation.text;
  }
  return texts;
}
