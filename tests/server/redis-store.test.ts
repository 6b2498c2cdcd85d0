import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SessionCommand } from '@pnyx/shared';
import { RedisKeys } from '@pnyx/server/stores/redis-keys';
import { RedisStore } from '@pnyx/server/stores/redis-store';
import {
  JoinCodeTakenError,
  UnknownSessionError,
  type DocumentFollower,
  type LoggedCommand,
  type SessionFollower,
  type SessionRecord,
} from '@pnyx/server/stores/store';
import { freePort } from '../utils/free-port.js';
import { useRedisServer } from '../utils/redis-server.js';

const redis = useRedisServer();
const stores: RedisStore[] = [];
let prefixes = 0;

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** A key prefix of the test's own, so tests sharing the file's Redis never see each other's keys. */
function newPrefix(): string {
  return `test-${++prefixes}:`;
}

/** One "process" on the file's Redis, closed after the test. */
async function connectStore(prefix: string): Promise<RedisStore> {
  const store = await RedisStore.connect(redis.url, { keyPrefix: prefix });
  stores.push(store);
  return store;
}

/** Two "processes" sharing one prefix. */
async function connectTwoStores(prefix = newPrefix()): Promise<[RedisStore, RedisStore]> {
  return [await connectStore(prefix), await connectStore(prefix)];
}

/** A session record; its code is `C` and the upper-cased id unless given. */
function sessionRecord(id: string, code = `C${id.toUpperCase()}`): SessionRecord {
  return { info: { id, code, title: `Session ${id} « ünïcode » "quoted" 🗳️`, createdAt: Date.now() }, moderatorTokenHash: 'hash' };
}

/** A command told apart by its number, so an entry shows which append made it. */
function numbered(n: number): SessionCommand {
  return { type: 'timer:adjust', deltaMs: n };
}

class RecordingFollower implements SessionFollower {
  readonly entries: LoggedCommand[] = [];
  resyncs = 0;
  deletions = 0;
  appended(entry: LoggedCommand): void {
    this.entries.push(entry);
  }
  resync(): void {
    this.resyncs++;
  }
  deleted(): void {
    this.deletions++;
  }
}

/** Follows and waits until the subscription is confirmed (its first resync), so no later entry is missed. */
async function followed(store: RedisStore, sessionId: string): Promise<RecordingFollower> {
  const follower = new RecordingFollower();
  store.follow(sessionId, follower);
  await expect.poll(() => follower.resyncs).toBeGreaterThan(0);
  return follower;
}

function seqs(entries: LoggedCommand[]): number[] {
  return entries.map((entry) => entry.seq).sort((a, b) => a - b);
}

function oneTo(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

/** Every appended entry is in the log at its seq, with its time and command. */
async function expectLogHolds(store: RedisStore, sessionId: string, appended: LoggedCommand[]): Promise<void> {
  const log = await store.readLog(sessionId, 0);
  expect(log.map((entry) => entry.seq)).toEqual(oneTo(log.length));
  for (const entry of appended) expect(log[entry.seq - 1]).toEqual(entry);
}

/** Appends one by one until the first rejection; returns what resolved. */
async function appendUntilRejected(store: RedisStore, sessionId: string, from: number): Promise<LoggedCommand[]> {
  const resolved: LoggedCommand[] = [];
  for (let n = from; ; n++) {
    try {
      resolved.push(await store.append(sessionId, numbered(n)));
    } catch {
      return resolved;
    }
  }
}

describe('RedisStore on a real redis-server', () => {
  it('orders concurrent appends of two processes into one gap-free log and tells each the other\'s', async () => {
    const [a, b] = await connectTwoStores();
    await a.createSession(sessionRecord('s1'));
    const [followerA, followerB] = await Promise.all([followed(a, 's1'), followed(b, 's1')]);

    const appended = await Promise.all(
      Array.from({ length: 500 }, (_, n) => [a.append('s1', numbered(n)), b.append('s1', numbered(500 + n))]).flat(),
    );

    expect(seqs(appended)).toEqual(oneTo(1_000));
    const log = await b.readLog('s1', 0);
    await expectLogHolds(b, 's1', appended);
    for (let index = 1; index < log.length; index++) expect(log[index]!.at).toBeGreaterThanOrEqual(log[index - 1]!.at);
    expect(await a.readLog('s1', 990)).toEqual(log.slice(990));
    expect((await a.listSessions())[0]?.lastActiveAt).toBe(log.at(-1)!.at);
    await expect.poll(() => followerA.entries.length).toBe(1_000);
    await expect.poll(() => followerB.entries.length).toBe(1_000);
    expect(seqs(followerA.entries)).toEqual(oneTo(1_000));
    expect([...followerB.entries].sort((x, y) => x.seq - y.seq)).toEqual(log);
  });

  it('2,000 concurrent appends from one store (prints the time taken)', async () => {
    const store = await connectStore(newPrefix());
    await store.createSession(sessionRecord('s1'));
    const started = performance.now();
    const appended = await Promise.all(Array.from({ length: 2_000 }, (_, n) => store.append('s1', numbered(n))));
    const tookMs = performance.now() - started;
    console.log(`2,000 concurrent appends from one RedisStore (appendfsync always): ${tookMs.toFixed(0)} ms`);
    expect(seqs(appended)).toEqual(oneTo(2_000));
    expect((await store.readLog('s1', 0)).map((entry) => entry.seq)).toEqual(oneTo(2_000));
  });

  it('rejects appends while Redis restarts, then works again, resyncs followers and kept every resolved append', async () => {
    const [a, b] = await connectTwoStores();
    await a.createSession(sessionRecord('s1'));
    const [followerA, followerB] = await Promise.all([followed(a, 's1'), followed(b, 's1')]);
    const before = await Promise.all(Array.from({ length: 50 }, (_, n) => a.append('s1', numbered(n))));
    const resyncsBefore = [followerA.resyncs, followerB.resyncs];

    await redis.stop();
    await expect(a.append('s1', numbered(50))).rejects.toThrow();
    await expect(b.readLog('s1', 0)).rejects.toThrow();
    await redis.start();

    await expect.poll(() => followerA.resyncs).toBeGreaterThan(resyncsBefore[0]!);
    await expect.poll(() => followerB.resyncs).toBeGreaterThan(resyncsBefore[1]!);
    await expect.poll(() => a.findSessionIdByCode('CS1').catch(() => 'unavailable')).toBe('s1');
    const after = await a.append('s1', numbered(51));
    await expect.poll(() => followerB.entries.some((entry) => entry.seq === after.seq)).toBe(true);
    await expectLogHolds(b, 's1', [...before, after]);
  });

  it('keeps every resolved append through a kill -9 of Redis (AOF)', async () => {
    const prefix = newPrefix();
    const [a, b] = await connectTwoStores(prefix);
    await a.createSession(sessionRecord('s1'));
    // Two processes keep appending; Redis is killed under them.
    const appending = [appendUntilRejected(a, 's1', 0), appendUntilRejected(b, 's1', 100_000)];
    await expect.poll(async () => (await a.readLog('s1', 0)).length).toBeGreaterThanOrEqual(200);
    await redis.kill();
    const resolved = (await Promise.all(appending)).flat();
    await redis.start();

    // A process started after the crash reads what Redis replayed from its AOF.
    const restarted = await connectStore(prefix);
    expect(resolved.length).toBeGreaterThanOrEqual(200);
    await expectLogHolds(restarted, 's1', resolved);
  });

  it('shares a document\'s updates between processes and loads it whole after compactions', async () => {
    const prefix = newPrefix();
    const [a, b] = await connectTwoStores(prefix);
    await a.createSession(sessionRecord('s1'));
    const name = 's1/tables/t1';
    const copy = new Y.Doc();
    let resyncs = 0;
    const follower: DocumentFollower = {
      updated: (update) => Y.applyUpdate(copy, update),
      resync: () => resyncs++,
    };
    b.followDocument(name, follower);
    await expect.poll(() => resyncs).toBeGreaterThan(0);

    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (let n = 0; n < 500; n++) source.getText('notes').insert(n, String.fromCharCode(97 + (n % 26)));
    // Both processes append their half, ten at a time, so compactions race with appends.
    const appendEach = async (store: RedisStore, half: Uint8Array[]) => {
      for (let start = 0; start < half.length; start += 10) {
        await Promise.all(half.slice(start, start + 10).map((update) => store.appendDocumentUpdate(name, update)));
      }
    };
    await Promise.all([appendEach(a, updates.slice(0, 250)), appendEach(b, updates.slice(250))]);

    await expect.poll(() => copy.getText('notes').toString()).toBe(source.getText('notes').toString());
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await b.loadDocument(name))!);
    expect(loaded.getText('notes').toString()).toBe(source.getText('notes').toString());
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(source));
    // Compacted: the list holds only what came after a merge.
    const listed = Number(await redisCli('LLEN', new RedisKeys(prefix).documentUpdates(name)));
    expect(listed).toBeLessThan(300);
    expect(await b.loadDocument('s1/tables/none')).toBeNull();
  });

  it('tells the other process\'s followers of a deletion and removes the log, code and documents', async () => {
    const [a, b] = await connectTwoStores();
    await a.createSession(sessionRecord('s1'));
    const follower = await followed(b, 's1');
    await a.append('s1', numbered(1));
    await a.appendDocumentUpdate('s1', Y.encodeStateAsUpdate(new Y.Doc()));

    await a.deleteSession('s1');
    await a.deleteSession('s1');

    await expect.poll(() => follower.deletions).toBe(1);
    expect(await b.readSession('s1')).toBeNull();
    expect(await b.readLog('s1', 0)).toEqual([]);
    expect(await b.findSessionIdByCode('CS1')).toBeNull();
    expect(await b.loadDocument('s1')).toBeNull();
    expect(await b.listSessions()).toEqual([]);
    await expect(a.append('s1', numbered(2))).rejects.toBeInstanceOf(UnknownSessionError);
  });

  it('gives a join code to one of two processes creating sessions with it at once', async () => {
    const [a, b] = await connectTwoStores();
    const outcomes = await Promise.allSettled([
      a.createSession(sessionRecord('s1', 'SAME23')),
      b.createSession(sessionRecord('s2', 'SAME23')),
    ]);

    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(JoinCodeTakenError);
    const holder = await b.findSessionIdByCode('SAME23');
    expect((await a.listSessions()).map((summary) => summary.id)).toEqual([holder]);
  });

  it('fails to connect to a port where nothing listens, naming the Redis', async () => {
    const port = await freePort();
    await expect(RedisStore.connect(`redis://127.0.0.1:${port}`)).rejects.toThrow(
      new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${port} is unreachable: .*ECONNREFUSED`),
    );
  });
});

async function redisCli(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('redis-cli', ['-p', String(redis.port), ...args]);
  return stdout.trim();
}
