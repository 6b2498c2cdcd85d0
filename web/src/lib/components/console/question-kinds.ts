import type { QuestionKind, QuestionScope } from '@pnyx/shared';

/** How the console names each kind of question. */
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  single: 'Single choice',
  multi: 'Multiple choice',
  scale: 'Scale',
  ranking: 'Ranking',
  wordcloud: 'Word cloud',
  open: 'Open answer',
};

export const QUESTION_SCOPE_LABELS: Record<QuestionScope, string> = {
  individual: 'Each person',
  table: 'One answer per table (its facilitator)',
};
