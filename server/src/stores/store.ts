import type { SessionCommand, SessionInfo } from '@pnyx/shared';

/** What the server keeps about a session besides its log. */
export interface SessionRecord {
  info: SessionInfo;
  /** SHA-256 of the moderator token; the token itself is only ever in the moderator's hands. */
  moderatorTokenHash: string;
}

/**
 * One command of a session's log. The store orders the log (seq 1, 2, 3, … without gaps) and stamps each
 * command with its time; every server process decides the commands in that order at that time, so all of
 * them hold the same session state (the domain's `decide` is a pure function of state, command and time).
 */
export interface LoggedCommand {
  seq: number;
  /** Milliseconds since the epoch, never less than the previous command's. */
  at: number;
  command: SessionCommand;
}

export interface SessionSummary {
  id: string;
  code: string;
  title: string;
  createdAt: number;
  /**
   * The latest of the creation time, the last logged command's time and the time of the last update to one
   * of the session's documents (preparing an agenda only edits documents), by the store's clock.
   */
  lastActiveAt: number;
}

/**
 * Told about a session's log entries that another server process appended. Stores that only one process
 * uses never call it.
 */
export interface SessionFollower {
  appended(entry: LoggedCommand): void;
  /** Some entries may not have been told (the store reconnected): read the log after the last one seen. */
  resync(): void;
  /** The session was deleted. */
  deleted(): void;
}

/** Told about updates another server process appended to a Yjs document. */
export interface DocumentFollower {
  updated(update: Uint8Array): void;
  /** Some updates may not have been told: load the document again (applying it twice changes nothing). */
  resync(): void;
}

/**
 * The storage port. Every write resolves only once it is durable: the server acknowledges a ballot after
 * `append` resolves, never before. Implementations: in-memory (tests), embedded on disk (the default) and
 * Redis (several processes), all held to one contract test suite (tests/server/store-contract.test.ts).
 *
 * Yjs documents belong to a session by name: `SESSION_ID` or `SESSION_ID/…` (see `sessionOfDocument`).
 */
export interface Store {
  /** Creates a session; rejects with `JoinCodeTakenError` when another session holds the code. */
  createSession(record: SessionRecord): Promise<void>;
  findSessionIdByCode(code: string): Promise<string | null>;
  readSession(sessionId: string): Promise<SessionRecord | null>;
  /** The log entries after `afterSeq`, in order. */
  readLog(sessionId: string, afterSeq: number): Promise<LoggedCommand[]>;
  /** Appends a command to the log; rejects with `UnknownSessionError` for a session that does not exist. */
  append(sessionId: string, command: SessionCommand): Promise<LoggedCommand>;
  /** Follows what other processes append; returns the function that stops following. */
  follow(sessionId: string, follower: SessionFollower): () => void;
  listSessions(): Promise<SessionSummary[]>;
  /** Deletes the session, its log, its code and its documents; deleting an unknown session does nothing. */
  deleteSession(sessionId: string): Promise<void>;
  /** The merged Yjs update of a document, or null when nothing was stored yet. */
  loadDocument(name: string): Promise<Uint8Array | null>;
  /**
   * Appends an update to a document; rejects with `UnknownSessionError`, storing nothing, when the document's
   * session does not exist. The Yjs endpoint serves only documents of existing sessions, so that happens only
   * when an edit races the session's deletion, which must leave no documents behind.
   */
  appendDocumentUpdate(name: string, update: Uint8Array): Promise<void>;
  followDocument(name: string, follower: DocumentFollower): () => void;
  close(): Promise<void>;
}

export class JoinCodeTakenError extends Error {
  constructor(code: string) {
    super(`join code ${code} is taken`);
  }
}

export class UnknownSessionError extends Error {
  constructor(sessionId: string) {
    super(`no session ${sessionId}`);
  }
}

/** The session a Yjs document belongs to: the part of its name before the first '/'. */
export function sessionOfDocument(name: string): string {
  const slash = name.indexOf('/');
  return slash === -1 ? name : name.slice(0, slash);
}

export function summaryOf({ info }: SessionRecord, lastActiveAt: number | undefined): SessionSummary {
  return { id: info.id, code: info.code, title: info.title, createdAt: info.createdAt, lastActiveAt: lastActiveAt ?? info.createdAt };
}

/** A store's time for the next entry: the clock, but never before the previous entry. */
export function nextEntryTime(now: number, previousAt: number): number {
  return Math.max(now, previousAt);
}

/** A follower's stop function for stores only one process uses: there is nothing to follow. */
export const NOTHING_TO_FOLLOW = (): void => {};
