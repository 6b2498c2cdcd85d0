import type { ContributionKind } from '@pnyx/shared';
import { t } from '$lib/i18n/i18n.svelte';

/** What a kind of contribution is called on screen, in the page's language (call it where it is shown). */
export function contributionKindLabel(kind: ContributionKind): string {
  return t(`phone.contributionKind.${kind}`);
}

/**
 * The same as a map, for the pages that index it: each label is looked up when read, so it follows a
 * language switch.
 */
export const CONTRIBUTION_KIND_LABELS: Readonly<Record<ContributionKind, string>> = {
  get question() {
    return contributionKindLabel('question');
  },
  get proposal() {
    return contributionKindLabel('proposal');
  },
  get recommendation() {
    return contributionKindLabel('recommendation');
  },
};

/** "1 upvote", "3 upvotes", in the page's language. */
export function upvotesText(count: number): string {
  return t('phone.upvotes', { count });
}

/** The name of a table a contribution speaks for, from the live view's tables. */
export function tableNameOf(tables: readonly { id: string; name: string }[] | undefined, tableId: string | null): string | null {
  if (tableId === null) return null;
  return tables?.find((table) => table.id === tableId)?.name ?? t('phone.aTable');
}
