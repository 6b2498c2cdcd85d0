import type { Channel, Participant, SessionState } from './session.js';

/** A participant as their own phone sees them. */
export interface Me {
  participantId: string;
  channel: Channel;
  name: string;
  tableId: string | null;
  facilitator: boolean;
}

export interface RosterMember {
  participantId: string;
  name: string;
  channel: Channel;
  facilitator: boolean;
}

/** Who sits where, for moderators: tables with their facilitator codes, and those not seated yet. */
export interface Roster {
  tables: { id: string; name: string; facilitatorCode: string; members: RosterMember[] }[];
  unseated: RosterMember[];
}

export function meOf(participant: Participant): Me {
  const { id, channel, name, tableId, facilitator } = participant;
  return { participantId: id, channel, name, tableId, facilitator };
}

export function deriveRoster(state: SessionState): Roster {
  const members = new Map<string | null, RosterMember[]>();
  for (const participant of state.participants.values()) {
    const { id, name, channel, facilitator, tableId } = participant;
    const list = members.get(tableId) ?? [];
    list.push({ participantId: id, name, channel, facilitator });
    members.set(tableId, list);
  }
  return {
    tables: [...state.tables.values()].map(({ id, name, facilitatorCode }) => ({ id, name, facilitatorCode, members: members.get(id) ?? [] })),
    unseated: members.get(null) ?? [],
  };
}
