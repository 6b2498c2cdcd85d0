import type { Attachment } from 'svelte/attachments';
import type * as Y from 'yjs';
import { diffText, transformIndex } from './text-diff';

/**
 * Binds a text field to a Y.Text both ways, so co-moderators see each other's typing live:
 * local input becomes the minimal delete/insert on the Y.Text, and a remote change rewrites the field
 * while keeping the caret beside the characters it was beside.
 *
 * Usage: `<input {@attach bindYText(text)} />`
 */
export function bindYText(text: Y.Text): Attachment<HTMLInputElement | HTMLTextAreaElement> {
  return (field) => {
    // The transaction origin marks changes made by this very field, which already shows them.
    const origin = Symbol('field');
    let shown = text.toString();
    field.value = shown;

    const onInput = () => {
      const next = field.value;
      const change = diffText(shown, next, field.selectionEnd ?? undefined);
      shown = next;
      if (!change || !text.doc) return;
      text.doc.transact(() => {
        if (change.remove > 0) text.delete(change.index, change.remove);
        if (change.insert.length > 0) text.insert(change.index, change.insert);
      }, origin);
    };

    const onTextChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === origin) return;
      const next = text.toString();
      if (next === field.value) {
        shown = next;
        return;
      }
      const focused = document.activeElement === field;
      const { selectionStart, selectionEnd, selectionDirection } = field;
      field.value = next;
      shown = next;
      if (focused && selectionStart !== null && selectionEnd !== null) {
        field.setSelectionRange(
          transformIndex(selectionStart, event.delta),
          transformIndex(selectionEnd, event.delta),
          selectionDirection ?? undefined,
        );
      }
    };

    text.observe(onTextChange);
    field.addEventListener('input', onInput);
    return () => {
      text.unobserve(onTextChange);
      field.removeEventListener('input', onInput);
    };
  };
}
