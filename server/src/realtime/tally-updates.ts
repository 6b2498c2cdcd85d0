import { deriveResults, deriveResultsForAll, type Attendance, type SessionState, type TallyUpdate } from '@pnyx/shared';

export type Audience = 'moderator' | 'screen';

/** Every opened question's results, as a moderator (everything) or a projector (what the audience may see). */
export function tallyUpdate(state: SessionState, audience: Audience, seq: number, attendance: Attendance): TallyUpdate {
  return { seq, results: deriveResults(state, audience === 'moderator' ? 'moderator' : 'audience'), participants: state.participants.size, attendance };
}

/** One tick's updates for both audiences, computed once. */
export function tallyUpdates(state: SessionState, seq: number, attendance: Attendance): Record<Audience, TallyUpdate> {
  const results = deriveResultsForAll(state);
  const participants = state.participants.size;
  return {
    moderator: { seq, results: results.moderator, participants, attendance },
    screen: { seq, results: results.audience, participants, attendance },
  };
}
