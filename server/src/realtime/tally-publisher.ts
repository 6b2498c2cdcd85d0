import { TALLY_PUBLISH_INTERVAL_MS } from '@pnyx/shared';

export interface TallyPublisherOptions {
  /** Sends the session's tallies with this sequence number. */
  publish: (sessionId: string, seq: number) => void;
  intervalMs?: number;
}

/**
 * Coalesces tally updates: the first change after a quiet spell is published at once, later ones at most
 * once per interval, so a burst of 2,000 ballots costs about ten broadcasts a second, never one per ballot.
 */
export class TallyPublisher {
  private readonly seqs = new Map<string, number>();
  private readonly lastPublishedAt = new Map<string, number>();
  private readonly scheduled = new Map<string, NodeJS.Timeout>();
  private readonly intervalMs: number;

  constructor(private readonly options: TallyPublisherOptions) {
    this.intervalMs = options.intervalMs ?? TALLY_PUBLISH_INTERVAL_MS;
  }

  /** The sequence number of the last published update (join snapshots carry it). */
  seq(sessionId: string): number {
    return this.seqs.get(sessionId) ?? 0;
  }

  markChanged(sessionId: string): void {
    if (this.scheduled.has(sessionId)) return;
    const since = Date.now() - (this.lastPublishedAt.get(sessionId) ?? 0);
    const timer = setTimeout(() => this.publish(sessionId), Math.max(0, this.intervalMs - since));
    this.scheduled.set(sessionId, timer);
  }

  close(): void {
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
  }

  private publish(sessionId: string): void {
    this.scheduled.delete(sessionId);
    this.lastPublishedAt.set(sessionId, Date.now());
    const seq = this.seq(sessionId) + 1;
    this.seqs.set(sessionId, seq);
    this.options.publish(sessionId, seq);
  }
}
