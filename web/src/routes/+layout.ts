import { i18n } from '$lib/i18n/i18n.svelte';

// Every page lives on browser APIs (WebSocket, localStorage, the URL fragment); the server only hands
// out the shell, which also keeps the moderator token out of any server-side render.
export const ssr = false;
export const prerender = false;

/** The page's language is in place before anything renders, so nothing shows in English first. */
export async function load(): Promise<void> {
  await i18n.use(i18n.initial());
}
