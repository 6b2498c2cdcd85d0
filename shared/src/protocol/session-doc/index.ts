/**
 * The layout of a session's Y.Doc, written by moderators and read by the server. One module owns it so the
 * editor and the server never disagree about where things are:
 *
 *   questions: Y.Array<Y.Map>  ./questions.ts
 *   phases:    Y.Map<Y.Map>    ./phases.ts (the agenda)
 *   each question's and phase's translations: ./translations.ts
 *
 * Only moderators load this document; the server reads it and derives what phones and the projector see.
 */
import type * as Y from 'yjs';
import type { AgendaSnapshot } from '../../domain/agenda.js';
import { readPhases } from './phases.js';
import { readQuestions } from './questions.js';

export * from './questions.js';
export * from './phases.js';
export * from './agenda-transfer.js';
export * from './translations.js';

/** The agenda and every question, as the domain needs them to move between phases. */
export function readAgenda(doc: Y.Doc): AgendaSnapshot {
  return { phases: readPhases(doc), questions: readQuestions(doc) };
}
