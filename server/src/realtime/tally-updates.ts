import type { Attendance, SessionState, TallyUpdate } from '@pnyx/shared';
import type { ResultsPick } from './results-cache.js';

export type Audience = 'moderator' | 'screen';

/** A tally update for each audience: moderators see everything, projectors what the audience may see. */
export function tallyUpdates(state: SessionState, picked: ResultsPick, seq: number, attendance: Attendance, complete: boolean): Record<Audience, TallyUpdate> {
  const participants = state.participants.size;
  return {
    moderator: { seq, results: picked.moderator, complete, participants, attendance },
    screen: { seq, results: picked.audience, complete, participants, attendance },
  };
}
