import type { ContributionKind } from '@pnyx/shared';
import { countOf } from '../results/chart';

/** What each kind of contribution is called on screen. */
export const CONTRIBUTION_KIND_LABELS: Record<ContributionKind, string> = {
  question: 'Question',
  proposal: 'Proposal',
  recommendation: 'Recommendation',
};

export function upvotesText(count: number): string {
  return countOf(count, 'upvote');
}

/** The name of a table a contribution speaks for, from the live view's tables. */
export function tableNameOf(tables: readonly { id: string; name: string }[] | undefined, tableId: string | null): string | null {
  if (tableId === null) return null;
  return tables?.find((table) => table.id === tableId)?.name ?? 'A table';
}
