import { createSessionState, decide, evolve, fail, type Decision, type Result, type SessionEvent, type SessionState } from '@pnyx/shared';
import { keepTrying } from '../stores/keep-trying.js';
import type { LoggedCommand, SessionRecord } from '../stores/store.js';

export interface SessionReplicaOptions {
  /** The log entries after `afterSeq`, from the store. */
  readLog: (afterSeq: number) => Promise<LoggedCommand[]>;
  /** Told the events of every entry applied after `announce()`. */
  applied: (events: readonly SessionEvent[]) => void;
  /** Told when reading the log failed (it is tried again until it works or the replica is closed). */
  onReadError: (error: unknown) => void;
}

/**
 * A session's state as this process holds it: the session's log decided and applied in order, entry by
 * entry, up to `seq`. Entries arrive from this process's appends and from the store's follower, in any
 * order and possibly twice; one that comes early waits for those before it, which are read from the log.
 */
export class SessionReplica {
  readonly state: SessionState;
  private seq = 0;
  private announcing = false;
  private closed = false;
  private readonly early = new Map<number, LoggedCommand>();
  /** This process's appends under way, each with the replica's seq when it was sent: its entry comes after. */
  private readonly appending = new Map<object, number>();
  /** Outcomes of the entries applied while appends are under way: the follower may apply one before its append returns. */
  private readonly outcomes = new Map<number, Result<Decision>>();
  private catchingUp: Promise<void> | null = null;

  constructor(
    record: SessionRecord,
    private readonly options: SessionReplicaOptions,
  ) {
    this.state = createSessionState(record.info, record.moderatorTokenHash);
  }

  /** From now on, applied events are told (the log replayed while loading is not news). */
  announce(): void {
    this.announcing = true;
  }

  /** Let go: no more reads are tried. */
  close(): void {
    this.closed = true;
  }

  receive(entry: LoggedCommand): void {
    if (entry.seq <= this.seq) return;
    if (entry.seq > this.seq + 1) {
      this.early.set(entry.seq, entry);
      this.repair();
      return;
    }
    this.apply(entry);
    for (let next = this.early.get(this.seq + 1); next; next = this.early.get(this.seq + 1)) {
      this.early.delete(next.seq);
      this.apply(next);
    }
  }

  /** Catches up with the log, trying again after failures: entries may have been missed. */
  repair(): void {
    keepTrying(() => this.catchUp(), { wanted: () => !this.closed, onError: this.options.onReadError });
  }

  /** Reads and applies what the log holds beyond this replica. */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.options
      .readLog(this.seq)
      .then((entries) => {
        for (const entry of entries) this.receive(entry);
      })
      .finally(() => {
        this.catchingUp = null;
        for (const seq of this.early.keys()) if (seq <= this.seq) this.early.delete(seq);
      });
    return this.catchingUp;
  }

  /**
   * Appends a command with `append` and resolves with its outcome once its entry is applied in log order. A
   * rejected append rejects, and so does applying the entry if the domain throws (a bug).
   */
  async submit(append: () => Promise<LoggedCommand>): Promise<Result<Decision>> {
    const handle = {};
    this.appending.set(handle, this.seq);
    try {
      const entry = await append();
      this.receive(entry);
      try {
        // A read already under way may have started before the entry was durable: then read once more.
        for (let reads = 0; this.seq < entry.seq && reads < 2; reads++) await this.catchUp();
      } catch {
        // Logged but not applied here (the store went away meanwhile): the client retries, and a retried
        // ballot counts once; the replica catches up once the store is back.
        this.repair();
      }
      return this.outcomes.get(entry.seq) ?? fail('store_unavailable');
    } finally {
      this.appending.delete(handle);
      if (this.appending.size === 0) this.outcomes.clear();
    }
  }

  private apply(entry: LoggedCommand): void {
    const decision = decide(this.state, entry.command, entry.at);
    if (decision.ok) for (const event of decision.events) evolve(this.state, event);
    this.seq = entry.seq;
    if (this.appending.size > 0) this.keepOutcome(entry.seq, decision);
    if (decision.ok && decision.events.length > 0 && this.announcing) this.options.applied(decision.events);
  }

  private keepOutcome(seq: number, outcome: Result<Decision>): void {
    this.outcomes.set(seq, outcome);
    // Under a steady stream of appends the map never empties: forget what no append under way can own.
    if (this.outcomes.size <= 4 * this.appending.size + 64) return;
    const oldestPossible = Math.min(...this.appending.values());
    for (const kept of this.outcomes.keys()) if (kept <= oldestPossible) this.outcomes.delete(kept);
  }
}
