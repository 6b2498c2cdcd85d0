import { safeStorage, storageKeys } from '$lib/storage';

/**
 * The moderator token of a session, for the console and its printouts. It arrives in the URL fragment (never
 * sent to a server, so never in access logs), moves to localStorage so a reload still works, and leaves the
 * address bar so it is not shown on a shared screen or copied by accident.
 */
export function takeModeratorToken(sessionId: string): string | null {
  const key = storageKeys.moderatorToken(sessionId);
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    safeStorage.set(key, fromFragment);
    // Native replaceState keeping SvelteKit's history state: $app/navigation's would copy the old URL,
    // token included, into that state.
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromFragment;
  }
  return safeStorage.get(key);
}

/** Drops the session's moderator token from this browser (the session was deleted). */
export function forgetModeratorToken(sessionId: string): void {
  safeStorage.remove(storageKeys.moderatorToken(sessionId));
}
