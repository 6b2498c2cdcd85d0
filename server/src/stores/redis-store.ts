import { Redis, type RedisOptions } from 'ioredis';
import * as Y from 'yjs';
import type { SessionCommand } from '@pnyx/shared';
import { RedisChannels } from './redis-channels.js';
import { RedisKeys } from './redis-keys.js';
import { defineStoreScripts, type StoreScripts } from './redis-scripts.js';
import {
  JoinCodeTakenError,
  UnknownSessionError,
  sessionOfDocument,
  summaryOf,
  type DocumentFollower,
  type LoggedCommand,
  type SessionFollower,
  type SessionRecord,
  type SessionSummary,
  type Store,
} from './store.js';

export interface RedisStoreOptions {
  /** Put before every key, so several stores (or tests) can share one Redis. Default `pnyx:`. */
  keyPrefix?: string;
}

/** A start against a Redis that is not there fails within this. */
const CONNECT_TIMEOUT_MS = 2_000;
/** A command on a connection that stopped answering rejects after this (the client retries). */
const COMMAND_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 1_000;
/** Log entries and session records read per command. */
const PAGE_SIZE = 1_000;
/** A document's updates are merged into its base once there are more than this many. */
const COMPACT_AFTER_UPDATES = 200;

/** How the log keeps an entry (its seq is its position). */
interface StoredEntry {
  at: number;
  command: SessionCommand;
}

/** A document as Redis holds it: the merged base of compacted updates (none yet: null) and the updates after it. */
interface StoredDocument {
  /** Compactions so far: a compaction writes only if none came between its read and its write. */
  generation: number;
  base: Uint8Array | null;
  updates: Uint8Array[];
}

/** What the log's channel announces. */
type LogNotice = LoggedCommand | { deleted: true };

/**
 * The store several server processes share: one Redis (with `appendonly yes`, `appendfsync always`, so
 * what Redis acknowledged survives its crash). Every write is one Lua script, so a session's log is ordered
 * and gap-free by Redis alone, and every appended entry is published to the processes that follow the
 * session. Nothing in process memory decides an order.
 */
export class RedisStore implements Store {
  private readonly scripts: StoreScripts;
  private readonly channels: RedisChannels;
  /** Documents this process is compacting, so its own concurrent appends do not all start one. */
  private readonly compacting = new Set<string>();

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.scripts = defineStoreScripts(redis);
    this.channels = new RedisChannels(subscriber);
  }

  /**
   * Connects, or rejects within seconds when Redis is unreachable. Once connected it reconnects forever;
   * meanwhile every command rejects at once, so the server answers 'store_unavailable' instead of waiting.
   */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
    let connected = false;
    const connectionOptions: RedisOptions = {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => (connected ? Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS) : null),
      // A command is never sent later than asked for nor twice: an append whose reply was lost may have
      // been logged, and only the client, retrying with the same ids, can make that harmless.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // RedisChannels subscribes again itself, to know when the subscriptions are back.
      autoResubscribe: false,
    };
    const redis = new Redis(url, connectionOptions);
    const subscriber = redis.duplicate();
    try {
      await Promise.all([open(redis, url), open(subscriber, url)]);
    } catch (error) {
      redis.disconnect();
      subscriber.disconnect();
      throw error;
    }
    connected = true;
    return new RedisStore(redis, subscriber, new RedisKeys(options.keyPrefix ?? 'pnyx:'));
  }

  async createSession(record: SessionRecord): Promise<void> {
    const { id, code, createdAt } = record.info;
    const created = await this.scripts.createSession.run(
      [this.keys.code(code), this.keys.record(id), this.keys.sessions],
      [id, JSON.stringify(record), createdAt],
    );
    if (created !== 1) throw new JoinCodeTakenError(code);
  }

  findSessionIdByCode(code: string): Promise<string | null> {
    return this.redis.get(this.keys.code(code));
  }

  async readSession(sessionId: string): Promise<SessionRecord | null> {
    const record = await this.redis.get(this.keys.record(sessionId));
    return record === null ? null : (JSON.parse(record) as SessionRecord);
  }

  async readLog(sessionId: string, afterSeq: number): Promise<LoggedCommand[]> {
    const key = this.keys.log(sessionId);
    const entries: LoggedCommand[] = [];
    for (let start = afterSeq; ; start += PAGE_SIZE) {
      const page = await this.redis.lrange(key, start, start + PAGE_SIZE - 1);
      page.forEach((stored, index) => {
        const { at, command } = JSON.parse(stored) as StoredEntry;
        entries.push({ seq: start + index + 1, at, command });
      });
      if (page.length < PAGE_SIZE) return entries;
    }
  }

  async append(sessionId: string, command: SessionCommand): Promise<LoggedCommand> {
    const appended = (await this.scripts.append.run(
      [this.keys.record(sessionId), this.keys.log(sessionId), this.keys.sessions],
      [sessionId, JSON.stringify(command)],
    )) as [number, string] | null;
    if (!appended) throw new UnknownSessionError(sessionId);
    return { seq: appended[0], at: Number(appended[1]), command };
  }

  follow(sessionId: string, follower: SessionFollower): () => void {
    return this.channels.listen(this.keys.log(sessionId), {
      message: (payload) => {
        const notice = JSON.parse(payload.toString()) as LogNotice;
        if ('deleted' in notice) follower.deleted();
        else follower.appended(notice);
      },
      resync: () => follower.resync(),
    });
  }

  async listSessions(): Promise<SessionSummary[]> {
    const scored = await this.redis.zrange(this.keys.sessions, 0, -1, 'WITHSCORES');
    const summaries: SessionSummary[] = [];
    for (let start = 0; start < scored.length; start += 2 * PAGE_SIZE) {
      const page = scored.slice(start, start + 2 * PAGE_SIZE);
      const ids = page.filter((_, index) => index % 2 === 0);
      const records = await this.redis.mget(ids.map((id) => this.keys.record(id)));
      records.forEach((record, index) => {
        // A session deleted between the two reads is left out.
        if (record !== null) summaries.push(summaryOf(JSON.parse(record) as SessionRecord, Number(page[2 * index + 1])));
      });
    }
    return summaries;
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.scripts.deleteSession.run(
      [this.keys.record(sessionId), this.keys.log(sessionId), this.keys.documents(sessionId), this.keys.sessions],
      [sessionId, this.keys.codePrefix, this.keys.documentUpdatesPrefix(sessionId), this.keys.documentBasePrefix(sessionId)],
    );
  }

  async loadDocument(name: string): Promise<Uint8Array | null> {
    const document = await this.readDocument(name);
    return document.base === null && document.updates.length === 0 ? null : mergedOf(document);
  }

  async appendDocumentUpdate(name: string, update: Uint8Array): Promise<void> {
    const sessionId = sessionOfDocument(name);
    const length = (await this.scripts.appendDocumentUpdate.run(
      [this.keys.record(sessionId), this.keys.documentUpdates(name), this.keys.documents(sessionId), this.keys.sessions],
      [asBuffer(update), name, sessionId],
    )) as number | null;
    if (length === null) throw new UnknownSessionError(sessionId);
    if (length > COMPACT_AFTER_UPDATES) await this.compact(name);
  }

  followDocument(name: string, follower: DocumentFollower): () => void {
    return this.channels.listen(this.keys.documentUpdates(name), {
      message: (payload) => follower.updated(new Uint8Array(payload)),
      resync: () => follower.resync(),
    });
  }

  async close(): Promise<void> {
    await Promise.all([quit(this.redis), quit(this.subscriber)]);
  }

  /** A document's base and the updates after it, read at one moment. */
  private async readDocument(name: string): Promise<StoredDocument> {
    const [generation, base, ...updates] = (await this.scripts.readDocument.runForBuffers(
      [this.keys.documentUpdates(name), this.keys.documentBase(name)],
      [],
    )) as [number, Buffer, ...Buffer[]];
    // Copied out of ioredis' reply buffers, which Yjs may keep.
    return { generation, base: base.length > 0 ? new Uint8Array(base) : null, updates: updates.map((update) => new Uint8Array(update)) };
  }

  /**
   * Merges the document's updates into its base, so loading it reads a bounded list. Processes may race
   * to do it: the script keeps the first and refuses the others (the generation moved).
   */
  private async compact(name: string): Promise<void> {
    if (this.compacting.has(name)) return;
    this.compacting.add(name);
    try {
      const document = await this.readDocument(name);
      await this.scripts.compactDocument.run(
        [this.keys.documentUpdates(name), this.keys.documentBase(name)],
        [document.generation, document.updates.length, asBuffer(mergedOf(document))],
      );
    } catch {
      // The update is stored already, so the append succeeded; a later append compacts again.
    } finally {
      this.compacting.delete(name);
    }
  }
}

function mergedOf({ base, updates }: StoredDocument): Uint8Array {
  return Y.mergeUpdates(base === null ? updates : [base, ...updates]);
}

/** The same bytes, as ioredis sends them binary-safe. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Connects one connection, or rejects saying which Redis is unreachable and why. */
async function open(connection: Redis, url: string): Promise<void> {
  let lastError: Error | undefined;
  // Also keeps ioredis from printing every failed reconnect: failures reach the callers as rejected commands.
  connection.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await connection.connect();
  } catch (error) {
    const reason = (lastError ?? (error as Error)).message;
    throw new Error(`Redis at ${withoutPassword(url)} is unreachable: ${reason}`);
  }
}

async function quit(connection: Redis): Promise<void> {
  try {
    await connection.quit();
  } catch {
    connection.disconnect(); // not connected now: stop reconnecting
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
