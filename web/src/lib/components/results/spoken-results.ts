import { labelOfOption, shareOf, type LiveQuestion, type Tally } from '@pnyx/shared';
import { i18n, t } from '$lib/i18n/i18n.svelte';

/**
 * A question's results as one sentence for screen readers, in the page's language: where the room stands,
 * not every number (the chart's table has those). Short, so a polite announcement ends before the next one
 * is due.
 */
export function spokenResults(question: LiveQuestion, tally: Tally | null): string {
  const voters = tally?.voters ?? 0;
  const unit = UNITS[question.kind];
  const closed = question.status === 'closed' ? t('phone.spoken.closed') : '';
  let sentence: string;
  if (tally?.hidden) sentence = t('phone.spoken.hidden', { question: question.text, counted: t(`phone.unit.${unit}`, { count: voters }) });
  else if (!tally || voters === 0) sentence = t('phone.spoken.none', { question: question.text, none: t(`phone.none.${unit}`) });
  else sentence = [t('phone.spoken.counted', { question: question.text, counted: t(`phone.unit.${unit}`, { count: voters }) }), standing(question, tally)].filter(Boolean).join(' ');
  return [sentence, closed].filter(Boolean).join(' ');
}

/** What one voter gives, in the words the charts use. */
const UNITS = {
  single: 'vote',
  multi: 'voter',
  scale: 'vote',
  ranking: 'ranking',
  wordcloud: 'answer',
  open: 'answer',
} as const satisfies Record<LiveQuestion['kind'], string>;

/** A whole per cent, as the charts round it. */
function percent(count: number, total: number): string {
  return i18n.number(Math.round(shareOf(count, total)));
}

/** One decimal, the way a mean is read out ("3.8", "3,8"). */
function oneDecimal(value: number): string {
  return new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

function standing(question: LiveQuestion, tally: Tally): string {
  const labelOf = (optionId: string) => labelOfOption(question, optionId) ?? optionId;
  switch (question.kind) {
    case 'single':
    case 'multi': {
      const most = Math.max(...Object.values(tally.counts));
      const leaders = question.options.filter((option) => tally.counts[option.id] === most).map((option) => option.label);
      const share = percent(most, tally.voters);
      return leaders.length === 1
        ? t('phone.spoken.mostChosen', { label: leaders[0] ?? '', percent: share })
        : t('phone.spoken.tied', { percent: share, labels: leaders.join(', ') });
    }
    case 'scale':
      return tally.mean == null ? '' : t('phone.spoken.mean', { mean: oneDecimal(tally.mean), points: question.options.length });
    case 'ranking': {
      const first = tally.ranking?.[0];
      return first ? t('phone.spoken.rankedFirst', { label: labelOf(first.optionId) }) : '';
    }
    case 'wordcloud': {
      const top = tally.words?.find((word) => !word.hidden);
      return top ? t('phone.spoken.topWord', { word: top.word, times: t('phone.unit.time', { count: top.count }) }) : '';
    }
    case 'open': {
      const shown = tally.answers?.filter((answer) => answer.status === 'approved').length ?? 0;
      return t('phone.spoken.onScreen', { answers: t('phone.unit.answer', { count: shown }) });
    }
  }
}
