import * as Y from 'yjs';
import { TABLE_NOTES_LIMITS, TABLE_NOTES_TEXT, tableNotesText } from '@pnyx/shared';

/** Stored size of a table's notes at most, history included: far above a full page typed and retyped. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

/**
 * The guard of a table's notes document: an update is applied only if the document stays one Y.Text of at
 * most `hardMaxLength` characters and a bounded size. It is tried on a copy first, because a CRDT update
 * cannot be taken back once applied and relayed. Notes are small, so the copy costs well under a millisecond.
 */
export function tableNotesGuard(doc: Y.Doc, update: Uint8Array): boolean {
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(probe, update);
    // Applying an update creates every root type it writes into: anything but the notes is foreign.
    if ([...probe.share.keys()].some((name) => name !== TABLE_NOTES_TEXT)) return false;
    if (tableNotesText(probe).length > TABLE_NOTES_LIMITS.hardMaxLength) return false;
    return Y.encodeStateAsUpdate(probe).byteLength <= MAX_DOCUMENT_BYTES;
  } finally {
    probe.destroy();
  }
}
