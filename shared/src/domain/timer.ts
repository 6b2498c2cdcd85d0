/**
 * A phase timer as data: the planned duration, when it last started running (server time) and how much
 * had elapsed before that. Paused: `startedAt` is null and the remainder is `durationMs - elapsedMs`.
 * Nothing here reads a clock; every function takes `now`.
 */
export interface TimerState {
  durationMs: number;
  startedAt: number | null;
  elapsedMs: number;
}

/** What clients get: they count down locally from `endsAt` (server time) with their estimated clock offset. */
export interface TimerView {
  durationMs: number;
  /** Server time at which it runs out, while running; null while stopped or paused. */
  endsAt: number | null;
  /** Remaining at `now` (negative once time is up); the value to show while paused. */
  remainingMs: number;
  running: boolean;
}

export function newTimer(durationMs: number): TimerState {
  return { durationMs, startedAt: null, elapsedMs: 0 };
}

export function isRunning(timer: TimerState): boolean {
  return timer.startedAt !== null;
}

export function elapsedMs(timer: TimerState, now: number): number {
  return timer.elapsedMs + (timer.startedAt === null ? 0 : Math.max(0, now - timer.startedAt));
}

export function remainingMs(timer: TimerState, now: number): number {
  return timer.durationMs - elapsedMs(timer, now);
}

export function endsAt(timer: TimerState): number | null {
  return timer.startedAt === null ? null : timer.startedAt + timer.durationMs - timer.elapsedMs;
}

export function runTimer(timer: TimerState, now: number): TimerState {
  return timer.startedAt === null ? { ...timer, startedAt: now } : timer;
}

export function pauseTimer(timer: TimerState, now: number): TimerState {
  return timer.startedAt === null ? timer : { ...timer, startedAt: null, elapsedMs: elapsedMs(timer, now) };
}

/**
 * Adds (or with a negative delta removes) time. Removing never takes the duration below what has elapsed:
 * taking a minute off the last 30 seconds makes the time run out now, not in the past.
 */
export function adjustTimer(timer: TimerState, deltaMs: number, now: number): TimerState {
  const floor = Math.min(timer.durationMs, elapsedMs(timer, now));
  return { ...timer, durationMs: Math.max(floor, 0, timer.durationMs + deltaMs) };
}

export function timerView(timer: TimerState, now: number): TimerView {
  return {
    durationMs: timer.durationMs,
    endsAt: endsAt(timer),
    remainingMs: remainingMs(timer, now),
    running: isRunning(timer),
  };
}
