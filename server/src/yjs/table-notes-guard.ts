import * as Y from 'yjs';
import { TABLE_NOTES_LIMITS, TABLE_NOTES_TEXT, tableNotesText } from '@pnyx/shared';
import type { UpdateGuard } from './shared-document.js';

/** Stored size of a table's notes at most, history included: far above a full page typed and retyped. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

/**
 * A guard for one table's notes document: an update is applied only if the document stays one Y.Text of at
 * most `hardMaxLength` characters and a bounded size. A CRDT update cannot be taken back once applied and
 * relayed, so each is tried first on a shadow copy that follows the document update by update (a keystroke
 * costs a keystroke, not a copy of the whole note). A refused update spoils the shadow: it is dropped and
 * copied afresh from the document, which never saw that update.
 */
export function tableNotesGuard(): UpdateGuard {
  let shadow: Y.Doc | undefined;
  /** An upper bound of the shadow's encoded size: updates may repeat what it holds (a reconnect's sync). */
  let bytesAtMost = 0;

  return (doc, update) => {
    if (!shadow) {
      shadow = new Y.Doc();
      const state = Y.encodeStateAsUpdate(doc);
      Y.applyUpdate(shadow, state);
      bytesAtMost = state.byteLength;
    }
    let fits = false;
    try {
      // A malformed update may throw halfway, leaving part of it in the shadow: the finally drops it then.
      Y.applyUpdate(shadow, update);
      bytesAtMost += update.byteLength;
      // Measured only when the bound says it may be too big; the measure resets the bound.
      if (bytesAtMost > MAX_DOCUMENT_BYTES) bytesAtMost = Y.encodeStateAsUpdate(shadow).byteLength;
      fits =
        // Applying an update creates every root type it writes into: anything but the notes is foreign.
        [...shadow.share.keys()].every((name) => name === TABLE_NOTES_TEXT) &&
        tableNotesText(shadow).length <= TABLE_NOTES_LIMITS.hardMaxLength &&
        bytesAtMost <= MAX_DOCUMENT_BYTES &&
        // An honest peer's update builds on what the server has; one that waits for missing pieces would be
        // checked only when another member's edit completes it, and that member would be refused.
        shadow.store.pendingStructs === null &&
        shadow.store.pendingDs === null;
      return fits;
    } finally {
      if (!fits) {
        shadow.destroy();
        shadow = undefined;
      }
    }
  };
}
