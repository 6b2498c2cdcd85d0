import { describe, expect, it } from 'vitest';
import {
  adjustTimer,
  elapsedMs,
  endsAt,
  isRunning,
  newTimer,
  pauseTimer,
  remainingMs,
  runTimer,
  timerView,
  type TimerState,
  type TimerView,
} from '@pnyx/shared';

/**
 * The timer as data, driven by a fake clock: every `now` is a plain number, nothing sleeps. Each scenario
 * applies its steps in order, then reads the timer at several later instants.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = 1_000_000;

type Step = ['run' | 'pause', number] | ['adjust', number, number];

interface Scenario {
  name: string;
  durationMs: number;
  steps: Step[];
  /** [now, the view at that instant]. */
  reads: [number, TimerView][];
}

function apply(timer: TimerState, step: Step): TimerState {
  switch (step[0]) {
    case 'run':
      return runTimer(timer, step[1]);
    case 'pause':
      return pauseTimer(timer, step[1]);
    case 'adjust':
      return adjustTimer(timer, step[1], step[2]);
  }
}

const running = (durationMs: number, ends: number, remaining: number): TimerView => ({
  durationMs,
  endsAt: ends,
  remainingMs: remaining,
  running: true,
});
const stopped = (durationMs: number, remaining: number): TimerView => ({ durationMs, endsAt: null, remainingMs: remaining, running: false });

const scenarios: Scenario[] = [
  {
    name: 'a new timer is stopped at its full duration, whatever the time',
    durationMs: 5 * MINUTE,
    steps: [],
    reads: [
      [0, stopped(5 * MINUTE, 5 * MINUTE)],
      [T0, stopped(5 * MINUTE, 5 * MINUTE)],
      [T0 + 10 * MINUTE, stopped(5 * MINUTE, 5 * MINUTE)],
    ],
  },
  {
    name: 'a running timer counts down from its start and ends at start + duration',
    durationMs: 5 * MINUTE,
    steps: [['run', T0]],
    reads: [
      [T0, running(5 * MINUTE, T0 + 5 * MINUTE, 5 * MINUTE)],
      [T0 + 1, running(5 * MINUTE, T0 + 5 * MINUTE, 5 * MINUTE - 1)],
      [T0 + 2 * MINUTE, running(5 * MINUTE, T0 + 5 * MINUTE, 3 * MINUTE)],
      [T0 + 5 * MINUTE, running(5 * MINUTE, T0 + 5 * MINUTE, 0)],
    ],
  },
  {
    name: 'time up: remaining goes negative while it keeps running',
    durationMs: MINUTE,
    steps: [['run', T0]],
    reads: [[T0 + MINUTE + 15 * SECOND, running(MINUTE, T0 + MINUTE, -15 * SECOND)]],
  },
  {
    name: 'read before its start (a clock read late), the elapsed time is never negative',
    durationMs: 5 * MINUTE,
    steps: [['run', T0]],
    reads: [
      [T0 - 1, running(5 * MINUTE, T0 + 5 * MINUTE, 5 * MINUTE)],
      [T0 - MINUTE, running(5 * MINUTE, T0 + 5 * MINUTE, 5 * MINUTE)],
    ],
  },
  {
    name: 'starting a running timer again keeps its first start',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['run', T0 + MINUTE],
    ],
    reads: [[T0 + 2 * MINUTE, running(5 * MINUTE, T0 + 5 * MINUTE, 3 * MINUTE)]],
  },
  {
    name: 'paused: the remainder stays as it was at the pause',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['pause', T0 + 2 * MINUTE],
    ],
    reads: [
      [T0 + 2 * MINUTE, stopped(5 * MINUTE, 3 * MINUTE)],
      [T0 + 3 * MINUTE, stopped(5 * MINUTE, 3 * MINUTE)],
      [T0 + 60 * MINUTE, stopped(5 * MINUTE, 3 * MINUTE)],
    ],
  },
  {
    name: 'pausing a paused timer again changes nothing',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['pause', T0 + 2 * MINUTE],
      ['pause', T0 + 4 * MINUTE],
    ],
    reads: [[T0 + 5 * MINUTE, stopped(5 * MINUTE, 3 * MINUTE)]],
  },
  {
    name: 'pausing a timer that never ran keeps the full duration',
    durationMs: 5 * MINUTE,
    steps: [['pause', T0]],
    reads: [[T0 + MINUTE, stopped(5 * MINUTE, 5 * MINUTE)]],
  },
  {
    name: 'resumed: it ends the paused time later than planned',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['pause', T0 + 2 * MINUTE],
      ['run', T0 + 7 * MINUTE],
    ],
    reads: [
      [T0 + 7 * MINUTE, running(5 * MINUTE, T0 + 10 * MINUTE, 3 * MINUTE)],
      [T0 + 9 * MINUTE, running(5 * MINUTE, T0 + 10 * MINUTE, MINUTE)],
    ],
  },
  {
    name: 'two pauses: both pauses are left out',
    durationMs: 10 * MINUTE,
    steps: [
      ['run', T0],
      ['pause', T0 + MINUTE],
      ['run', T0 + 3 * MINUTE],
      ['pause', T0 + 5 * MINUTE],
      ['run', T0 + 20 * MINUTE],
    ],
    reads: [[T0 + 21 * MINUTE, running(10 * MINUTE, T0 + 27 * MINUTE, 6 * MINUTE)]],
  },
  {
    name: 'a minute added while paused: one more minute left, still paused',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['pause', T0 + 2 * MINUTE],
      ['adjust', MINUTE, T0 + 3 * MINUTE],
    ],
    reads: [[T0 + 4 * MINUTE, stopped(6 * MINUTE, 4 * MINUTE)]],
  },
  {
    name: 'a minute added while paused, then resumed',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['pause', T0 + 2 * MINUTE],
      ['adjust', MINUTE, T0 + 3 * MINUTE],
      ['run', T0 + 4 * MINUTE],
    ],
    reads: [[T0 + 4 * MINUTE, running(6 * MINUTE, T0 + 8 * MINUTE, 4 * MINUTE)]],
  },
  {
    name: 'a minute added while running: it ends a minute later',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['adjust', MINUTE, T0 + 2 * MINUTE],
    ],
    reads: [
      [T0 + 2 * MINUTE, running(6 * MINUTE, T0 + 6 * MINUTE, 4 * MINUTE)],
      [T0 + 6 * MINUTE, running(6 * MINUTE, T0 + 6 * MINUTE, 0)],
    ],
  },
  {
    name: 'a minute added after time was up: a minute less the overrun is left',
    durationMs: MINUTE,
    steps: [
      ['run', T0],
      ['adjust', MINUTE, T0 + MINUTE + 20 * SECOND],
    ],
    reads: [[T0 + MINUTE + 20 * SECOND, running(2 * MINUTE, T0 + 2 * MINUTE, 40 * SECOND)]],
  },
  {
    name: 'a minute removed with plenty left: it ends a minute earlier',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['adjust', -MINUTE, T0 + MINUTE],
    ],
    reads: [[T0 + MINUTE, running(4 * MINUTE, T0 + 4 * MINUTE, 3 * MINUTE)]],
  },
  {
    name: 'a minute removed with 30 s left while running: time is up exactly now, not in the past',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['adjust', -MINUTE, T0 + 4 * MINUTE + 30 * SECOND],
    ],
    reads: [
      [T0 + 4 * MINUTE + 30 * SECOND, running(4 * MINUTE + 30 * SECOND, T0 + 4 * MINUTE + 30 * SECOND, 0)],
      [T0 + 5 * MINUTE, running(4 * MINUTE + 30 * SECOND, T0 + 4 * MINUTE + 30 * SECOND, -30 * SECOND)],
    ],
  },
  {
    name: 'a minute removed with 30 s left while paused: time is up, at 0',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['pause', T0 + 4 * MINUTE + 30 * SECOND],
      ['adjust', -MINUTE, T0 + 6 * MINUTE],
    ],
    reads: [[T0 + 7 * MINUTE, stopped(4 * MINUTE + 30 * SECOND, 0)]],
  },
  {
    name: 'a minute removed after time was up: the overrun is not extended further into the past',
    durationMs: MINUTE,
    steps: [
      ['run', T0],
      ['adjust', -MINUTE, T0 + MINUTE + 20 * SECOND],
    ],
    reads: [[T0 + MINUTE + 20 * SECOND, running(MINUTE, T0 + MINUTE, -20 * SECOND)]],
  },
  {
    name: 'ten minutes removed from a timer that never ran: the duration stops at 0, never negative',
    durationMs: 5 * MINUTE,
    steps: [['adjust', -10 * MINUTE, T0]],
    reads: [[T0 + MINUTE, stopped(0, 0)]],
  },
  {
    name: 'ten minutes removed from a fresh running timer: time up now, duration 0',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['adjust', -10 * MINUTE, T0],
    ],
    reads: [[T0, running(0, T0, 0)]],
  },
  {
    name: 'a minute removed then added back while running',
    durationMs: 5 * MINUTE,
    steps: [
      ['run', T0],
      ['adjust', -MINUTE, T0 + MINUTE],
      ['adjust', MINUTE, T0 + 2 * MINUTE],
    ],
    reads: [[T0 + 2 * MINUTE, running(5 * MINUTE, T0 + 5 * MINUTE, 3 * MINUTE)]],
  },
];

describe('timer scenarios on a fake clock', () => {
  it.each(scenarios)('$name', ({ durationMs, steps, reads }) => {
    const timer = steps.reduce(apply, newTimer(durationMs));

    for (const [now, view] of reads) {
      const where = `read at T0${now - T0 >= 0 ? '+' : ''}${now - T0} ms`;
      expect(timerView(timer, now), where).toEqual(view);
      // The parts agree with the view.
      expect(remainingMs(timer, now), where).toBe(view.remainingMs);
      expect(endsAt(timer), where).toBe(view.endsAt);
      expect(isRunning(timer), where).toBe(view.running);
      expect(elapsedMs(timer, now), where).toBe(view.durationMs - view.remainingMs);
      expect(elapsedMs(timer, now), `${where}: elapsed is never negative`).toBeGreaterThanOrEqual(0);
      expect(timer.durationMs, `${where}: duration is never negative`).toBeGreaterThanOrEqual(0);
      // A running timer ends when its remaining time reaches zero.
      if (view.endsAt !== null && now >= timer.startedAt!) expect(view.endsAt - now, where).toBe(view.remainingMs);
    }
  });
});

describe('timer functions return new values', () => {
  it('run, pause and adjust never change the timer they are given', () => {
    const fresh = newTimer(5 * MINUTE);
    const frozen = structuredClone(fresh);
    const started = runTimer(fresh, T0);
    const paused = pauseTimer(started, T0 + MINUTE);
    adjustTimer(paused, MINUTE, T0 + 2 * MINUTE);
    adjustTimer(started, -MINUTE, T0 + 2 * MINUTE);

    expect(fresh).toEqual(frozen);
    expect(started).toEqual({ durationMs: 5 * MINUTE, startedAt: T0, elapsedMs: 0 });
    expect(paused).toEqual({ durationMs: 5 * MINUTE, startedAt: null, elapsedMs: MINUTE });
  });

  it('adding zero changes nothing', () => {
    const started = runTimer(newTimer(5 * MINUTE), T0);
    expect(adjustTimer(started, 0, T0 + MINUTE)).toEqual(started);
  });
});
