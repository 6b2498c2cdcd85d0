import type { SessionEvent, SessionInfo } from '@pnyx/shared';

/** What the server keeps about a session besides its events. */
export interface SessionRecord {
  info: SessionInfo;
  /** SHA-256 of the moderator token; the token itself is only ever in the moderator's hands. */
  moderatorTokenHash: string;
}

export interface StoredSession {
  record: SessionRecord;
  events: SessionEvent[];
}

/**
 * The storage port. Every method resolves only once what it wrote is as durable as the implementation
 * can make it: the server acknowledges a ballot after `appendEvents` resolves, never before.
 * Implementations: in-memory (tests, and the default until the durable store lands), later an embedded
 * on-disk store and Redis, all held to one contract test suite.
 */
export interface Store {
  /** Creates a session; rejects with `JoinCodeTakenError` when another session holds the code. */
  createSession(record: SessionRecord): Promise<void>;
  findSessionIdByCode(code: string): Promise<string | null>;
  loadSession(sessionId: string): Promise<StoredSession | null>;
  appendEvents(sessionId: string, events: readonly SessionEvent[]): Promise<void>;
  /** The merged Yjs update of a document, or null when nothing was stored yet. */
  loadDocument(name: string): Promise<Uint8Array | null>;
  appendDocumentUpdate(name: string, update: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export class JoinCodeTakenError extends Error {
  constructor(code: string) {
    super(`join code ${code} is taken`);
  }
}
