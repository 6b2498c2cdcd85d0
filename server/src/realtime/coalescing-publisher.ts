import { TALLY_PUBLISH_INTERVAL_MS } from '@pnyx/shared';

export interface CoalescingPublisherOptions {
  /** Sends what changed under `key` (a session, or a table's notes document), with this sequence number. */
  publish: (key: string, seq: number) => void;
  /** At most one publish per key per interval; tallies by default. */
  intervalMs?: number;
}

/**
 * Coalesces changes per key (tallies, rosters, contribution boards, table notes): the first change after a
 * quiet spell is published at once, later ones at most once per interval, so a burst of 2,000 ballots costs
 * about ten broadcasts a second, never one per ballot.
 */
export class CoalescingPublisher {
  private readonly seqs = new Map<string, number>();
  private readonly lastPublishedAt = new Map<string, number>();
  private readonly scheduled = new Map<string, NodeJS.Timeout>();
  private readonly intervalMs: number;

  constructor(private readonly options: CoalescingPublisherOptions) {
    this.intervalMs = options.intervalMs ?? TALLY_PUBLISH_INTERVAL_MS;
  }

  /** The sequence number of the last published update (join snapshots carry it). */
  seq(key: string): number {
    return this.seqs.get(key) ?? 0;
  }

  markChanged(key: string): void {
    if (this.scheduled.has(key)) return;
    const since = Date.now() - (this.lastPublishedAt.get(key) ?? 0);
    const timer = setTimeout(() => this.publish(key), Math.max(0, this.intervalMs - since));
    this.scheduled.set(key, timer);
  }

  close(): void {
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
  }

  private publish(key: string): void {
    this.scheduled.delete(key);
    this.lastPublishedAt.set(key, Date.now());
    const seq = this.seq(key) + 1;
    this.seqs.set(key, seq);
    this.options.publish(key, seq);
  }
}
