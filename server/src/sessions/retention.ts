import type { SessionSummary } from '../stores/store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often old sessions are looked for after the first sweep at start. */
export const RETENTION_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionOptions {
  /** Every stored session with the time it was last active: a command or a document edit (`Store.listSessions`). */
  listSessions: () => Promise<SessionSummary[]>;
  /** Deletes a session and lets its connections go (`SessionService.delete`); deleting one already gone does nothing. */
  deleteSession: (sessionId: string) => Promise<void>;
  /** Sessions inactive for longer than this many days are deleted; 0 keeps every session forever. */
  retentionDays: number;
  clock?: () => number;
  intervalMs?: number;
  /** Told of each session deleted (for the log). */
  onDeleted?: (session: SessionSummary) => void;
  /** A sweep that failed; the next one tries again. */
  onError: (error: unknown) => void;
}

/**
 * Deletes sessions nobody has used for `retentionDays` days: once at start, then every `intervalMs`. Every
 * server instance may run it: two deleting the same session at once both succeed, as deletion is idempotent.
 */
export class Retention {
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: RetentionOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Sweeps now and then on every interval; with `retentionDays` 0 it does nothing. */
  start(): void {
    if (this.options.retentionDays === 0 || this.timer || this.stopped) return;
    const sweepInBackground = () => void this.sweep().catch(this.options.onError);
    this.timer = setInterval(sweepInBackground, this.options.intervalMs ?? RETENTION_SWEEP_INTERVAL_MS);
    // Deleting old sessions never keeps the process alive.
    this.timer.unref();
    sweepInBackground();
  }

  /** Deletes every session inactive for longer than the retention period; one sweep at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= this.deleteOld().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /** No further sweeps; resolves once one under way has finished (the store may close after). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping?.catch(() => {});
  }

  private async deleteOld(): Promise<void> {
    if (this.options.retentionDays === 0) return;
    const cutoff = this.clock() - this.options.retentionDays * DAY_MS;
    const old = (await this.options.listSessions()).filter((session) => session.lastActiveAt < cutoff);
    for (const session of old) {
      if (this.stopped) return;
      await this.options.deleteSession(session.id);
      this.options.onDeleted?.(session);
    }
  }
}
