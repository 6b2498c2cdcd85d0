import { i18n } from './i18n.svelte';

/**
 * The `load` of the pages that show the console's words (the console, its print sheets, the reports, the home
 * page's links): their messages are in place before the page renders. After the layout's load, which settles
 * the page's language first (the two would otherwise race).
 */
export async function load({ parent }: { parent: () => Promise<unknown> }): Promise<void> {
  await parent();
  await i18n.withConsole();
}
