import type { Channel, Participant, SessionState } from './session.js';

/** A participant as their own phone sees them. */
export interface Me {
  participantId: string;
  channel: Channel;
  name: string;
  tableId: string | null;
  facilitator: boolean;
  /** The language the server has for them (their phone said it), or null. */
  language: string | null;
}

export interface RosterMember {
  participantId: string;
  name: string;
  channel: Channel;
  facilitator: boolean;
  /** The language they read best, as their phone said, or null. */
  language: string | null;
}

/** Who sits where, for moderators: tables with their facilitator codes, and those not seated yet. */
export interface Roster {
  tables: { id: string; name: string; facilitatorCode: string; members: RosterMember[] }[];
  unseated: RosterMember[];
}

export function meOf(participant: Participant): Me {
  const { id, channel, name, tableId, facilitator, language } = participant;
  return { participantId: id, channel, name, tableId, facilitator, language };
}

export function deriveRoster(state: SessionState): Roster {
  const members = new Map<string | null, RosterMember[]>();
  for (const participant of state.participants.values()) {
    const { id, name, channel, facilitator, tableId, language } = participant;
    const list = members.get(tableId) ?? [];
    list.push({ participantId: id, name, channel, facilitator, language });
    members.set(tableId, list);
  }
  return {
    tables: [...state.tables.values()].map(({ id, name, facilitatorCode }) => ({ id, name, facilitatorCode, members: members.get(id) ?? [] })),
    unseated: members.get(null) ?? [],
  };
}

/** How many people read each language, most read first (ties by tag); people whose phone did not say are left out. */
export function readersByLanguage(people: Iterable<{ language: string | null }>): { language: string; readers: number }[] {
  const readers = new Map<string, number>();
  for (const { language } of people) if (language !== null) readers.set(language, (readers.get(language) ?? 0) + 1);
  return [...readers].map(([language, count]) => ({ language, readers: count })).sort((a, b) => b.readers - a.readers || (a.language < b.language ? -1 : 1));
}

/** Everyone in the roster, seated or not. */
export function rosterMembers(roster: Roster): RosterMember[] {
  return [...roster.tables.flatMap((table) => table.members), ...roster.unseated];
}
