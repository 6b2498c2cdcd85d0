import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionState, execute } from '@pnyx/shared';
import { CoalescingPublisher } from '@pnyx/server/realtime/coalescing-publisher';
import { ResultsCache } from '@pnyx/server/realtime/results-cache';
import { tallyUpdates, type Audience } from '@pnyx/server/realtime/tally-updates';
import type { SessionState } from '@pnyx/shared';

/** The update a moderator or projector joining now gets. */
function snapshot(state: SessionState, audience: Audience, seq: number, attendance = { onsite: 0, online: 0 }) {
  return tallyUpdates(state, new ResultsCache().all(state), seq, attendance, true)[audience];
}

describe('CoalescingPublisher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setUp(reveal: 'live' | 'after-close' = 'live') {
    const state = createSessionState({ id: 's1', code: 'ABCDEF', title: 'T', createdAt: 0 }, 'owner-credential');
    const definition = {
      id: 'q',
      kind: 'single' as const,
      text: 'Q?',
      reveal,
      options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
      scope: 'individual' as const,
      maxChoices: 1,
      comparesWith: null,
      reference: null,
    };
    execute(state, { type: 'question:open', definition }, 0);
    return state;
  }

  it('publishes the first change at once and a burst at most every 100 ms, the last after the last ballot', async () => {
    const state = setUp();
    const published: number[] = [];
    let ballotsAtLastPublish = -1;
    const publisher = new CoalescingPublisher({
      publish: (_, seq) => {
        ballotsAtLastPublish = state.questions.get('q')!.ballots.size;
        published.push(seq);
      },
    });
    for (let voter = 0; voter < 1000; voter++) {
      execute(state, { type: 'participant:join', participantId: `p${voter}`, credential: `c${voter}`, channel: 'onsite' }, 0);
      execute(state, { type: 'ballot:cast', participantId: `p${voter}`, questionId: 'q', answer: { optionId: voter % 4 === 0 ? 'a' : 'b' }, ballotId: 'x' }, 0);
      publisher.markChanged('s1');
      await vi.advanceTimersByTimeAsync(1); // 1,000 ballots spread over one second
    }
    await vi.advanceTimersByTimeAsync(200);

    expect(published.length).toBeGreaterThanOrEqual(9);
    expect(published.length).toBeLessThanOrEqual(11);
    expect(published).toEqual(published.map((_, index) => index + 1));
    expect(ballotsAtLastPublish).toBe(1000);
    expect(snapshot(state, 'moderator', publisher.seq('s1'), { onsite: 3, online: 1 })).toMatchObject({
      seq: published.length,
      participants: 1000,
      attendance: { onsite: 3, online: 1 },
      results: [{ questionId: 'q', room: { questionId: 'q', counts: { a: 250, b: 750 }, voters: 1000 } }],
    });
    publisher.close();
  });

  it('publishes nothing without a change, and seq is the last published one', async () => {
    const published: number[] = [];
    const publisher = new CoalescingPublisher({ publish: (_, seq) => published.push(seq) });
    await vi.advanceTimersByTimeAsync(1000);
    expect(published).toEqual([]);
    expect(publisher.seq('s1')).toBe(0);
    publisher.markChanged('s1');
    publisher.markChanged('s1');
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([1]);
    expect(publisher.seq('s1')).toBe(1);
    publisher.close();
  });

  it('withholds the counts of an open after-close question from the projector, not from moderators', () => {
    const state = setUp('after-close');
    execute(state, { type: 'participant:join', participantId: 'p', credential: 'c', channel: 'online' }, 0);
    execute(state, { type: 'ballot:cast', participantId: 'p', questionId: 'q', answer: { optionId: 'a' }, ballotId: 'x' }, 0);
    const room = (audience: Audience, seq: number) => snapshot(state, audience, seq).results[0]!.room;
    expect(room('screen', 1)).toMatchObject({ questionId: 'q', counts: {}, voters: 1, hidden: true });
    expect(room('moderator', 1)).toMatchObject({ questionId: 'q', counts: { a: 1, b: 0 }, voters: 1 });
    expect(room('moderator', 1).hidden).toBeUndefined();
    execute(state, { type: 'question:close', questionId: 'q' }, 1);
    expect(room('screen', 2)).toMatchObject({ questionId: 'q', counts: { a: 1, b: 0 }, voters: 1 });
    expect(room('screen', 2).hidden).toBeUndefined();
  });
});
