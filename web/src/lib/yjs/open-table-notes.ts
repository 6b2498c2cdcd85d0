import type { TableNotesAddress, TableNotesConnection } from './table-notes-connection.svelte';

/**
 * Opens a table's notes, loading Yjs only now (it stays out of the phone's first load). `onOpen` gets the
 * connected notes, `onFail` is told when the code could not be loaded (offline before first use). The
 * returned function closes the notes, also while they are still loading.
 */
export function openTableNotes(
  address: TableNotesAddress,
  onOpen: (notes: TableNotesConnection) => void,
  onFail: () => void,
): () => void {
  let leave: (() => void) | undefined;
  let cancelled = false;
  import('./table-notes-connection.svelte').then(
    ({ TableNotesConnection }) => {
      if (cancelled) return;
      const notes = new TableNotesConnection(address);
      leave = notes.connect();
      onOpen(notes);
    },
    () => {
      if (!cancelled) onFail();
    },
  );
  return () => {
    cancelled = true;
    leave?.();
  };
}
