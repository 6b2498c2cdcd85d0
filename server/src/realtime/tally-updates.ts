import { deriveResults, type Attendance, type SessionState, type TallyUpdate } from '@pnyx/shared';

export type Audience = 'moderator' | 'screen';

/** Every opened question's results, as a moderator (everything) or a projector (what the audience may see). */
export function tallyUpdate(state: SessionState, audience: Audience, seq: number, attendance: Attendance): TallyUpdate {
  return {
    seq,
    results: deriveResults(state, audience === 'moderator' ? 'moderator' : 'audience'),
    participants: state.participants.size,
    attendance,
  };
}
