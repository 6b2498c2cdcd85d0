import { describe, expect, it } from 'vitest';
import { applyTallyUpdate, type QuestionResults, type TallyUpdate } from '@pnyx/shared';
import { ResultsCache } from '@pnyx/server/realtime/results-cache';
import { tallyUpdates } from '@pnyx/server/realtime/tally-updates';
import { addTables, cast, close, open, optionId, questionDefinition, run, seat, sessionWith } from '../utils/domain-fixtures.js';

/**
 * The coalesced tally updates carry only the questions whose results changed; a client that merges them
 * holds what a fresh snapshot would give.
 */

const q1 = questionDefinition('q1', ['A', 'B']);
const q2 = questionDefinition('q2', ['A', 'B']);
const ids = (results: QuestionResults[]) => results.map((result) => result.questionId);

function room() {
  const state = sessionWith({ participants: ['p1', 'p2'], questions: [q1, q2] });
  addTables(state, ['One', 'Two']);
  run(state, seat('p1', 't1'));
  return state;
}

describe('ResultsCache', () => {
  it('gives every question once, then only those whose results changed', () => {
    const state = room();
    const cache = new ResultsCache();
    expect(ids(cache.changedSincePublished(state).moderator)).toEqual(['q1', 'q2']);
    expect(ids(cache.changedSincePublished(state).moderator)).toEqual([]);

    run(state, cast('p1', 'q2', 'b1', optionId('q2', 0)));
    expect(ids(cache.changedSincePublished(state).audience)).toEqual(['q2']);

    // A move changes the per-table results of every question; closing changes one.
    run(state, seat('p1', 't2'));
    expect(ids(cache.changedSincePublished(state).moderator)).toEqual(['q1', 'q2']);
    run(state, close('q1'));
    expect(ids(cache.changedSincePublished(state).moderator)).toEqual(['q1']);
    run(state, open(q1));
    expect(ids(cache.changedSincePublished(state).moderator)).toEqual(['q1']);
  });

  it('returns the same results as a fresh computation, for both audiences', () => {
    const state = room();
    const cache = new ResultsCache();
    cache.changedSincePublished(state);
    run(state, cast('p2', 'q1', 'b2', optionId('q1', 1)));
    run(state, seat('p2', 't1'));
    expect(cache.all(state)).toEqual(new ResultsCache().all(state));
  });

  it('lets a client that merges the partial updates hold the same as a joining client', () => {
    const state = room();
    const cache = new ResultsCache();
    const attendance = { onsite: 0, online: 0 };
    let held: TallyUpdate = tallyUpdates(state, cache.all(state), 0, attendance, true).screen;
    const steps = [
      () => run(state, cast('p1', 'q1', 'b1', optionId('q1', 0))),
      () => run(state, cast('p2', 'q2', 'b2', optionId('q2', 1))),
      () => run(state, seat('p2', 't2')),
      () => run(state, close('q2')),
    ];
    for (const [index, step] of steps.entries()) {
      step();
      held = applyTallyUpdate(held, tallyUpdates(state, cache.changedSincePublished(state), index + 1, attendance, false).screen);
      expect(held.results).toEqual(new ResultsCache().all(state).audience);
    }
  });
});
