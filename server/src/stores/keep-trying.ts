const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

export interface KeepTryingOptions {
  /** Asked before every attempt: false ends the tries (the session or document was let go). */
  wanted: () => boolean;
  onError: (error: unknown) => void;
}

/**
 * Runs `attempt` until it succeeds, waiting longer after each failure (a quarter second, doubling up to ten):
 * a read or write the store refused during an outage is done once the store is back, not forgotten.
 */
export function keepTrying(attempt: () => Promise<unknown>, options: KeepTryingOptions): void {
  let delayMs = FIRST_DELAY_MS;
  const run = () => {
    if (!options.wanted()) return;
    attempt().catch((error: unknown) => {
      options.onError(error);
      setTimeout(run, delayMs).unref();
      delayMs = Math.min(2 * delayMs, MAX_DELAY_MS);
    });
  };
  run();
}
