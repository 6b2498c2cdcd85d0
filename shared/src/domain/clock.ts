/**
 * Clock offset estimation, NTP-style: the client notes when it sent a ping and when the answer came back;
 * the server's time is assumed to have been read half-way. Of several samples the one with the lowest
 * round trip wins, since it had the least room for asymmetric delay.
 */
export interface ClockSample {
  /** Client clock when the ping left. */
  sentAt: number;
  /** Client clock when the answer arrived. */
  receivedAt: number;
  /** Server clock in the answer. */
  serverTime: number;
}

export interface ClockEstimate {
  /** Add to the client clock to get server time. */
  offsetMs: number;
  roundTripMs: number;
}

export function estimateClockOffset(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockEstimate | null = null;
  for (const { sentAt, receivedAt, serverTime } of samples) {
    const roundTripMs = receivedAt - sentAt;
    if (roundTripMs < 0) continue;
    if (best === null || roundTripMs < best.roundTripMs) {
      best = { offsetMs: serverTime - (sentAt + roundTripMs / 2), roundTripMs };
    }
  }
  return best;
}

/** Time left on a timer as a client shows it: from the server's `endsAt` and the client's estimated offset. */
export function remainingOnClient(
  timer: { endsAt: number | null; remainingMs: number },
  clientNow: number,
  offsetMs: number,
): number {
  return timer.endsAt === null ? timer.remainingMs : timer.endsAt - (clientNow + offsetMs);
}
