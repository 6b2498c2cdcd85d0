import { describe, expect, it } from 'vitest';
import {
  estimateClockOffset,
  newTimer,
  remainingMs,
  remainingOnClient,
  runTimer,
  pauseTimer,
  timerView,
  type ClockSample,
} from '@pnyx/shared';

/**
 * Clock offset estimation on fake clocks. "True" time is the server's clock; a phone's clock reads true time
 * plus its shift. A ping leaves the phone at true time `t`, reaches the server after `up` ms and comes back
 * after `down` ms more.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = 1_700_000_000_000;

/** One ping as the phone records it. */
function ping(t: number, shiftMs: number, upMs: number, downMs: number): ClockSample {
  return { sentAt: t + shiftMs, serverTime: t + upMs, receivedAt: t + upMs + downMs + shiftMs };
}

describe('estimateClockOffset', () => {
  it('is null without samples', () => {
    expect(estimateClockOffset([])).toBeNull();
  });

  it.each<[string, ClockSample[], { offsetMs: number; roundTripMs: number } | null]>([
    ['one sample: the server read its clock half-way', [{ sentAt: 1_000, receivedAt: 1_100, serverTime: 5_050 }], { offsetMs: 4_000, roundTripMs: 100 }],
    ['a zero round trip counts', [{ sentAt: 1_000, receivedAt: 1_000, serverTime: 900 }], { offsetMs: -100, roundTripMs: 0 }],
    [
      'the lowest round trip wins, wherever it is in the list',
      [
        { sentAt: 0, receivedAt: 400, serverTime: 10_000 },
        { sentAt: 1_000, receivedAt: 1_040, serverTime: 11_020 },
        { sentAt: 2_000, receivedAt: 2_200, serverTime: 12_300 },
      ],
      { offsetMs: 10_000, roundTripMs: 40 },
    ],
    [
      'the lowest round trip wins when it comes last',
      [
        { sentAt: 0, receivedAt: 900, serverTime: 50_000 },
        { sentAt: 1_000, receivedAt: 1_300, serverTime: 40_000 },
        { sentAt: 2_000, receivedAt: 2_010, serverTime: 32_005 },
      ],
      { offsetMs: 30_000, roundTripMs: 10 },
    ],
    [
      'a negative round trip (the phone clock jumped back) is ignored, however small',
      [
        { sentAt: 5_000, receivedAt: 4_000, serverTime: 0 },
        { sentAt: 1_000, receivedAt: 1_200, serverTime: 2_100 },
      ],
      { offsetMs: 1_000, roundTripMs: 200 },
    ],
    [
      'only negative round trips: no estimate',
      [
        { sentAt: 5_000, receivedAt: 4_999, serverTime: 0 },
        { sentAt: 9_000, receivedAt: 1_000, serverTime: 0 },
      ],
      null,
    ],
  ])('%s', (_, samples, expected) => {
    expect(estimateClockOffset(samples)).toEqual(expected);
  });

  it.each([
    ['a phone 7 minutes fast', 7 * MINUTE],
    ['a phone 3 minutes slow', -3 * MINUTE],
    ['a phone on time', 0],
    ['a phone a day and a bit off', 24 * 60 * MINUTE + 1_234],
  ])('finds the shift of %s from symmetric pings', (_, shiftMs) => {
    const samples = [ping(T0, shiftMs, 120, 120), ping(T0 + SECOND, shiftMs, 15, 15), ping(T0 + 2 * SECOND, shiftMs, 300, 300)];
    expect(estimateClockOffset(samples)).toEqual({ offsetMs: 0 - shiftMs, roundTripMs: 30 });
  });

  it('is off by at most half the round trip when the delays are lopsided', () => {
    const shiftMs = 2 * MINUTE;
    for (const [up, down] of [
      [0, 200],
      [200, 0],
      [150, 50],
    ] as const) {
      const estimate = estimateClockOffset([ping(T0, shiftMs, up, down)])!;
      expect(estimate.offsetMs).toBe(-shiftMs + (up - down) / 2);
      expect(Math.abs(estimate.offsetMs + shiftMs)).toBeLessThanOrEqual(estimate.roundTripMs / 2);
    }
  });
});

describe('remainingOnClient', () => {
  const DURATION = 5 * MINUTE;
  const started = runTimer(newTimer(DURATION), T0);

  it.each([
    ['7 minutes fast', 7 * MINUTE],
    ['3 minutes slow', -3 * MINUTE],
    ['on time', 0],
    ['42 minutes and 17 ms slow', -(42 * MINUTE + 17)],
  ])('a phone %s shows the server’s remaining time', (_, shiftMs) => {
    // The phone synced its clock before the phase started, then got the view as the timer started.
    const { offsetMs } = estimateClockOffset([ping(T0 - 10 * SECOND, shiftMs, 40, 40), ping(T0 - 9 * SECOND, shiftMs, 80, 80)])!;
    const view = timerView(started, T0);

    for (const elapsed of [0, 1, 999, 90 * SECOND, DURATION, DURATION + 12 * SECOND]) {
      const trueNow = T0 + elapsed;
      const phoneNow = trueNow + shiftMs;
      expect(remainingOnClient(view, phoneNow, offsetMs), `after ${elapsed} ms`).toBe(remainingMs(started, trueNow));
      expect(remainingOnClient(view, phoneNow, offsetMs), `after ${elapsed} ms`).toBe(DURATION - elapsed);
    }
  });

  it('a view received late (the phone joined minutes after the start) still counts from the server’s end time', () => {
    const shiftMs = -4 * MINUTE;
    const { offsetMs } = estimateClockOffset([ping(T0 + 2 * MINUTE, shiftMs, 25, 25)])!;
    const view = timerView(started, T0 + 2 * MINUTE);

    expect(remainingOnClient(view, T0 + 3 * MINUTE + shiftMs, offsetMs)).toBe(2 * MINUTE);
  });

  it('without an offset estimate, a phone whose clock is off shows the wrong time (the offset matters)', () => {
    const shiftMs = 7 * MINUTE;
    const view = timerView(started, T0);
    expect(remainingOnClient(view, T0 + MINUTE + shiftMs, 0)).toBe(4 * MINUTE - shiftMs);
  });

  it('a paused timer shows its frozen remainder whatever the phone’s clock and offset', () => {
    const paused = pauseTimer(started, T0 + 2 * MINUTE);
    const view = timerView(paused, T0 + 3 * MINUTE);

    expect(view.endsAt).toBeNull();
    for (const [clientNow, offsetMs] of [
      [T0, 0],
      [T0 + 10 * MINUTE, -5 * MINUTE],
      [0, 1e9],
    ] as const) {
      expect(remainingOnClient(view, clientNow, offsetMs)).toBe(3 * MINUTE);
    }
  });
});
