import { mayWriteTableNotes, type SessionEvent, type SessionState } from '@pnyx/shared';
import type { NotesConnection } from './yjs-access.js';

/** Events after which someone may have lost a table's notes: a participant moved or unseated, a table removed. */
export const changesNotesAccess = (event: SessionEvent) =>
  event.type === 'participant:seated' || event.type === 'table:removed' || event.type === 'session:ended';

/**
 * The open connections to table notes, per session, so access is rechecked when seats change: a participant
 * moved to another table stops reading and writing the old table's notes at once, not at their next reconnect.
 */
export class NotesConnections<Socket> {
  private readonly bySession = new Map<string, Map<Socket, NotesConnection>>();

  add(socket: Socket, connection: NotesConnection): void {
    let open = this.bySession.get(connection.sessionId);
    if (!open) this.bySession.set(connection.sessionId, (open = new Map()));
    open.set(socket, connection);
  }

  remove(socket: Socket, connection: NotesConnection): void {
    const open = this.bySession.get(connection.sessionId);
    open?.delete(socket);
    if (open?.size === 0) this.bySession.delete(connection.sessionId);
  }

  has(sessionId: string): boolean {
    return this.bySession.has(sessionId);
  }

  /** The sockets of the session whose holders may no longer write the notes they hold. */
  revoked(state: SessionState): Socket[] {
    const open = this.bySession.get(state.info.id);
    if (!open) return [];
    return [...open].filter(([, { tableId, writer }]) => !mayWriteTableNotes(state, writer, tableId)).map(([socket]) => socket);
  }
}
