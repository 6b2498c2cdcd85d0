import { estimateClockOffset, type ClockEstimate, type ClockSample } from '@pnyx/shared';
import type { SessionConnection } from './session-connection.svelte';

/** Pings per estimate: of these, the one with the lowest round trip wins. */
const PINGS = 5;
/** A short pause between pings, so they do not queue behind each other on a slow link. */
const PING_GAP_MS = 100;
/** Clocks drift and phones sleep: estimate again every few minutes. */
const RESYNC_INTERVAL_MS = 3 * 60_000;
/** No ping came back: try again soon rather than at the next resync. */
const RETRY_DELAY_MS = 10_000;
/** Back from the background after this long: the device may have slept or corrected its clock. */
const STALE_AFTER_MS = 30_000;

/**
 * This page's estimate of the server's clock, so every screen counts a timer down from the server's
 * `endsAt` and shows the same second, whatever the device's own clock says.
 *
 * After every (re)join it sends a few `clock:ping`s and keeps the offset of the one with the lowest round
 * trip (NTP-style, `estimateClockOffset` in shared/); it estimates again every few minutes. Until the first
 * estimate, the view's `serverTime` gives a rough one, off by a one-way network delay at most. Nothing is
 * broadcast per second: countdowns tick on their own (see countdown.svelte).
 */
export class ServerClock {
  #estimate = $state.raw<ClockEstimate | null>(null);
  readonly #connection: SessionConnection;
  /** Grows with every estimate started, so a slow older round does not overwrite a newer one. */
  #round = 0;
  #lastSyncAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(connection: SessionConnection) {
    this.#connection = connection;
  }

  /** Add to `Date.now()` to get the server's time. */
  get offsetMs(): number {
    if (this.#estimate) return this.#estimate.offsetMs;
    const view = this.#connection.view;
    return view ? view.serverTime - this.#connection.viewReceivedAt : 0;
  }

  /** The round trip of the ping the estimate came from; null while only the rough guess is known. */
  get roundTripMs(): number | null {
    return this.#estimate?.roundTripMs ?? null;
  }

  /** Estimates after every join and then every few minutes; the returned function stops. */
  start(): () => void {
    const stopListening = this.#connection.onJoined(() => void this.#sync());
    const onVisible = () => {
      if (document.visibilityState === 'visible' && Date.now() - this.#lastSyncAt > STALE_AFTER_MS) void this.#sync();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopListening();
      document.removeEventListener('visibilitychange', onVisible);
      clearTimeout(this.#timer);
      this.#round++;
    };
  }

  async #sync(): Promise<void> {
    const round = ++this.#round;
    clearTimeout(this.#timer);
    this.#lastSyncAt = Date.now();
    const samples: ClockSample[] = [];
    for (let ping = 0; ping < PINGS; ping++) {
      if (ping > 0) await new Promise((resolve) => setTimeout(resolve, PING_GAP_MS));
      if (round !== this.#round) return;
      const sentAt = Date.now();
      const result = await this.#connection.pingClock();
      const receivedAt = Date.now();
      if (round !== this.#round) return;
      if (result.ok) samples.push({ sentAt, receivedAt, serverTime: result.serverTime });
      else if (this.#connection.status !== 'online') return; // the next join estimates again
    }
    const estimate = estimateClockOffset(samples);
    if (estimate) this.#estimate = estimate;
    this.#timer = setTimeout(() => void this.#sync(), estimate ? RESYNC_INTERVAL_MS : RETRY_DELAY_MS);
  }
}
