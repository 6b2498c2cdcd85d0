import { fail, type Result } from './errors.js';
import {
  changes,
  closeEvents,
  enterPhaseRecord,
  leavePhaseRecord,
  type Decision,
  type SessionCommand,
  type SessionEvent,
  type SessionState,
} from './session.js';
import { isRunning } from './timer.js';

/**
 * A session's end: moderators end it when the event is over, so nothing keeps running (votes close, the
 * timer stops) and nothing more is taken, while every screen keeps showing the results. They may reopen it.
 */
export type LifecycleCommand = { type: 'session:end' } | { type: 'session:reopen' };

export type LifecycleEvent = { type: 'session:ended'; at: number } | { type: 'session:reopened'; at: number };

/**
 * Commands an ended session still takes: what the projector shows, reopening, and who has access (a link
 * that leaked must be revocable after the event too).
 */
const TAKEN_WHILE_ENDED: ReadonlySet<SessionCommand['type']> = new Set([
  'screen:show',
  'languages:set',
  'session:reopen',
  'moderator-link:create',
  'moderator-link:revoke',
  'moderator-link:rotate',
  'join-pin:set',
  'report-share:set',
]);

/** Ending or reopening twice is a repeat (two moderators pressed at once): acknowledged, nothing changes. */
const repeat = (): Result<Decision> => ({ ok: true, events: [], duplicate: true });

export function decideLifecycle(state: SessionState, command: LifecycleCommand, now: number): Result<Decision> {
  const ended = state.endedAt !== null;
  switch (command.type) {
    case 'session:end': {
      if (ended) return repeat();
      const events: SessionEvent[] = closeEvents(state, [...state.questions.keys()], now);
      if (state.run && isRunning(state.run.timer)) events.push({ type: 'timer:paused', at: now });
      events.push({ type: 'session:ended', at: now });
      return changes(events);
    }
    case 'session:reopen':
      return ended ? changes([{ type: 'session:reopened', at: now }]) : repeat();
  }
}

/**
 * What an ended session makes of `decision`, the decision `command` would get in a running one: refused,
 * unless the command is still taken. A repeat of something done before the end (a ballot retried after a
 * lost ack, an upvote sent twice) is still acknowledged as a duplicate, since it was counted; the timer's
 * wake-up finds nothing to do (the end paused the timer).
 */
export function decisionWhileEnded(command: SessionCommand, decision: Result<Decision>): Result<Decision> {
  if (TAKEN_WHILE_ENDED.has(command.type)) return decision;
  if (command.type === 'timer:expire') return changes([]);
  if (decision.ok && decision.duplicate) return decision;
  return fail('session_ended');
}

export function evolveLifecycle(state: SessionState, event: LifecycleEvent): void {
  switch (event.type) {
    case 'session:ended':
      state.endedAt = event.at;
      leavePhaseRecord(state, event.at);
      return;
    case 'session:reopened':
      state.endedAt = null;
      // The phase runs again from now: the report shows the time the session stood ended as a gap.
      if (state.run) enterPhaseRecord(state, state.run.phase, event.at);
      return;
  }
}
