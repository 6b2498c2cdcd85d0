import { mkdir } from 'node:fs/promises';
import { IF_EXISTS, open, type Database, type RootDatabase } from 'lmdb';
import * as Y from 'yjs';
import type { SessionCommand } from '@pnyx/shared';
import {
  JoinCodeTakenError,
  NOTHING_TO_FOLLOW,
  UnknownSessionError,
  nextEntryTime,
  sessionOfDocument,
  summaryOf,
  type LoggedCommand,
  type SessionRecord,
  type SessionSummary,
  type Store,
} from './store.js';
import { lockDataDir, unlockDataDir } from './data-dir-lock.js';

/** A document whose stored updates outnumber this is merged into one update. */
const COMPACTION_THRESHOLD = 200;

type SessionId = string;
/** [session, seq] */
type LogKey = [SessionId, number];
/** [session of the document, document name, update number]: a session's documents are one key range. */
type UpdateKey = [SessionId, string, number];

interface StoredEntry {
  at: number;
  command: SessionCommand;
}

/** Where a session's log ends, counting the entries still being written. */
interface LogTail {
  nextSeq: number;
  lastAt: number;
}

interface DocumentTail {
  nextUpdate: number;
  /** Updates stored or being stored; an estimate after a failed write or a deletion, which only moves the next compaction. */
  stored: number;
  compaction?: Promise<void>;
}

/**
 * The default store: an LMDB environment in a data directory, for one server process.
 *
 * Writes are queued on LMDB's write thread, which commits everything queued meanwhile in one transaction and
 * syncs it to disk before the promises resolve (`overlappingSync: false`), so a burst of ballots costs a few
 * fsyncs, not one each. `strictAsyncOrder` keeps single writes and transaction callbacks (deletes,
 * compactions) in the order they were called, so a callback sees every write queued before it.
 */
export class EmbeddedStore implements Store {
  private readonly logTails = new Map<SessionId, LogTail>();
  /** Kept after a session is deleted: an update still in flight holds its number, which must not be reused. */
  private readonly documentTails = new Map<string, DocumentTail>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly root: RootDatabase<unknown>,
    private readonly sessions: Database<SessionRecord, SessionId>,
    private readonly codes: Database<SessionId, string>,
    private readonly log: Database<StoredEntry, LogKey>,
    private readonly updates: Database<Uint8Array, UpdateKey>,
    /** The time of each session's last document update: editing a session's documents is activity too. */
    private readonly activity: Database<number, SessionId>,
    private readonly lockPath: string,
    private readonly clock: () => number,
  ) {}

  /**
   * Opens (and creates) the store in `dataDir`; rejects while another live process holds the directory.
   * `onLockLost` is called if another process takes the directory's lock over while this store is open.
   */
  static async open(dataDir: string, options: { clock?: () => number; onLockLost?: () => void } = {}): Promise<EmbeddedStore> {
    await mkdir(dataDir, { recursive: true });
    const lockPath = await lockDataDir(dataDir, { onLost: options.onLockLost });
    try {
      const root = open({ path: dataDir, noSubdir: false, overlappingSync: false, strictAsyncOrder: true });
      return new EmbeddedStore(
        root,
        root.openDB<SessionRecord, SessionId>({ name: 'sessions' }),
        root.openDB<SessionId, string>({ name: 'codes' }),
        root.openDB<StoredEntry, LogKey>({ name: 'log' }),
        root.openDB<Uint8Array, UpdateKey>({ name: 'updates', encoding: 'binary' }),
        root.openDB<number, SessionId>({ name: 'activity' }),
        lockPath,
        options.clock ?? Date.now,
      );
    } catch (error) {
      await unlockDataDir(lockPath);
      throw error;
    }
  }

  async createSession(record: SessionRecord): Promise<void> {
    const { id, code } = record.info;
    const created = await this.codes.ifNoExists(code, () => {
      void this.sessions.put(id, record);
      void this.codes.put(code, id);
    });
    if (!created) throw new JoinCodeTakenError(code);
  }

  async findSessionIdByCode(code: string): Promise<string | null> {
    return this.codes.get(code) ?? null;
  }

  async readSession(sessionId: string): Promise<SessionRecord | null> {
    return this.sessions.get(sessionId) ?? null;
  }

  async readLog(sessionId: string, afterSeq: number): Promise<LoggedCommand[]> {
    return [...this.log.getRange({ start: [sessionId, afterSeq + 1], end: [sessionId, Infinity] })].map(({ key, value }) => ({
      seq: key[1],
      at: value.at,
      command: value.command,
    }));
  }

  async append(sessionId: string, command: SessionCommand): Promise<LoggedCommand> {
    const tail = this.logTailOf(sessionId);
    const entry = { seq: tail.nextSeq, at: nextEntryTime(this.clock(), tail.lastAt), command };
    // Queued before the tail moves: a command that cannot be encoded throws here and takes no seq.
    const queued = this.writeEntry(sessionId, entry);
    tail.nextSeq = entry.seq + 1;
    tail.lastAt = entry.at;
    const written = await queued.catch((error: unknown) => {
      this.forgetLogTail(sessionId, tail);
      throw error;
    });
    if (written) return entry;
    this.forgetLogTail(sessionId, tail);
    if (this.sessions.get(sessionId) === undefined) throw new UnknownSessionError(sessionId);
    throw new Error(`entry ${entry.seq} of session ${sessionId} was not written: an entry before it failed`);
  }

  follow(): () => void {
    return NOTHING_TO_FOLLOW;
  }

  async listSessions(): Promise<SessionSummary[]> {
    return [...this.sessions.getRange()].map(({ key, value }) =>
      summaryOf(value, Math.max(value.info.createdAt, this.lastEntry(key)?.at ?? 0, this.activity.get(key) ?? 0)),
    );
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.root.transaction(() => {
      const record = this.sessions.get(sessionId);
      if (record === undefined) return;
      void this.codes.remove(record.info.code);
      void this.sessions.remove(sessionId);
      void this.activity.remove(sessionId);
      for (const key of [...this.log.getKeys({ start: [sessionId, 0], end: [sessionId, Infinity] })]) void this.log.remove(key);
      for (const key of [...this.updateKeysOfSession(sessionId)]) void this.updates.remove(key);
    });
    this.logTails.delete(sessionId);
  }

  async loadDocument(name: string): Promise<Uint8Array | null> {
    const updates = [...this.updates.getRange(documentRange(name))].map(({ value }) => value);
    const [first, ...more] = updates;
    if (!first) return null;
    // A plain Uint8Array, not the Buffer LMDB reads: callers compare and send it as one.
    return more.length === 0 ? Uint8Array.from(first) : Y.mergeUpdates(updates);
  }

  async appendDocumentUpdate(name: string, update: Uint8Array): Promise<void> {
    const sessionId = sessionOfDocument(name);
    const tail = this.documentTailOf(name);
    const written = this.writeUpdate(sessionId, updateKey(name, tail.nextUpdate), update);
    tail.nextUpdate += 1;
    tail.stored += 1;
    if (!(await written)) throw new UnknownSessionError(sessionId);
    if (tail.stored > COMPACTION_THRESHOLD && !tail.compaction) tail.compaction = this.compact(name, tail);
  }

  followDocument(): () => void {
    return NOTHING_TO_FOLLOW;
  }

  /** Waits for the writes in flight, closes the environment and gives the data directory up. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.documentTails.values()].map((tail) => tail.compaction));
      await this.root.close();
      await unlockDataDir(this.lockPath);
    })();
    return this.closing;
  }

  private logTailOf(sessionId: string): LogTail {
    const known = this.logTails.get(sessionId);
    if (known) return known;
    if (this.sessions.get(sessionId) === undefined) throw new UnknownSessionError(sessionId);
    const last = this.lastEntry(sessionId);
    const tail = { nextSeq: (last?.seq ?? 0) + 1, lastAt: last?.at ?? 0 };
    this.logTails.set(sessionId, tail);
    return tail;
  }

  /**
   * Writes the entry only where the entry before it is (or the session, for the first), resolving false
   * otherwise: once a write failed or the session was deleted, every entry queued after it fails too instead
   * of leaving a gap.
   */
  private writeEntry(sessionId: string, { seq, at, command }: LoggedCommand): Promise<boolean> {
    const write = () => void this.log.put([sessionId, seq], { at, command });
    return seq === 1 ? this.sessions.ifVersion(sessionId, IF_EXISTS, write) : this.log.ifVersion([sessionId, seq - 1], IF_EXISTS, write);
  }

  /**
   * After a failed write the next append reads the tail from disk again (unless a newer tail is there
   * already). Safe although writes may still be in flight: they all come after the failed one, so they fail.
   */
  private forgetLogTail(sessionId: string, tail: LogTail): void {
    if (this.logTails.get(sessionId) === tail) this.logTails.delete(sessionId);
  }

  /**
   * Writes a document update with the session's last activity (editing its documents is activity too), in the
   * batch like any write, only where the session is, resolving false otherwise: an update for a session that
   * is not there, or is deleted before the batch commits, leaves nothing that would outlive the session.
   */
  private writeUpdate(sessionId: string, key: UpdateKey, update: Uint8Array): Promise<boolean> {
    const at = nextEntryTime(this.clock(), this.activity.get(sessionId) ?? 0);
    return this.sessions.ifVersion(sessionId, IF_EXISTS, () => {
      void this.updates.put(key, update);
      void this.activity.put(sessionId, at);
    });
  }

  private lastEntry(sessionId: string): { seq: number; at: number } | undefined {
    for (const { key, value } of this.log.getRange({ start: [sessionId, Infinity], end: [sessionId, 0], reverse: true, limit: 1 })) {
      return { seq: key[1], at: value.at };
    }
    return undefined;
  }

  private documentTailOf(name: string): DocumentTail {
    const known = this.documentTails.get(name);
    if (known) return known;
    const numbers = [...this.updates.getKeys(documentRange(name))].map((key) => key[2]);
    const tail = { nextUpdate: (numbers.at(-1) ?? 0) + 1, stored: numbers.length };
    this.documentTails.set(name, tail);
    return tail;
  }

  /**
   * Replaces a document's updates by their merge, in one transaction: it sees every update queued before it,
   * and the ones queued after it keep higher numbers than the merge.
   */
  private async compact(name: string, tail: DocumentTail): Promise<void> {
    try {
      const merged = await this.root.transaction(() => {
        const stored = [...this.updates.getRange(documentRange(name))];
        const last = stored.at(-1);
        if (!last || stored.length === 1) return 0;
        // Merged before anything is removed: should merging throw, the transaction has changed nothing.
        const update = Y.mergeUpdates(stored.map(({ value }) => value));
        for (const { key } of stored.slice(0, -1)) void this.updates.remove(key);
        void this.updates.put(last.key, update);
        return stored.length;
      });
      tail.stored -= Math.max(merged - 1, 0);
    } catch {
      // The updates stay as they were (the transaction is atomic); the next update tries again.
    } finally {
      tail.compaction = undefined;
    }
  }

  /** The keys of all documents of a session: the range of keys that begin with its id. */
  private *updateKeysOfSession(sessionId: string): Generator<UpdateKey> {
    for (const key of this.updates.getKeys({ start: [sessionId] })) {
      if (key[0] !== sessionId) return;
      yield key;
    }
  }
}

function updateKey(name: string, number: number): UpdateKey {
  return [sessionOfDocument(name), name, number];
}

function documentRange(name: string): { start: UpdateKey; end: UpdateKey } {
  return { start: updateKey(name, 0), end: updateKey(name, Infinity) };
}
