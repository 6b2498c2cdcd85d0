import * as Y from 'yjs';
import { isPhaseKind, type PhaseKind } from '@pnyx/shared';
import { idOf, orderedPhases, phaseMaps, type PhaseMap } from '@pnyx/shared/session-doc';

/**
 * A phase as it stands in the document. Plain fields are copied here (they change by a click); title and
 * text are edited through their Y.Text, not copied, so typing does not re-render the agenda.
 */
export interface PhaseDraft {
  id: string;
  phase: PhaseMap;
  kind: PhaseKind;
  durationMs: number;
  questionIds: string[];
  autoAdvance: boolean;
  autoCloseVote: boolean;
}

/** The agenda of the session document (which phases, in which order, with which settings) as reactive state. */
export class AgendaDrafts {
  #list = $state.raw<PhaseDraft[]>([]);
  readonly #doc: Y.Doc;
  #outline = '';

  constructor(doc: Y.Doc) {
    this.#doc = doc;
  }

  /** The phases in agenda order. */
  get list(): PhaseDraft[] {
    return this.#list;
  }

  /** Follows the document; the returned function stops. */
  observe(): () => void {
    const phases = phaseMaps(this.#doc);
    const refresh = () => this.#refresh();
    phases.observeDeep(refresh);
    refresh();
    return () => phases.unobserveDeep(refresh);
  }

  #refresh(): void {
    const list: PhaseDraft[] = [];
    for (const phase of orderedPhases(this.#doc)) {
      const id = idOf(phase);
      const kind = phase.get('kind');
      // Skip what another client wrote in a shape this version does not know, rather than crash on it.
      if (id === undefined || !isPhaseKind(kind)) continue;
      if (!(phase.get('title') instanceof Y.Text) || !(phase.get('text') instanceof Y.Text)) continue;
      const durationMs = phase.get('durationMs');
      const questionIds = phase.get('questionIds');
      list.push({
        id,
        phase,
        kind,
        durationMs: typeof durationMs === 'number' ? durationMs : 0,
        questionIds: Array.isArray(questionIds) ? questionIds.filter((value): value is string => typeof value === 'string') : [],
        autoAdvance: phase.get('autoAdvance') === true,
        autoCloseVote: phase.get('autoCloseVote') === true,
      });
    }
    // Every keystroke in a title reaches this observer too; only a change of the outline re-renders.
    const outline = JSON.stringify(list.map(({ phase: _phase, ...fields }) => fields));
    if (outline === this.#outline) return;
    this.#outline = outline;
    this.#list = list;
  }
}
