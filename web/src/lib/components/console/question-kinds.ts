import type { QuestionKind, QuestionScope } from '@pnyx/shared';
import { t } from '$lib/i18n/i18n.svelte';
import type { MessageKey } from '$lib/i18n/messages/en';

const KIND_KEYS: Record<QuestionKind, MessageKey> = {
  single: 'console.kindSingle',
  multi: 'console.kindMulti',
  scale: 'console.kindScale',
  ranking: 'console.kindRanking',
  wordcloud: 'console.kindWordcloud',
  open: 'console.kindOpen',
};

const SCOPE_KEYS: Record<QuestionScope, MessageKey> = {
  individual: 'console.scopeIndividual',
  table: 'console.scopeTable',
};

export const QUESTION_SCOPES = Object.keys(SCOPE_KEYS) as QuestionScope[];

/** How the console names each kind of question, in the page's language (called at render time). */
export function questionKindLabel(kind: QuestionKind): string {
  return t(KIND_KEYS[kind]);
}

export function questionScopeLabel(scope: QuestionScope): string {
  return t(SCOPE_KEYS[scope]);
}
