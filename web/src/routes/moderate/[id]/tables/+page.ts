// Shows the console's words: see with-console.ts.
export { load } from '$lib/i18n/with-console';
