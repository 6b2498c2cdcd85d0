import { sessionOfDocument } from './store.js';

/**
 * Where the Redis store keeps what. A session's keys carry its id as a hash tag (`{id}`), so they share one
 * cluster slot; the join codes and the session index are global. A log and a document's update list are
 * also the names of the channels that announce their new entries (channels and keys do not collide in Redis).
 */
export class RedisKeys {
  /** Session ids scored by their last activity: creation, last log entry or last document update, whichever is latest. */
  readonly sessions: string;

  constructor(private readonly prefix: string) {
    this.sessions = `${prefix}sessions`;
  }

  /** The session id holding a join code. */
  code(code: string): string {
    return `${this.codePrefix}${code}`;
  }

  get codePrefix(): string {
    return `${this.prefix}code:`;
  }

  /** The session's `SessionRecord` as JSON. */
  record(sessionId: string): string {
    return `${this.session(sessionId)}:record`;
  }

  /** The session's log: a list of `{"at":…,"command":…}`, entry `seq` at index `seq - 1`. */
  log(sessionId: string): string {
    return `${this.session(sessionId)}:log`;
  }

  /** The names of the session's documents, so deleting a session finds them without a SCAN. */
  documents(sessionId: string): string {
    return `${this.session(sessionId)}:docs`;
  }

  /** A document's updates since its base, a list. */
  documentUpdates(name: string): string {
    return `${this.documentUpdatesPrefix(sessionOfDocument(name))}${name}`;
  }

  documentUpdatesPrefix(sessionId: string): string {
    return `${this.session(sessionId)}:doc:`;
  }

  /** A document's compacted updates, a hash: `base` (one merged update) and `generation` (compactions so far). */
  documentBase(name: string): string {
    return `${this.documentBasePrefix(sessionOfDocument(name))}${name}`;
  }

  documentBasePrefix(sessionId: string): string {
    return `${this.session(sessionId)}:doc-base:`;
  }

  private session(sessionId: string): string {
    return `${this.prefix}{${sessionId}}`;
  }
}
