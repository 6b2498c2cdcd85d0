import { deriveAudienceTallies, deriveTallies, type Attendance, type SessionState, type TallyUpdate } from '@pnyx/shared';

export type Audience = 'moderator' | 'screen';

/** Tallies as a moderator (everything) or a projector (counts of hidden questions withheld) may see them. */
export function tallyUpdate(state: SessionState, audience: Audience, seq: number, attendance: Attendance): TallyUpdate {
  return {
    seq,
    tallies: audience === 'moderator' ? deriveTallies(state) : deriveAudienceTallies(state),
    participants: state.participants.size,
    attendance,
  };
}
