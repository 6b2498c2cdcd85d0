import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open } from 'lmdb';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SessionCommand } from '@pnyx/shared';
import { lockDataDir, unlockDataDir } from '@pnyx/server/stores/data-dir-lock';
import { EmbeddedStore } from '@pnyx/server/stores/embedded-store';
import { UnknownSessionError, type SessionRecord } from '@pnyx/server/stores/store';

/** What only the embedded store promises: its files survive a restart and a kill -9, and one process owns them. */

const WRITER = fileURLToPath(new URL('../utils/embedded-store-writer.mjs', import.meta.url));
const COMPILED_STORE = fileURLToPath(new URL('../../server/dist/stores/embedded-store.js', import.meta.url));

let dirs: string[] = [];
let stores: EmbeddedStore[] = [];
/** Lock files taken without a store. */
let locks: string[] = [];

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(locks.splice(0).map((lockPath) => unlockDataDir(lockPath)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pnyx-embedded-'));
  dirs.push(dir);
  return dir;
}

async function openStore(dir: string, clock?: () => number): Promise<EmbeddedStore> {
  const store = await EmbeddedStore.open(dir, clock ? { clock } : {});
  stores.push(store);
  return store;
}

/** Closes a store the test opened (afterEach then leaves it alone). */
async function closeStore(store: EmbeddedStore): Promise<void> {
  stores = stores.filter((open) => open !== store);
  await store.close();
}

interface Lease {
  host: string;
  pid: number;
  token: string;
  renewedAt: number;
}

async function readLease(dir: string): Promise<Lease> {
  return JSON.parse(await readFile(join(dir, 'pnyx.lock'), 'utf8')) as Lease;
}

/** Writes a lock file as another server would, in another container or on another host. */
async function writeLease(dir: string, lease: Lease): Promise<void> {
  await writeFile(join(dir, 'pnyx.lock'), JSON.stringify(lease));
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

function record(id: string): SessionRecord {
  return { info: { id, code: `C${id.toUpperCase()}`, title: `Session ${id}`, createdAt: 1_000 }, moderatorTokenHash: `hash-of-${id}` };
}

function ballot(n: number): SessionCommand {
  return { type: 'ballot:cast', participantId: `p${n}`, questionId: 'q1', ballotId: `b${n}`, answer: { optionId: `o${n % 4}` } };
}

/** The updates of a Y.Doc whose text is typed one piece at a time. */
function typedText(pieces: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const piece of pieces) doc.getText('notes').insert(doc.getText('notes').length, piece);
  return updates;
}

function textOf(update: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('notes').toString();
}

describe('EmbeddedStore', () => {
  it('finds sessions, logs and documents again after a restart, and goes on from the last entry and its time', async () => {
    const dir = await dataDir();
    let now = 5_000;
    const first = await openStore(dir, () => now++);
    await first.createSession(record('s1'));
    await first.createSession(record('s2'));
    const appended = await Promise.all([1, 2, 3].map((n) => first.append('s1', ballot(n))));
    await first.append('s2', { type: 'timer:start' });
    for (const update of typedText(['Hello', ', ', 'world'])) await first.appendDocumentUpdate('s1/tables/t1', update);
    const sessionsBefore = await first.listSessions();
    await closeStore(first);

    // The clock of the restarted process is behind: entries keep their order in time all the same.
    const second = await openStore(dir, () => 1_000);
    expect(await second.readSession('s1')).toEqual(record('s1'));
    expect(await second.findSessionIdByCode('CS2')).toBe('s2');
    expect(await second.readLog('s1', 0)).toEqual(appended);
    expect(await second.readLog('s1', 2)).toEqual(appended.slice(2));
    expect(await second.listSessions()).toEqual(sessionsBefore);
    expect(textOf(await second.loadDocument('s1/tables/t1'))).toBe('Hello, world');
    expect(await second.append('s1', ballot(4))).toEqual({ seq: 4, at: appended[2]!.at, command: ballot(4) });
  });

  it('refuses the directory of a live writer, and keeps every append it acknowledged before its kill -9, without gaps', async () => {
    if (!existsSync(COMPILED_STORE)) throw new Error(`${COMPILED_STORE} is missing: the writer process runs the compiled server; run npm run build`);
    const dir = await dataDir();
    const setup = await openStore(dir);
    await setup.createSession(record('s1'));
    await closeStore(setup);

    const writer = spawn(process.execPath, [WRITER, dir, 's1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ballotBySeq = new Map<number, number>();
    let pending = '';
    let errors = '';
    writer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [seq, n] = line.split(' ').map(Number);
        ballotBySeq.set(seq!, n!);
      }
    });
    writer.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const exited = once(writer, 'exit');
    try {
      await expect
        .poll(() => {
          if (writer.exitCode !== null) throw new Error(`the writer exited with ${writer.exitCode}: ${errors}`);
          return ballotBySeq.size;
        })
        .toBeGreaterThanOrEqual(2_000);
      await expect(EmbeddedStore.open(dir)).rejects.toThrow(`data directory ${dir} is in use by process ${writer.pid}`);
    } finally {
      writer.kill('SIGKILL');
    }
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    // The dead writer's lock is still there: opening takes it over.
    expect(await readLease(dir)).toMatchObject({ host: hostname(), pid: writer.pid });

    const reopened = await openStore(dir);
    const log = await reopened.readLog('s1', 0);
    expect(log.map((entry) => entry.seq)).toEqual(log.map((_, index) => index + 1));
    expect(log.length).toBeGreaterThanOrEqual(Math.max(...ballotBySeq.keys()));
    for (const [seq, n] of ballotBySeq) expect(log[seq - 1]?.command).toEqual(ballot(n));
    expect(log.every((entry, index) => index === 0 || entry.at >= log[index - 1]!.at)).toBe(true);
    expect((await reopened.append('s1', { type: 'timer:start' })).seq).toBe(log.length + 1);
  });

  it('refuses a data directory another open store holds, naming it and the process, until that store closes', async () => {
    const dir = await dataDir();
    const first = await openStore(dir);
    await expect(EmbeddedStore.open(dir)).rejects.toThrow(`data directory ${dir} is in use by process ${process.pid}`);
    await closeStore(first);
    expect(existsSync(join(dir, 'pnyx.lock'))).toBe(false);
    await openStore(dir);
    expect(await readLease(dir)).toMatchObject({ host: hostname(), pid: process.pid });
  });

  it('lets only one of two stores opened at once on a new directory have it', async () => {
    const dir = await dataDir();
    const results = await Promise.allSettled([EmbeddedStore.open(dir), EmbeddedStore.open(dir)]);
    for (const result of results) if (result.status === 'fulfilled') stores.push(result.value);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('takes over a lock left with this very pid by an earlier process (a restarted container reuses pids)', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'pnyx.lock'), String(process.pid));
    const store = await openStore(dir);
    await store.createSession(record('s1'));
    expect(await store.readSession('s1')).toEqual(record('s1'));
  });

  it('refuses a lease from another host renewed just now, though its pid is this one (PID 1 in two containers)', async () => {
    const dir = await dataDir();
    const theirs = { host: 'other-container', pid: process.pid, token: 'theirs', renewedAt: Date.now() - 2_000 };
    await writeLease(dir, theirs);
    const refusal = await EmbeddedStore.open(dir).then(
      (store) => (stores.push(store), 'opened'),
      (error: Error) => error.message,
    );
    expect(refusal.replace(/renewed \d+s ago/, 'renewed Ns ago')).toBe(
      `data directory ${dir} is in use by process ${process.pid} on host other-container (lock file pnyx.lock, renewed Ns ago); ` +
        'if no server uses it, wait 15 s or delete the file',
    );
    expect(await readLease(dir)).toEqual(theirs);
  });

  it('takes over a lease from another host not renewed for longer than staleAfterMs (its holder died)', async () => {
    const dir = await dataDir();
    await writeLease(dir, { host: 'other-container', pid: 1, token: 'theirs', renewedAt: Date.now() - 16_000 });
    const store = await openStore(dir);
    await store.createSession(record('s1'));
    expect(await readLease(dir)).toMatchObject({ host: hostname(), pid: process.pid, token: expect.not.stringMatching(/^theirs$/) });
  });

  it('takes over a pid-only lock file of an older server whose process is dead, and refuses one whose process lives', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'pnyx.lock'), '1');
    // PID 1 lives in every PID namespace: the older server's lock holds as long as its process.
    await expect(EmbeddedStore.open(dir)).rejects.toThrow(
      `data directory ${dir} is in use by process 1 on host ${hostname()} (lock file pnyx.lock); if no server uses it, delete the file`,
    );
    await writeFile(join(dir, 'pnyx.lock'), String(await deadPid()));
    await openStore(dir);
    expect(await readLease(dir)).toMatchObject({ host: hostname(), pid: process.pid });
  });

  it('renews its lease while it holds the directory, and once another process took it over stops, says so once and leaves it', async () => {
    const [dir, clockDir] = [await dataDir(), await dataDir()];
    let lost = 0;
    const lockPath = await lockDataDir(dir, { renewEveryMs: 20, onLost: () => (lost += 1) });
    locks.push(lockPath);
    const first = await readLease(dir);
    await expect.poll(async () => (await readLease(dir)).renewedAt).toBeGreaterThan(first.renewedAt);
    expect(await readLease(dir)).toMatchObject({ ...first, renewedAt: expect.any(Number) });

    const theirs = { host: 'other-container', pid: 1, token: 'theirs', renewedAt: Date.now() };
    await expect
      .poll(async () => {
        // A renewal between its check of the token and its write puts its lease back: take it over again then.
        if (lost === 0) await writeLease(dir, theirs);
        return lost;
      })
      .toBe(1);
    // A second holder renewing at the same pace counts renewals: three of them later, the lost one said nothing more.
    locks.push(await lockDataDir(clockDir, { renewEveryMs: 20 }));
    const start = (await readLease(clockDir)).renewedAt;
    await expect.poll(async () => (await readLease(clockDir)).renewedAt, { timeout: 5_000 }).toBeGreaterThanOrEqual(start + 60);
    expect(lost).toBe(1);
    expect(await readLease(dir)).toEqual(theirs);
    await unlockDataDir(lockPath);
    expect(await readLease(dir)).toEqual(theirs);
  });

  it('deletes a session with its log, code and documents, durably, and leaves the other sessions alone', async () => {
    const dir = await dataDir();
    const store = await openStore(dir);
    // "s1" and "s12": one id begins with the other, so a careless key range would take both.
    for (const id of ['s1', 's12']) {
      await store.createSession(record(id));
      await store.append(id, ballot(1));
      await store.append(id, ballot(2));
      for (const name of [id, `${id}/tables/t1`]) for (const update of typedText([`${name} `, 'notes'])) await store.appendDocumentUpdate(name, update);
    }
    await store.deleteSession('s1');
    await store.deleteSession('s1');
    await closeStore(store);

    const reopened = await openStore(dir);
    expect(await reopened.readSession('s1')).toBeNull();
    expect(await reopened.findSessionIdByCode('CS1')).toBeNull();
    expect(await reopened.readLog('s1', 0)).toEqual([]);
    expect(await reopened.loadDocument('s1')).toBeNull();
    expect(await reopened.loadDocument('s1/tables/t1')).toBeNull();
    await expect(reopened.append('s1', ballot(3))).rejects.toBeInstanceOf(UnknownSessionError);

    expect(await reopened.readSession('s12')).toEqual(record('s12'));
    expect(await reopened.findSessionIdByCode('CS12')).toBe('s12');
    expect((await reopened.readLog('s12', 0)).map((entry) => entry.command)).toEqual([ballot(1), ballot(2)]);
    expect(textOf(await reopened.loadDocument('s12'))).toBe('s12 notes');
    expect(textOf(await reopened.loadDocument('s12/tables/t1'))).toBe('s12/tables/t1 notes');
    expect((await reopened.listSessions()).map((summary) => summary.id)).toEqual(['s12']);
    // The code is free again.
    await reopened.createSession({ ...record('s3'), info: { ...record('s3').info, code: 'CS1' } });
    expect(await reopened.findSessionIdByCode('CS1')).toBe('s3');
  });

  it('compacts a document of 500 updates into a few, keeping those written while it compacts', async () => {
    const dir = await dataDir();
    const store = await openStore(dir);
    await store.createSession(record('s1'));
    const pieces = Array.from({ length: 500 }, (_, n) => `${n};`);
    const updates = typedText(pieces);
    // Twenty at a time: a compaction starts once 200 are stored, while the next ones are being written.
    for (let start = 0; start < updates.length; start += 20) {
      await Promise.all(updates.slice(start, start + 20).map((update) => store.appendDocumentUpdate('s1/tables/t1', update)));
    }
    expect(textOf(await store.loadDocument('s1/tables/t1'))).toBe(pieces.join(''));
    await closeStore(store);

    const lmdb = open({ path: dir, readOnly: true });
    const stored = lmdb.openDB({ name: 'updates', encoding: 'binary' }).getKeysCount();
    await lmdb.close();
    expect(stored).toBeLessThan(250);

    const reopened = await openStore(dir);
    expect(textOf(await reopened.loadDocument('s1/tables/t1'))).toBe(pieces.join(''));
  });
});
