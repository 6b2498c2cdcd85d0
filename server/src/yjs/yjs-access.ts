import type { IncomingMessage } from 'node:http';
import { mayWriteTableNotes, parseTableNotesDocumentName, YJS_PATH, YJS_SUBPROTOCOL, type NotesWriter, type SessionState } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';

/** Who holds a connection to a table's notes: rechecked when people move, closed once they may no longer. */
export interface NotesConnection {
  sessionId: string;
  tableId: string;
  writer: NotesWriter;
}

export type YjsAccess =
  /** `moderatorLinkId`: the moderator link it came in with (its end closes the connection), null for a participant. */
  | { ok: true; documentName: string; notes: NotesConnection | null; moderatorLinkId: string | null }
  | { ok: false; status: '401 Unauthorized' | '403 Forbidden' };

const UNAUTHORIZED = { ok: false, status: '401 Unauthorized' } as const;
const FORBIDDEN = { ok: false, status: '403 Forbidden' } as const;

/**
 * Who may open which document, from the upgrade request to `${YJS_PATH}/<name>` with the token as its second
 * subprotocol (`yjsSubprotocols`):
 * - `<sessionId>`, the session's script: its moderators only;
 * - `<sessionId>/tables/<tableId>`, a table's notes: its moderators, and the participants seated at that table
 *   (with the participant token their phone keeps).
 * An unknown token is 401; a known participant at another table (or a table that does not exist) is 403.
 */
export async function authoriseYjs(sessions: SessionService, request: IncomingMessage): Promise<YjsAccess> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const documentName = decodedOrEmpty(url.pathname.slice(YJS_PATH.length + 1));
  const token = presentedToken(request.headers['sec-websocket-protocol']);
  if (!documentName) return UNAUTHORIZED;

  const table = parseTableNotesDocumentName(documentName);
  if (!table) {
    if (documentName.includes('/')) return UNAUTHORIZED;
    const moderator = await sessions.authenticateModerator(documentName, token);
    return moderator.ok ? { ok: true, documentName, notes: null, moderatorLinkId: moderator.linkId } : UNAUTHORIZED;
  }

  const { sessionId, tableId } = table;
  const who = await notesWriter(sessions, sessionId, token);
  if (!who) return UNAUTHORIZED;
  if (!mayWriteTableNotes(who.state, who.writer, tableId)) return FORBIDDEN;
  return { ok: true, documentName, notes: { sessionId, tableId, writer: who.writer }, moderatorLinkId: who.moderatorLinkId };
}

/** A moderator of the session, or a participant of it, by their token; null for anyone else. */
async function notesWriter(
  sessions: SessionService,
  sessionId: string,
  token: string,
): Promise<{ writer: NotesWriter; state: SessionState; moderatorLinkId: string | null } | null> {
  const moderator = await sessions.authenticateModerator(sessionId, token);
  if (moderator.ok) return { writer: { kind: 'moderator' }, state: moderator.state, moderatorLinkId: moderator.linkId };
  const participant = await sessions.authenticateParticipant(sessionId, token);
  if (!participant.ok) return null;
  return { writer: { kind: 'participant', participantId: participant.participantId }, state: participant.state, moderatorLinkId: null };
}

/** The token offered after `pnyx` in Sec-WebSocket-Protocol (a comma-separated list), or '' for none. */
function presentedToken(protocols: string | undefined): string {
  const offered = (protocols ?? '').split(',').map((protocol) => protocol.trim());
  return offered[0] === YJS_SUBPROTOCOL ? (offered[1] ?? '') : '';
}

/** A malformed escape (`%E0%A4%A`) names no document: refused like an empty name, not a server error. */
function decodedOrEmpty(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}
