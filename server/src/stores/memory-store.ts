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

interface MemorySession {
  record: SessionRecord;
  log: LoggedCommand[];
  /** The time of the last update to one of the session's documents, if any. */
  documentUpdatedAt?: number;
}

/** The in-memory twin of the durable stores, for tests: same contract, nothing survives the process. */
export class MemoryStore implements Store {
  private readonly sessions = new Map<string, MemorySession>();
  private readonly sessionIdByCode = new Map<string, string>();
  private readonly documents = new Map<string, Uint8Array>();

  constructor(private readonly clock: () => number = Date.now) {}

  async createSession(record: SessionRecord): Promise<void> {
    if (this.sessionIdByCode.has(record.info.code)) throw new JoinCodeTakenError(record.info.code);
    this.sessions.set(record.info.id, { record, log: [] });
    this.sessionIdByCode.set(record.info.code, record.info.id);
  }

  async findSessionIdByCode(code: string): Promise<string | null> {
    return this.sessionIdByCode.get(code) ?? null;
  }

  async readSession(sessionId: string): Promise<SessionRecord | null> {
    return this.sessions.get(sessionId)?.record ?? null;
  }

  async readLog(sessionId: string, afterSeq: number): Promise<LoggedCommand[]> {
    return this.sessions.get(sessionId)?.log.slice(afterSeq) ?? [];
  }

  async append(sessionId: string, command: SessionCommand): Promise<LoggedCommand> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new UnknownSessionError(sessionId);
    const previous = session.log.at(-1);
    const entry = { seq: session.log.length + 1, at: nextEntryTime(this.clock(), previous?.at ?? 0), command };
    session.log.push(entry);
    return entry;
  }

  follow(): () => void {
    return NOTHING_TO_FOLLOW;
  }

  async listSessions(): Promise<SessionSummary[]> {
    return [...this.sessions.values()].map(({ record, log, documentUpdatedAt }) =>
      summaryOf(record, Math.max(record.info.createdAt, log.at(-1)?.at ?? 0, documentUpdatedAt ?? 0)),
    );
  }

  async deleteSession(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    this.sessionIdByCode.delete(session.record.info.code);
    for (const name of this.documents.keys()) if (sessionOfDocument(name) === sessionId) this.documents.delete(name);
  }

  async loadDocument(name: string): Promise<Uint8Array | null> {
    return this.documents.get(name) ?? null;
  }

  async appendDocumentUpdate(name: string, update: Uint8Array): Promise<void> {
    const sessionId = sessionOfDocument(name);
    const session = this.sessions.get(sessionId);
    if (!session) throw new UnknownSessionError(sessionId);
    const previous = this.documents.get(name);
    this.documents.set(name, previous ? Y.mergeUpdates([previous, update]) : update);
    // Editing a session's documents (preparing its agenda) keeps it from looking idle.
    session.documentUpdatedAt = nextEntryTime(this.clock(), session.documentUpdatedAt ?? 0);
  }

  followDocument(): () => void {
    return NOTHING_TO_FOLLOW;
  }

  async close(): Promise<void> {}
}
