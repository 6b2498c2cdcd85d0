import { fail, type Result } from './errors.js';
import { defaultTableName, isLanguageTag } from './content-languages.js';
import { changes, type Channel, type Decision, type SessionState, type Table } from './session.js';

export const TABLE_LIMITS = {
  maxTables: 500,
  nameMaxLength: 60,
  participantNameMaxLength: 40,
  /** Participants a session ever takes: bots flooding a public code stop here, not at the server's memory. */
  maxParticipants: 20_000,
} as const;

/** Table ids are made by the domain: `t1`, `t2`, … (a table's QR link carries one). */
export const TABLE_ID_PATTERN = /^t[0-9]{1,6}$/;

/** Who sits where, and who facilitates: server-authoritative, because table-scope ballots depend on it. */
export type SeatingCommand =
  /** A table given at join (from the table's QR) that does not exist is ignored: the phone then asks. */
  | {
      type: 'participant:join';
      participantId: string;
      credential: string;
      channel: Channel;
      tableId?: string | null;
      name?: string;
      /** The language the person reads best, as their phone says; any tag, offered by the session or not. */
      language?: string;
    }
  /** The phone's reading language changed (its person chose another). */
  | { type: 'participant:language'; participantId: string; language: string }
  /** An attendee picks a table (or none), or a moderator moves them. */
  | { type: 'participant:seat'; participantId: string; tableId: string | null; name?: string }
  /** The server makes the facilitator codes; the domain numbers the tables. */
  | { type: 'tables:add'; tables: { name: string; facilitatorCode: string }[] }
  | { type: 'table:rename'; tableId: string; name: string }
  | { type: 'table:remove'; tableId: string }
  | { type: 'facilitator:claim'; participantId: string; facilitatorCode: string }
  /** A moderator assigns (or withdraws) the facilitator role of the participant's table. */
  | { type: 'facilitator:set'; participantId: string; facilitator: boolean };

export type SeatingEvent =
  | {
      type: 'participant:joined';
      participantId: string;
      credential: string;
      channel: Channel;
      tableId: string | null;
      name: string;
      /** Absent in sessions logged before phones said their language. */
      language?: string;
      at: number;
    }
  | { type: 'participant:language-set'; participantId: string; language: string }
  | { type: 'participant:seated'; participantId: string; tableId: string | null; name: string; at: number }
  | { type: 'tables:added'; tables: Table[] }
  | { type: 'table:renamed'; tableId: string; name: string }
  /** `unseated`: the participants who sat there, now at no table (their phones are told). */
  | { type: 'table:removed'; tableId: string; unseated: string[]; at: number }
  | { type: 'facilitator:set'; participantId: string; facilitator: boolean; at: number };

export function decideSeating(state: SessionState, command: SeatingCommand, now: number): Result<Decision> {
  switch (command.type) {
    case 'participant:join': {
      if (state.participants.has(command.participantId)) return { ok: true, events: [], duplicate: true };
      if (state.participants.size >= TABLE_LIMITS.maxParticipants) {
        return fail('limit_reached', `This session is full: it takes at most ${TABLE_LIMITS.maxParticipants} participants.`);
      }
      const { participantId, credential, channel } = command;
      const tableId = command.tableId && state.tables.has(command.tableId) ? command.tableId : null;
      const name = cleanName(command.name ?? '', TABLE_LIMITS.participantNameMaxLength);
      const language = isLanguageTag(command.language) ? { language: command.language } : {};
      return changes([{ type: 'participant:joined', participantId, credential, channel, tableId, name, ...language, at: now }]);
    }
    case 'participant:language': {
      const participant = state.participants.get(command.participantId);
      if (!participant) return fail('unknown_participant');
      if (!isLanguageTag(command.language)) return fail('invalid_input', 'A language is a tag such as fr or pt-BR.');
      if (participant.language === command.language) return changes([]);
      return changes([{ type: 'participant:language-set', participantId: participant.id, language: command.language }]);
    }
    case 'participant:seat': {
      const participant = state.participants.get(command.participantId);
      if (!participant) return fail('unknown_participant');
      if (command.tableId !== null && !state.tables.has(command.tableId)) return fail('unknown_table');
      const name = command.name === undefined ? participant.name : cleanName(command.name, TABLE_LIMITS.participantNameMaxLength);
      if (participant.tableId === command.tableId && participant.name === name) return changes([]);
      return changes([{ type: 'participant:seated', participantId: participant.id, tableId: command.tableId, name, at: now }]);
    }
    case 'tables:add': {
      if (state.tables.size + command.tables.length > TABLE_LIMITS.maxTables) {
        return fail('limit_reached', `A session has at most ${TABLE_LIMITS.maxTables} tables.`);
      }
      const tables: Table[] = [];
      for (const [index, { name, facilitatorCode }] of command.tables.entries()) {
        // A code used twice would make the first table unclaimable: the code map keeps only the last.
        if (state.tableIdByFacilitatorCode.has(facilitatorCode) || tables.some((table) => table.facilitatorCode === facilitatorCode)) {
          return fail('invalid_input', 'A facilitator code is already in use.');
        }
        const number = nextTableNumber(state) + index;
        tables.push({
          id: `t${number}`,
          name: cleanName(name, TABLE_LIMITS.nameMaxLength) || defaultTableName(number, state.languages.main),
          facilitatorCode,
          createdAt: now,
        });
      }
      return changes(tables.length > 0 ? [{ type: 'tables:added', tables }] : []);
    }
    case 'table:rename': {
      const table = state.tables.get(command.tableId);
      if (!table) return fail('unknown_table');
      const name = cleanName(command.name, TABLE_LIMITS.nameMaxLength);
      if (name.length === 0) return fail('invalid_input', 'A table needs a name.');
      return changes(name === table.name ? [] : [{ type: 'table:renamed', tableId: table.id, name }]);
    }
    case 'table:remove': {
      if (!state.tables.has(command.tableId)) return fail('unknown_table');
      const unseated = [...state.participants.values()].filter((participant) => participant.tableId === command.tableId).map(({ id }) => id);
      return changes([{ type: 'table:removed', tableId: command.tableId, unseated, at: now }]);
    }
    case 'facilitator:claim': {
      const participant = state.participants.get(command.participantId);
      if (!participant) return fail('unknown_participant');
      const tableId = state.tableIdByFacilitatorCode.get(command.facilitatorCode);
      if (!tableId) return fail('wrong_facilitator_code');
      const events: SeatingEvent[] = [];
      if (participant.tableId !== tableId) {
        events.push({ type: 'participant:seated', participantId: participant.id, tableId, name: participant.name, at: now });
      }
      if (!participant.facilitator || participant.tableId !== tableId) {
        events.push({ type: 'facilitator:set', participantId: participant.id, facilitator: true, at: now });
      }
      return changes(events);
    }
    case 'facilitator:set': {
      const participant = state.participants.get(command.participantId);
      if (!participant) return fail('unknown_participant');
      if (command.facilitator && participant.tableId === null) {
        return fail('unknown_table', 'Seat the participant at a table before making them its facilitator.');
      }
      if (participant.facilitator === command.facilitator) return changes([]);
      return changes([{ type: 'facilitator:set', participantId: participant.id, facilitator: command.facilitator, at: now }]);
    }
  }
}

export function evolveSeating(state: SessionState, event: SeatingEvent): void {
  switch (event.type) {
    case 'participant:joined':
      state.participants.set(event.participantId, {
        id: event.participantId,
        channel: event.channel,
        credential: event.credential,
        joinedAt: event.at,
        name: event.name,
        tableId: event.tableId,
        facilitator: false,
        language: event.language ?? null,
      });
      state.participantIdByCredential.set(event.credential, event.participantId);
      return;
    case 'participant:seated': {
      const participant = requireParticipant(state, event.participantId);
      if (participant.tableId !== event.tableId) {
        // A facilitator who changes tables facilitates neither: the new table has its own.
        participant.facilitator = false;
        state.seatingRevision += 1;
      }
      participant.tableId = event.tableId;
      participant.name = event.name;
      return;
    }
    case 'tables:added':
      for (const table of event.tables) {
        state.tables.set(table.id, table);
        state.tableIdByFacilitatorCode.set(table.facilitatorCode, table.id);
      }
      state.tablesEverAdded += event.tables.length;
      state.seatingRevision += 1;
      return;
    case 'table:renamed':
      requireTable(state, event.tableId).name = event.name;
      return;
    case 'table:removed': {
      const table = requireTable(state, event.tableId);
      state.tables.delete(table.id);
      state.seatingRevision += 1;
      // The projector cannot keep showing a table that is gone: back to the room's results.
      if (state.screen.tableId === table.id) state.screen = { mode: 'room', tableId: null };
      state.tableIdByFacilitatorCode.delete(table.facilitatorCode);
      for (const participantId of event.unseated) {
        const participant = requireParticipant(state, participantId);
        participant.tableId = null;
        participant.facilitator = false;
      }
      return;
    }
    case 'facilitator:set':
      requireParticipant(state, event.participantId).facilitator = event.facilitator;
      return;
    case 'participant:language-set':
      requireParticipant(state, event.participantId).language = event.language;
      return;
  }
}

/** Table ids are never reused, so ballots and paper counts of a removed table never land on a new one. */
function nextTableNumber(state: SessionState): number {
  return state.tablesEverAdded + 1;
}

/** Names are shown on the projector: one line, no control characters, within the limit. */
function cleanName(name: string, maxLength: number): string {
  return name
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}

function requireParticipant(state: SessionState, participantId: string) {
  const participant = state.participants.get(participantId);
  // Events come only from `decide`, which checked the participant exists; a miss is a corrupt log.
  if (!participant) throw new Error(`event refers to unknown participant ${participantId}`);
  return participant;
}

function requireTable(state: SessionState, tableId: string): Table {
  const table = state.tables.get(tableId);
  if (!table) throw new Error(`event refers to unknown table ${tableId}`);
  return table;
}
