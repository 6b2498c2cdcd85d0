import * as Y from 'yjs';
import type { SessionEvent } from '@pnyx/shared';
import { JoinCodeTakenError, type SessionRecord, type Store, type StoredSession } from './store.js';

/** The in-memory twin of the durable stores: same contract, nothing survives the process. */
export class MemoryStore implements Store {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly sessionIdByCode = new Map<string, string>();
  private readonly documents = new Map<string, Uint8Array>();

  async createSession(record: SessionRecord): Promise<void> {
    if (this.sessionIdByCode.has(record.info.code)) throw new JoinCodeTakenError(record.info.code);
    this.sessions.set(record.info.id, { record, events: [] });
    this.sessionIdByCode.set(record.info.code, record.info.id);
  }

  async findSessionIdByCode(code: string): Promise<string | null> {
    return this.sessionIdByCode.get(code) ?? null;
  }

  async loadSession(sessionId: string): Promise<StoredSession | null> {
    const stored = this.sessions.get(sessionId);
    return stored ? { record: stored.record, events: [...stored.events] } : null;
  }

  async appendEvents(sessionId: string, events: readonly SessionEvent[]): Promise<void> {
    const stored = this.sessions.get(sessionId);
    if (!stored) throw new Error(`no session ${sessionId}`);
    stored.events.push(...events);
  }

  async loadDocument(name: string): Promise<Uint8Array | null> {
    return this.documents.get(name) ?? null;
  }

  async appendDocumentUpdate(name: string, update: Uint8Array): Promise<void> {
    const previous = this.documents.get(name);
    this.documents.set(name, previous ? Y.mergeUpdates([previous, update]) : update);
  }

  async close(): Promise<void> {}
}
