import type { Attachment } from 'svelte/attachments';
import type * as Y from 'yjs';

/**
 * Shows a Y.Text as an element's text, live, without re-rendering anything else: a question's text as the
 * label of a checkbox while a co-moderator is still typing it. `empty` stands in while the text is blank.
 *
 * Usage: `<span {@attach showYText(text, 'Untitled')}></span>`
 */
export function showYText(text: Y.Text, empty = ''): Attachment<HTMLElement> {
  return (element) => {
    const show = () => {
      const value = text.toString().trim();
      element.textContent = value || empty;
      element.classList.toggle('empty-text', value.length === 0);
    };
    show();
    text.observe(show);
    return () => text.unobserve(show);
  };
}
