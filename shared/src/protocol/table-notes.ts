/**
 * The layout and address of a table's notes: one small Y.Doc per table holding a single Y.Text, synced only
 * to the table's members and the moderators. The session's own document never holds notes, so phones never
 * load it.
 */
import type * as Y from 'yjs';

/** The one shared type of a table's notes document. */
export const TABLE_NOTES_TEXT = 'notes';

/** Coalescing window of the notes text the server sends to moderators and projectors. */
export const TABLE_NOTES_PUBLISH_INTERVAL_MS = 250;

export function tableNotesText(doc: Y.Doc): Y.Text {
  return doc.getText(TABLE_NOTES_TEXT);
}

const TABLES_SEGMENT = 'tables';

/**
 * The name of a table's notes document, which is also its y-websocket room: the endpoint serves it at
 * `${YJS_PATH}/<sessionId>/tables/<tableId>`.
 */
export function tableNotesDocumentName(sessionId: string, tableId: string): string {
  return `${sessionId}/${TABLES_SEGMENT}/${tableId}`;
}

/** The session and table of a notes document's name; null for any other name (the session's document). */
export function parseTableNotesDocumentName(name: string): { sessionId: string; tableId: string } | null {
  const parts = name.split('/');
  if (parts.length !== 3 || parts[1] !== TABLES_SEGMENT) return null;
  const [sessionId, , tableId] = parts as [string, string, string];
  return sessionId && tableId ? { sessionId, tableId } : null;
}

/** A table's notes as plain text, for those who only read them (the projector, the moderators' overview). */
export interface TableNotesUpdate {
  tableId: string;
  text: string;
}
