import { earlierOf, questionResultsForAll, type QuestionResults, type QuestionState, type SessionState } from '@pnyx/shared';

interface Entry {
  /** What the results were computed from: they stand while it holds. */
  inputs: string;
  moderator: QuestionResults;
  audience: QuestionResults;
  /** `inputs` when the results last went out in a tally update. */
  published: string | null;
}

export interface ResultsPick {
  moderator: QuestionResults[];
  audience: QuestionResults[];
}

/**
 * Results per question, recomputed only when their inputs changed: a tally tick then costs the open
 * question's results, not every question's for hundreds of tables. Keyed by the session's state object, so
 * an unloaded session's cache goes with it.
 */
export class ResultsCache {
  private readonly sessions = new WeakMap<SessionState, Map<string, Entry>>();

  /** Every opened question's results, in the order they opened (join snapshots). */
  all(state: SessionState): ResultsPick {
    return pick(this.entries(state));
  }

  /** The results that changed since the last call, marked as published (coalesced tally updates). */
  changedSincePublished(state: SessionState): ResultsPick {
    const changed = this.entries(state).filter((entry) => entry.published !== entry.inputs);
    for (const entry of changed) entry.published = entry.inputs;
    return pick(changed);
  }

  private entries(state: SessionState): Entry[] {
    let cached = this.sessions.get(state);
    if (!cached) {
      cached = new Map();
      this.sessions.set(state, cached);
    }
    const entries: Entry[] = [];
    for (const question of state.questions.values()) {
      const inputs = inputsOf(state, question);
      let entry = cached.get(question.definition.id);
      if (entry?.inputs !== inputs) {
        entry = { inputs, ...questionResultsForAll(state, question), published: entry?.published ?? null };
        cached.set(question.definition.id, entry);
      }
      entries.push(entry);
    }
    return entries;
  }
}

/** Everything a question's results depend on: its own events, the earlier question's, and the seating. */
function inputsOf(state: SessionState, question: QuestionState): string {
  const earlier = earlierOf(state, question);
  return `${question.revision} ${earlier?.revision ?? '-'} ${state.seatingRevision}`;
}

function pick(entries: Entry[]): ResultsPick {
  return { moderator: entries.map((entry) => entry.moderator), audience: entries.map((entry) => entry.audience) };
}
