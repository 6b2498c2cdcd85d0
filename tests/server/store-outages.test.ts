import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { SessionService } from '@pnyx/server/sessions/session-service';
import { RedisStore } from '@pnyx/server/stores/redis-store';
import type { DocumentFollower, SessionFollower, Store } from '@pnyx/server/stores/store';
import { DocumentRegistry } from '@pnyx/server/yjs/document-registry';
import { useRedisServer } from '../utils/redis-server.js';

/**
 * Two processes' worth of sessions and documents on one real Redis, with the faults of a bad day put in
 * between a process and its store: notices lost while the subscriber was away, and reads or writes the
 * store refuses for a while. Whatever was missed or refused arrives once the store answers again.
 */

const redis = useRedisServer();
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

type Method = 'readLog' | 'loadDocument' | 'appendDocumentUpdate';

/**
 * A real store with faults on demand: `refuse` makes the next calls of a method fail; while `deaf`, notices of
 * what the other process appended are lost (counted in `dropped`), as when the subscriber connection is down.
 */
function withFaults(store: Store) {
  const refusals = new Map<Method, number>();
  const calls = new Map<Method, number>();
  const faults = { deaf: false, dropped: 0, calls, refuse: (method: Method, times: number) => refusals.set(method, times) };
  const hear = (tell: () => void) => (faults.deaf ? faults.dropped++ : tell());
  const faulty = (method: Method) =>
    (async (...args: unknown[]) => {
      calls.set(method, (calls.get(method) ?? 0) + 1);
      const left = refusals.get(method) ?? 0;
      if (left > 0) {
        refusals.set(method, left - 1);
        throw new Error(`${method} refused (test fault)`);
      }
      return (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
    }) as never;
  const wrapped: Store = Object.assign(Object.create(store) as Store, {
    readLog: faulty('readLog'),
    loadDocument: faulty('loadDocument'),
    appendDocumentUpdate: faulty('appendDocumentUpdate'),
    follow: (sessionId: string, follower: SessionFollower) =>
      store.follow(sessionId, { ...follower, appended: (entry) => hear(() => follower.appended(entry)) }),
    followDocument: (name: string, follower: DocumentFollower) =>
      store.followDocument(name, { ...follower, updated: (update) => hear(() => follower.updated(update)) }),
  });
  return { store: wrapped, faults };
}

let prefixes = 0;

/** Two stores on one key prefix, holding the session `s1` whose documents the tests edit. */
async function twoProcesses() {
  const keyPrefix = `outage${++prefixes}:`;
  const [a, b] = await Promise.all([RedisStore.connect(redis.url, { keyPrefix }), RedisStore.connect(redis.url, { keyPrefix })]);
  const admin = new Redis(redis.url);
  closers.push(() => a.close(), () => b.close(), () => admin.disconnect());
  await b.createSession({ info: { id: 's1', code: 'CS1', title: 'Assembly', createdAt: Date.now() }, moderatorTokenHash: 'hash' });
  return { a: withFaults(a), b, admin, keyPrefix };
}

/** Waits until `count` processes listen on the channels of `prefix` (a subscription is confirmed after the follow). */
async function subscribed(admin: Redis, prefix: string, count: number): Promise<void> {
  await expect
    .poll(async () => {
      const channels = (await admin.pubsub('CHANNELS', `${prefix}*`)) as string[];
      const counts = channels.length > 0 ? ((await admin.pubsub('NUMSUB', ...channels)) as (string | number)[]) : [];
      return channels.length > 0 && counts.filter((_, index) => index % 2 === 1).every((listeners) => Number(listeners) === count);
    })
    .toBe(true);
}

/** Drops every subscriber connection: Redis tells a subscriber nothing it missed, so the stores resync. */
const dropSubscribers = (admin: Redis) => admin.client('KILL', 'TYPE', 'pubsub');

describe('through store faults', () => {
  it('a session replica that missed entries and whose catch-up read failed catches up once reads work', async () => {
    const { a, b, admin, keyPrefix } = await twoProcesses();
    const onA = new SessionService(a.store);
    const onB = new SessionService(b);
    const errors: unknown[] = [];
    onA.onError((error) => errors.push(error));
    closers.push(() => onA.close(), () => onB.close());
    const { info } = await onA.create('Assembly');
    expect((await onA.state(info.id))?.endedAt).toBeNull();
    await onB.state(info.id);
    await subscribed(admin, keyPrefix, 2);

    a.faults.deaf = true;
    expect((await onB.execute(info.id, { type: 'session:end' })).ok).toBe(true);
    await expect.poll(() => a.faults.dropped).toBe(1);
    a.faults.refuse('readLog', 2);
    a.faults.deaf = false;
    await dropSubscribers(admin);
    await expect.poll(() => onA.state(info.id).then((state) => state?.endedAt)).toBeGreaterThan(0);
    await expect.poll(() => errors.map(String)).toEqual(['Error: readLog refused (test fault)', 'Error: readLog refused (test fault)']);
  });

  it('a document that missed updates and whose reload failed gets them once reads work', async () => {
    const { a, b, admin, keyPrefix } = await twoProcesses();
    const errors: unknown[] = [];
    const documents = new DocumentRegistry({ store: a.store, onStoreError: (error) => errors.push(error) });
    closers.push(() => documents.close());
    const onA = (await documents.get('s1')).doc;
    await subscribed(admin, keyPrefix, 1);

    a.faults.deaf = true;
    const elsewhere = new Y.Doc();
    elsewhere.getText('notes').insert(0, 'written on B');
    await b.appendDocumentUpdate('s1', Y.encodeStateAsUpdate(elsewhere));
    await expect.poll(() => a.faults.dropped).toBe(1);
    a.faults.refuse('loadDocument', 2);
    a.faults.deaf = false;
    await dropSubscribers(admin);
    await expect.poll(() => onA.getText('notes').toString()).toBe('written on B');
    await expect.poll(() => errors.map(String)).toEqual(['Error: loadDocument refused (test fault)', 'Error: loadDocument refused (test fault)']);
  });

  it('an edit the store refused reaches the store and the other process once it takes writes again', async () => {
    const { a, b } = await twoProcesses();
    const errors: unknown[] = [];
    const documentsA = new DocumentRegistry({ store: a.store, onStoreError: (error) => errors.push(error) });
    const documentsB = new DocumentRegistry({ store: b, onStoreError: (error) => errors.push(error) });
    closers.push(() => documentsA.close(), () => documentsB.close());
    const onA = (await documentsA.get('s1')).doc;
    const onB = (await documentsB.get('s1')).doc;
    // An editor's browser, a peer of A: it sends each edit once.
    const editor = new Y.Doc();
    editor.on('update', (update: Uint8Array) => Y.applyUpdate(onA, update, 'peer'));

    a.faults.refuse('appendDocumentUpdate', 2);
    editor.getText('notes').insert(0, 'First point. ');
    await expect.poll(() => errors.length).toBeGreaterThanOrEqual(1);
    editor.getText('notes').insert(13, 'Second point.');
    await expect.poll(() => onB.getText('notes').toString()).toBe('First point. Second point.');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await b.loadDocument('s1'))!);
    expect(stored.getText('notes').toString()).toBe('First point. Second point.');
  });
});
