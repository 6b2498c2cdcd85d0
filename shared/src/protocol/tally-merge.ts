import type { TallyUpdate } from './events.js';

/**
 * What a client holds after `update`: a complete update replaces everything; a partial one replaces the
 * results it carries and appends those of newly opened questions (questions keep the order they opened in).
 */
export function applyTallyUpdate(held: TallyUpdate | null, update: TallyUpdate): TallyUpdate {
  if (update.complete || held === null) return update;
  const changed = new Map(update.results.map((results) => [results.questionId, results]));
  const kept = held.results.map((results) => changed.get(results.questionId) ?? results);
  const known = new Set(held.results.map((results) => results.questionId));
  return { ...update, complete: true, results: [...kept, ...update.results.filter((results) => !known.has(results.questionId))] };
}
