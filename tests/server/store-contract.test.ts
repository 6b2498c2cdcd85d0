import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SessionCommand } from '@pnyx/shared';
import { EmbeddedStore } from '@pnyx/server/stores/embedded-store';
import { MemoryStore } from '@pnyx/server/stores/memory-store';
import { RedisStore } from '@pnyx/server/stores/redis-store';
import { JoinCodeTakenError, UnknownSessionError, type SessionRecord, type Store } from '@pnyx/server/stores/store';
import { useRedisServer } from '../utils/redis-server.js';

/** The contract every store keeps (server/src/stores/store.ts), run against each of them. */

const redis = useRedisServer();
let opened: { store: Store; cleanup: () => Promise<void> }[] = [];
let stores = 0;

/** Each store, on the given clock where it takes one (Redis stamps with its own clock). */
const implementations: Record<string, (clock?: () => number) => Promise<{ store: Store; cleanup: () => Promise<void> }>> = {
  memory: async (clock) => ({ store: new MemoryStore(clock), cleanup: async () => {} }),
  embedded: async (clock) => {
    const dir = await mkdtemp(join(tmpdir(), 'pnyx-contract-'));
    const store = await EmbeddedStore.open(dir, { clock });
    return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
  redis: async () => ({ store: await RedisStore.connect(redis.url, { keyPrefix: `contract${++stores}:` }), cleanup: async () => {} }),
};

afterEach(async () => {
  for (const { store, cleanup } of opened.splice(0)) {
    await store.close();
    await cleanup();
  }
});

function record(id: string, code = `C${id.toUpperCase()}`): SessionRecord {
  return { info: { id, code, title: `Session ${id} « ünïcode » 🗳️`, createdAt: 1_000 }, moderatorTokenHash: `hash-of-${id}` };
}

const ballot = (n: number): SessionCommand => ({
  type: 'ballot:cast',
  participantId: `p${n}`,
  questionId: 'q1',
  ballotId: `b${n}`,
  answer: { optionId: `o${n % 3}` },
});

function textOf(update: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('notes').toString();
}

describe.each(Object.keys(implementations))('the %s store', (name) => {
  async function open(clock?: () => number): Promise<Store> {
    const instance = await implementations[name]!(clock);
    opened.push(instance);
    return instance.store;
  }

  it('creates sessions, finds them by code and refuses a code that is taken', async () => {
    const store = await open();
    await store.createSession(record('s1', 'ABCDEF'));
    await expect(store.createSession(record('s2', 'ABCDEF'))).rejects.toBeInstanceOf(JoinCodeTakenError);
    expect(await store.findSessionIdByCode('ABCDEF')).toBe('s1');
    expect(await store.findSessionIdByCode('ZZZZZZ')).toBeNull();
    expect(await store.readSession('s1')).toEqual(record('s1', 'ABCDEF'));
    expect(await store.readSession('s2')).toBeNull();
    expect((await store.listSessions()).map((session) => session.id)).toEqual(['s1']);
  });

  it('numbers a burst of concurrent appends 1…N without gaps, in time order, and reads them back', async () => {
    const store = await open();
    await store.createSession(record('s1'));
    const entries = await Promise.all(Array.from({ length: 300 }, (_, n) => store.append('s1', ballot(n))));
    expect(entries.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, n) => n + 1));
    const log = await store.readLog('s1', 0);
    expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 300 }, (_, n) => n + 1));
    for (let n = 1; n < log.length; n++) expect(log[n]!.at).toBeGreaterThanOrEqual(log[n - 1]!.at);
    // What each append resolved with is what the log holds.
    for (const entry of entries) expect(log[entry.seq - 1]).toEqual(entry);
    expect(new Set(log.map((entry) => JSON.stringify(entry.command))).size).toBe(300);
    expect((await store.readLog('s1', 297)).map((entry) => entry.seq)).toEqual([298, 299, 300]);
    expect(await store.readLog('s1', 300)).toEqual([]);
    const [summary] = await store.listSessions();
    expect(summary).toEqual({ id: 's1', code: 'CS1', title: record('s1').info.title, createdAt: 1_000, lastActiveAt: log.at(-1)!.at });
  });

  it('keeps every command exactly as appended', async () => {
    const store = await open();
    await store.createSession(record('s1'));
    const commands: SessionCommand[] = [
      { type: 'contribution:post', participantId: 'p1', kind: 'question', text: 'Qui décide ? 🤔 "quoted" \\ back\nslash', forTable: false },
      { type: 'paper:enter', by: null, tableId: 't1', questionId: 'q1', counts: { o1: 3, o2: 0 }, voters: 3 },
      { type: 'timer:adjust', deltaMs: -30_000 },
    ];
    for (const command of commands) await store.append('s1', command);
    expect((await store.readLog('s1', 0)).map((entry) => entry.command)).toEqual(commands);
  });

  it('refuses to append to a session that does not exist, and creates nothing', async () => {
    const store = await open();
    await expect(store.append('nope', ballot(1))).rejects.toBeInstanceOf(UnknownSessionError);
    expect(await store.readSession('nope')).toBeNull();
    expect(await store.readLog('nope', 0)).toEqual([]);
    expect(await store.listSessions()).toEqual([]);
  });

  it('deletes a session with its log, code and documents, and nothing of another session', async () => {
    const store = await open();
    await store.createSession(record('s1'));
    await store.createSession(record('s2'));
    for (const id of ['s1', 's2']) {
      await store.append(id, ballot(1));
      for (const document of [id, `${id}/tables/t1`]) {
        const doc = new Y.Doc();
        doc.getText('notes').insert(0, `notes of ${document}`);
        await store.appendDocumentUpdate(document, Y.encodeStateAsUpdate(doc));
      }
    }
    await store.deleteSession('s1');
    await store.deleteSession('s1');
    expect(await store.readSession('s1')).toBeNull();
    expect(await store.findSessionIdByCode('CS1')).toBeNull();
    expect(await store.readLog('s1', 0)).toEqual([]);
    expect(await store.loadDocument('s1')).toBeNull();
    expect(await store.loadDocument('s1/tables/t1')).toBeNull();
    await expect(store.append('s1', ballot(2))).rejects.toBeInstanceOf(UnknownSessionError);
    expect((await store.listSessions()).map((session) => session.id)).toEqual(['s2']);
    expect(await store.readLog('s2', 0)).toHaveLength(1);
    expect(textOf(await store.loadDocument('s2/tables/t1'))).toBe('notes of s2/tables/t1');
    // The code is free again.
    await store.createSession(record('s3', 'CS1'));
    expect(await store.findSessionIdByCode('CS1')).toBe('s3');
  });

  it('merges a document’s updates, however many, into one that holds them all', async () => {
    const store = await open();
    await store.createSession(record('s1'));
    expect(await store.loadDocument('s1/tables/t1')).toBeNull();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let n = 0; n < 450; n++) doc.getText('notes').insert(doc.getText('notes').length, `${n % 10}`);
    // Appended concurrently in bursts, the way keystrokes of several editors arrive.
    for (let start = 0; start < updates.length; start += 50) {
      await Promise.all(updates.slice(start, start + 50).map((update) => store.appendDocumentUpdate('s1/tables/t1', update)));
    }
    expect(textOf(await store.loadDocument('s1/tables/t1'))).toBe(doc.getText('notes').toString());
    expect(await store.loadDocument('s1/tables/t2')).toBeNull();
  });

  it('counts an update to one of a session’s documents as its activity', async () => {
    let now = 50_000;
    const store = await open(() => now);
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    await store.createSession(record('s1'));
    const command = await store.append('s1', ballot(1));
    now += 60_000;
    // Redis stamps the update with its own clock, which the test cannot move: append it (again: it changes
    // nothing) until that clock has passed the command's millisecond.
    await expect
      .poll(async () => {
        await store.appendDocumentUpdate('s1/tables/t1', update);
        return (await store.listSessions())[0]?.lastActiveAt;
      })
      .toBeGreaterThan(command.at);
  });

  it('refuses a document update for a session that does not exist or was deleted, and stores nothing', async () => {
    const store = await open();
    const doc = new Y.Doc();
    doc.getText('notes').insert(0, 'too late');
    const update = Y.encodeStateAsUpdate(doc);
    for (const document of ['nope', 'nope/tables/t1']) {
      await expect(store.appendDocumentUpdate(document, update)).rejects.toBeInstanceOf(UnknownSessionError);
      expect(await store.loadDocument(document)).toBeNull();
    }

    await store.createSession(record('s1'));
    await store.appendDocumentUpdate('s1/tables/t1', update);
    await store.deleteSession('s1');
    for (const document of ['s1', 's1/tables/t1']) {
      await expect(store.appendDocumentUpdate(document, update)).rejects.toBeInstanceOf(UnknownSessionError);
      expect(await store.loadDocument(document)).toBeNull();
    }
    expect(await store.listSessions()).toEqual([]);
    expect(await store.readSession('s1')).toBeNull();
  });

  it('leaves nothing of the edits that race a session’s deletion', async () => {
    const store = await open();
    await store.createSession(record('s1'));
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let n = 0; n < 40; n++) doc.getText('notes').insert(n, `${n % 10}`);
    // Edits in flight on both sides of the deletion: those before it go with the session, those after are refused.
    const before = updates.slice(0, 20).map((update) => store.appendDocumentUpdate('s1/tables/t1', update));
    const deleted = store.deleteSession('s1');
    const after = updates.slice(20).map((update) => store.appendDocumentUpdate('s1/tables/t1', update));
    await deleted;
    const outcomes = await Promise.allSettled([...before, ...after]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(UnknownSessionError);
    expect(outcomes.slice(20).every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(await store.loadDocument('s1/tables/t1')).toBeNull();
    expect(await store.listSessions()).toEqual([]);
  });
});
