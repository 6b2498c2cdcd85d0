import type * as Y from 'yjs';
import type { AgendaFile } from '../../domain/agenda-file.js';
import { someTranslations } from '../../domain/content-languages.js';
import { addPhase, readPhases } from './phases.js';
import { addQuestion, readQuestions } from './questions.js';

const MINUTE_MS = 60_000;

/**
 * The document's agenda and questions as a file, its texts in `language` (the session's main language);
 * questions no phase names are kept too.
 */
export function exportAgenda(doc: Y.Doc, language: string): AgendaFile {
  const questions = readQuestions(doc);
  const position = new Map(questions.map((question, index) => [question.id, index]));
  return {
    format: 'pnyx-agenda',
    version: 1,
    language,
    questions: questions.map(({ text, options, reveal, kind, scope, maxChoices, comparesWith, reference, translations }) => ({
      text,
      options: options.map((option) => option.label),
      reveal,
      kind,
      scope,
      maxChoices,
      comparesWith: comparesWith === null ? null : (position.get(comparesWith) ?? null),
      reference: reference && { label: reference.label, shares: options.map((option) => reference.shares[option.id] ?? null) },
      ...someTranslations(
        mapValues(translations ?? {}, (translation) => ({
          text: translation.text,
          options: options.map((option) => translation.options[option.id] ?? ''),
        })),
      ),
    })),
    phases: readPhases(doc).map((phase) => ({
      kind: phase.kind,
      title: phase.title,
      text: phase.text,
      durationMinutes: phase.durationMs / MINUTE_MS,
      questions: phase.questionIds.flatMap((id) => position.get(id) ?? []),
      autoAdvance: phase.autoAdvance,
      autoCloseVote: phase.autoCloseVote,
      ...someTranslations(phase.translations ?? {}),
    })),
  };
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/** Appends a file's questions and phases to the document with fresh ids (from `newId`), in one transaction. */
export function importAgenda(doc: Y.Doc, file: AgendaFile, newId: () => string): void {
  doc.transact(() => {
    const questionIds = file.questions.map(() => newId());
    file.questions.forEach((question, index) => {
      const optionIds = question.options.map(() => newId());
      const { reference } = question;
      addQuestion(doc, questionIds[index]!, optionIds, {
        text: question.text,
        labels: question.options,
        reveal: question.reveal,
        kind: question.kind,
        scope: question.scope,
        maxChoices: question.maxChoices,
        comparesWith: question.comparesWith === null ? null : (questionIds[question.comparesWith] ?? null),
        reference: reference && {
          label: reference.label,
          shares: Object.fromEntries(optionIds.flatMap((id, at) => (typeof reference.shares[at] === 'number' ? [[id, reference.shares[at]]] : []))),
        },
        translations: mapValues(question.translations ?? {}, (translation) => ({
          text: translation.text,
          options: Object.fromEntries(optionIds.map((id, at) => [id, translation.options[at] ?? ''])),
        })),
      });
    });
    for (const phase of file.phases) {
      addPhase(doc, newId(), {
        kind: phase.kind,
        title: phase.title,
        text: phase.text,
        durationMs: phase.durationMinutes * MINUTE_MS,
        questionIds: phase.questions.flatMap((index) => questionIds[index] ?? []),
        autoAdvance: phase.autoAdvance,
        autoCloseVote: phase.autoCloseVote,
        translations: phase.translations,
      });
    }
  });
}
