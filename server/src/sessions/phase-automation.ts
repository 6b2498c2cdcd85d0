import { endsAt, isRunning, type AgendaSnapshot, type SessionState } from '@pnyx/shared';
import type { SessionService } from './session-service.js';

/** Edits of the running phase arrive per keystroke; they reach phones at most this often. */
const AGENDA_SYNC_DELAY_MS = 150;

export interface PhaseAutomationOptions {
  sessions: SessionService;
  /** The session's agenda as its Yjs document says now. */
  readAgenda: (sessionId: string) => Promise<AgendaSnapshot>;
  onError: (error: unknown, sessionId: string) => void;
}

/**
 * What happens without a moderator pressing a button: the timer's wake-up when a phase with auto-advance
 * or auto-close runs out, and the running phase following edits of the agenda. The domain decides both
 * (`timer:expire`, `phase:sync`); this only schedules the commands.
 */
export class PhaseAutomation {
  private readonly wakeUps = new Map<string, NodeJS.Timeout>();
  private readonly syncs = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: PhaseAutomationOptions) {}

  /** Sets (or clears) the session's wake-up for the time its running timer runs out. */
  reschedule(sessionId: string, state: SessionState): void {
    clearTimeout(this.wakeUps.get(sessionId));
    this.wakeUps.delete(sessionId);
    const run = state.run;
    if (!run || run.expired || !isRunning(run.timer)) return;
    const automatic = run.phase.autoAdvance || (run.phase.kind === 'vote' && run.phase.autoCloseVote);
    if (!automatic) return;
    const delay = Math.max(0, (endsAt(run.timer) ?? 0) - this.options.sessions.now());
    const timer = setTimeout(() => void this.expire(sessionId), delay);
    timer.unref();
    this.wakeUps.set(sessionId, timer);
  }

  /** Drops the session's wake-ups (it was deleted). */
  forget(sessionId: string): void {
    clearTimeout(this.wakeUps.get(sessionId));
    clearTimeout(this.syncs.get(sessionId));
    this.wakeUps.delete(sessionId);
    this.syncs.delete(sessionId);
  }

  agendaChanged(sessionId: string): void {
    if (this.syncs.has(sessionId)) return;
    const timer = setTimeout(() => {
      this.syncs.delete(sessionId);
      void this.run(sessionId, async (state) => {
        if (!state.run) return;
        await this.options.sessions.execute(sessionId, { type: 'phase:sync', agenda: await this.options.readAgenda(sessionId) });
      });
    }, AGENDA_SYNC_DELAY_MS);
    timer.unref();
    this.syncs.set(sessionId, timer);
  }

  close(): void {
    for (const timer of [...this.wakeUps.values(), ...this.syncs.values()]) clearTimeout(timer);
    this.wakeUps.clear();
    this.syncs.clear();
  }

  private async expire(sessionId: string): Promise<void> {
    this.wakeUps.delete(sessionId);
    await this.run(sessionId, async () => {
      const agenda = await this.options.readAgenda(sessionId);
      await this.options.sessions.execute(sessionId, { type: 'timer:expire', agenda });
      // Woken a little early (timers are not exact), nothing happened: try again at the right time.
      const state = await this.options.sessions.state(sessionId);
      if (state) this.reschedule(sessionId, state);
    });
  }

  private async run(sessionId: string, step: (state: SessionState) => Promise<void>): Promise<void> {
    try {
      const state = await this.options.sessions.state(sessionId);
      if (state) await step(state);
    } catch (error) {
      this.options.onError(error, sessionId);
    }
  }
}
