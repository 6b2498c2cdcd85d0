import type { Attachment } from 'svelte/attachments';

/** Room left between a sticky bar and the element the keyboard lands on, so its focus ring shows whole. */
const CLEARANCE_PX = 8;

/**
 * For a sticky bar at the top of the page: whatever receives keyboard focus is scrolled to below the bar,
 * never under it (WCAG 2.4.11), through the page's `scroll-padding-top`, which follows the bar's height
 * (it grows with the reader's text size) and is dropped while the bar does not stick.
 */
export const keepFocusBelow: Attachment<HTMLElement> = (bar) => {
  const root = document.documentElement;
  const follow = () => {
    const sticks = getComputedStyle(bar).position === 'sticky';
    root.style.scrollPaddingTop = sticks ? `${Math.ceil(bar.getBoundingClientRect().height) + CLEARANCE_PX}px` : '';
  };
  const observer = new ResizeObserver(follow);
  observer.observe(bar);
  follow();
  return () => {
    observer.disconnect();
    root.style.scrollPaddingTop = '';
  };
};
