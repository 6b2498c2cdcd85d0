import type { SessionState } from './session.js';

export const TABLE_NOTES_LIMITS = {
  /** What a phone lets a table type: a page of notes, readable on a projector. */
  maxLength: 5_000,
  /**
   * What the server stores at most. Above `maxLength` because phones typing at once may each stay within it
   * and still sum to more; only a client that ignores the limit gets this far.
   */
  hardMaxLength: 10_000,
} as const;

/** Who asks to read and write a table's notes. */
export type NotesWriter = { kind: 'moderator' } | { kind: 'participant'; participantId: string };

/** Moderators write every table's notes; a participant only the notes of the table they sit at now. */
export function mayWriteTableNotes(state: SessionState, writer: NotesWriter, tableId: string): boolean {
  if (!state.tables.has(tableId)) return false;
  if (writer.kind === 'moderator') return true;
  // An ended session takes nothing more from phones, notes included; moderators may still tidy them up.
  return state.endedAt === null && state.participants.get(writer.participantId)?.tableId === tableId;
}
