import { applyTallyUpdate, type TallyUpdate } from '@pnyx/shared';
import type { TestSocket } from '../utils/clients.js';

interface Shown {
  /** performance.now() when the update arrived. */
  at: number;
  voters: number;
}

/**
 * What the projector shows of one question, merged from its tally updates as the web client merges them,
 * with the moment each new count arrived: the bench asks afterwards when the full count first showed.
 */
export class ScreenCount {
  private held: TallyUpdate;
  private readonly shown: Shown[] = [];
  private waiting: { voters: number; reached: (at: number) => void } | null = null;

  constructor(socket: TestSocket, snapshot: TallyUpdate, private readonly questionId: string) {
    this.held = snapshot;
    socket.on('tally:update', (update) => {
      const at = performance.now();
      this.held = applyTallyUpdate(this.held, update);
      const voters = this.voters();
      if (voters === this.shown.at(-1)?.voters) return;
      this.shown.push({ at, voters });
      if (this.waiting && voters >= this.waiting.voters) this.waiting.reached(at);
    });
  }

  private voters(): number {
    return this.held.results.find((results) => results.questionId === this.questionId)?.room.voters ?? 0;
  }

  /** When the projector first showed at least `voters` (performance.now()), or null if it did not within `timeoutMs`. */
  firstShowing(voters: number, timeoutMs: number): Promise<number | null> {
    const earlier = this.shown.find((shown) => shown.voters >= voters);
    if (earlier) return Promise.resolve(earlier.at);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, timeoutMs);
      this.waiting = {
        voters,
        reached: (at) => {
          clearTimeout(timer);
          this.waiting = null;
          resolve(at);
        },
      };
    });
  }
}
