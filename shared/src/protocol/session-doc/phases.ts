import * as Y from 'yjs';
import {
  clampDuration,
  isPhaseKind,
  PHASE_LIMITS,
  type PhaseDefinition,
  type PhaseKind,
} from '../../domain/agenda.js';
import { cleanPhaseTranslations, someTranslations, type PhaseTranslation, type Translations } from '../../domain/content-languages.js';
import { idOf } from './questions.js';
import { newTranslations, phaseTranslationTexts, readPhaseTranslations } from './translations.js';

/**
 * The agenda of a session's Y.Doc:
 *
 *   phases: Y.Map<Y.Map>  keyed by phase id, each { id: string, order: number, kind: PhaseKind,
 *                         title: Y.Text, text: Y.Text, durationMs: number, questionIds: string[],
 *                         autoAdvance: boolean, autoCloseVote: boolean,
 *                         translations?: Y.Map<Y.Text> (./translations.ts) }
 *
 * Order is a number per phase rather than the position in a Y.Array: moving a phase changes one number,
 * so a co-moderator typing in that phase at the same moment loses nothing (a Y.Array move is a delete and
 * an insert, which would drop their edit).
 */
export type PhaseMap = Y.Map<unknown>;

export interface PhaseContent {
  kind: PhaseKind;
  title?: string;
  text?: string;
  durationMs: number;
  questionIds?: string[];
  autoAdvance?: boolean;
  autoCloseVote?: boolean;
  translations?: Translations<PhaseTranslation>;
}

export function phaseMaps(doc: Y.Doc): Y.Map<PhaseMap> {
  return doc.getMap<PhaseMap>('phases');
}

function orderOf(phase: PhaseMap): number {
  const order = phase.get('order');
  return typeof order === 'number' && Number.isFinite(order) ? order : 0;
}

/** The phases in agenda order (ties, from concurrent inserts, broken by id so every peer agrees). */
export function orderedPhases(doc: Y.Doc): PhaseMap[] {
  return [...phaseMaps(doc).values()]
    .filter((phase): phase is PhaseMap => phase instanceof Y.Map && idOf(phase) !== undefined)
    .sort((a, b) => orderOf(a) - orderOf(b) || (idOf(a)! < idOf(b)! ? -1 : 1));
}

export function phaseTitle(phase: PhaseMap): Y.Text {
  return phase.get('title') as Y.Text;
}

export function phaseText(phase: PhaseMap): Y.Text {
  return phase.get('text') as Y.Text;
}

/** Appends a phase at the end of the agenda and returns it. */
export function addPhase(doc: Y.Doc, id: string, content: PhaseContent): PhaseMap {
  const phase = new Y.Map<unknown>();
  doc.transact(() => {
    const last = orderedPhases(doc).at(-1);
    phase.set('id', id);
    phase.set('order', last ? orderOf(last) + 1 : 1);
    phase.set('kind', content.kind);
    phase.set('title', new Y.Text(content.title ?? ''));
    phase.set('text', new Y.Text(content.text ?? ''));
    phase.set('durationMs', clampDuration(content.durationMs));
    phase.set('questionIds', content.questionIds ?? []);
    phase.set('autoAdvance', content.autoAdvance ?? false);
    phase.set('autoCloseVote', content.autoCloseVote ?? false);
    phase.set('translations', newTranslations(phaseTranslationTexts(content.translations)));
    phaseMaps(doc).set(id, phase);
  });
  return phase;
}

/** Moves a phase to `index` in the agenda by giving it an order between its new neighbours. */
export function movePhase(doc: Y.Doc, phaseId: string, index: number): void {
  const others = orderedPhases(doc).filter((phase) => idOf(phase) !== phaseId);
  const phase = phaseMaps(doc).get(phaseId);
  if (!phase) return;
  const at = Math.max(0, Math.min(index, others.length));
  const before = others[at - 1];
  const after = others[at];
  const order =
    before && after ? (orderOf(before) + orderOf(after)) / 2 : before ? orderOf(before) + 1 : after ? orderOf(after) - 1 : 1;
  phase.set('order', order);
}

export function removePhase(doc: Y.Doc, phaseId: string): void {
  phaseMaps(doc).delete(phaseId);
}

/** Sets plain fields of a phase; the duration is clamped to the allowed range. */
export function updatePhase(
  phase: PhaseMap,
  fields: Partial<Pick<PhaseContent, 'kind' | 'durationMs' | 'questionIds' | 'autoAdvance' | 'autoCloseVote'>>,
): void {
  phase.doc?.transact(() => {
    if (fields.kind !== undefined) phase.set('kind', fields.kind);
    if (fields.durationMs !== undefined) phase.set('durationMs', clampDuration(fields.durationMs));
    if (fields.questionIds !== undefined) phase.set('questionIds', [...fields.questionIds]);
    if (fields.autoAdvance !== undefined) phase.set('autoAdvance', fields.autoAdvance);
    if (fields.autoCloseVote !== undefined) phase.set('autoCloseVote', fields.autoCloseVote);
  });
}

/** Reads one phase as plain data; null when it is malformed (a crafted or half-written entry). */
export function readPhase(phase: PhaseMap): PhaseDefinition | null {
  const id = idOf(phase);
  const kind = phase.get('kind');
  const title = phase.get('title');
  const text = phase.get('text');
  const questionIds = phase.get('questionIds');
  if (id === undefined || !isPhaseKind(kind) || !(title instanceof Y.Text) || !(text instanceof Y.Text)) return null;
  const durationMs = phase.get('durationMs');
  return {
    id,
    kind,
    title: title.toString().trim().slice(0, PHASE_LIMITS.titleMaxLength),
    text: text.toString().trim().slice(0, PHASE_LIMITS.textMaxLength),
    durationMs: clampDuration(typeof durationMs === 'number' ? durationMs : Number.NaN),
    questionIds: Array.isArray(questionIds) ? questionIds.filter((value): value is string => typeof value === 'string') : [],
    autoAdvance: phase.get('autoAdvance') === true,
    autoCloseVote: phase.get('autoCloseVote') === true,
    ...someTranslations(cleanPhaseTranslations(readPhaseTranslations(phase), PHASE_LIMITS)),
  };
}

export function readPhases(doc: Y.Doc): PhaseDefinition[] {
  return orderedPhases(doc)
    .slice(0, PHASE_LIMITS.maxPhases)
    .flatMap((phase) => readPhase(phase) ?? []);
}
