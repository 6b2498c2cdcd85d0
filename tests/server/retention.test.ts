import { describe, expect, it } from 'vitest';
import { Retention, type RetentionOptions } from '@pnyx/server/sessions/retention';
import { SessionService } from '@pnyx/server/sessions/session-service';
import { MemoryStore } from '@pnyx/server/stores/memory-store';

/**
 * Deleting inactive sessions, on a clock the test moves: a real SessionService over an in-memory store whose
 * log entries are stamped with the same clock.
 */

const DAY = 24 * 60 * 60 * 1000;

function world() {
  const clock = { now: 1_000 * DAY };
  const at = () => clock.now;
  const store = new MemoryStore(at);
  const sessions = new SessionService(store, at);
  const deleted: string[] = [];
  sessions.onDeleted((sessionId) => deleted.push(sessionId));
  const retention = (retentionDays: number, options: Partial<RetentionOptions> = {}) =>
    new Retention({
      listSessions: () => store.listSessions(),
      deleteSession: (sessionId) => sessions.delete(sessionId),
      retentionDays,
      clock: at,
      onError: (error) => expect.fail(`retention failed: ${String(error)}`),
      ...options,
    });
  /** A session created now, with a command logged at each of `daysLater` after its creation. */
  const session = async (daysLater: number[] = []) => {
    const { info } = await sessions.create('Town hall');
    const created = clock.now;
    for (const days of daysLater) {
      clock.now = created + days * DAY;
      expect((await sessions.execute(info.id, { type: 'screen:show', screen: { mode: days % 2 ? 'channels' : 'room', tableId: null } })).ok).toBe(true);
    }
    clock.now = created;
    return info;
  };
  const storedIds = async () => (await store.listSessions()).map(({ id }) => id).sort();
  return { clock, store, sessions, deleted, retention, session, storedIds };
}

describe('retention', () => {
  it('deletes sessions inactive for longer than the retention period and keeps the rest', async () => {
    const { clock, store, sessions, deleted, retention, session, storedIds } = world();
    const start = clock.now;
    const untouched = await session();
    const usedLater = await session([1, 25]);
    clock.now = start + 1;
    const onTheLimit = await session();
    clock.now = start + 20 * DAY;
    const newer = await session();

    clock.now = start + 30 * DAY + 1;
    await retention(30).sweep();

    // Inactive for exactly 30 days is not longer than 30 days.
    expect(await storedIds()).toEqual([usedLater.id, onTheLimit.id, newer.id].sort());
    expect(deleted).toEqual([untouched.id]);
    expect(await sessions.state(untouched.id)).toBeNull();
    expect(await store.findSessionIdByCode(untouched.code)).toBeNull();
    expect(await sessions.state(usedLater.id)).not.toBeNull();

    // On day 55 the session last used on day 25 is still kept; a moment later it goes too.
    clock.now = start + 55 * DAY;
    await retention(30).sweep();
    expect(await storedIds()).toEqual([usedLater.id]);
    clock.now = start + 55 * DAY + 1;
    await retention(30).sweep();
    expect(await storedIds()).toEqual([]);
  });

  it('keeps every session with 0 days, and does not even look', async () => {
    const { clock, retention, session, storedIds } = world();
    const kept = [await session(), await session([3])].map(({ id }) => id).sort();
    clock.now += 10_000 * DAY;
    let looked = 0;
    const keepForever = retention(0, { listSessions: async () => (looked++, []) });

    keepForever.start();
    await keepForever.sweep();
    await keepForever.stop();

    expect(looked).toBe(0);
    expect(await storedIds()).toEqual(kept);
  });

  it('is harmless when two server instances delete the same sessions at once', async () => {
    const { clock, store, retention, session, storedIds } = world();
    const kept = await session([10]);
    await session();
    await session();
    clock.now += 5 * DAY;
    // A second instance: its own SessionService over the same store.
    const other = new SessionService(store, () => clock.now);
    const otherRetention = retention(4, { deleteSession: (sessionId) => other.delete(sessionId) });

    await Promise.all([retention(4).sweep(), otherRetention.sweep(), retention(4).sweep()]);

    expect(await storedIds()).toEqual([kept.id]);
  });

  it('sweeps once at start, then on every interval until stopped', async () => {
    const { clock, store, retention, session, storedIds } = world();
    await session();
    const second = await session([2]);
    clock.now += 1 * DAY + 1;
    let looked = 0;
    const sweeper = retention(1, { intervalMs: 5, listSessions: () => (looked++, store.listSessions()) });

    sweeper.start();
    expect(looked).toBe(1);
    await expect.poll(storedIds).toEqual([second.id]);
    // Only a later sweep can find the second one: it grows old after the first.
    clock.now += 2 * DAY;
    await expect.poll(storedIds).toEqual([]);

    await sweeper.stop();
    const sweeps = looked;
    sweeper.start();
    expect(looked).toBe(sweeps);
  });
});
