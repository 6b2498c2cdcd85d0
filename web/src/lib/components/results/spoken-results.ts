import { labelOfOption, type LiveQuestion, type Tally } from '@pnyx/shared';
import { countOf, oneDecimal, percentOf } from './chart';

/**
 * A question's results as one sentence for screen readers: where the room stands, not every number (the
 * chart's table has those). Short, so a polite announcement ends before the next one is due.
 */
export function spokenResults(question: LiveQuestion, tally: Tally | null): string {
  const voters = tally?.voters ?? 0;
  const closed = question.status === 'closed' ? ' Voting is closed.' : '';
  const head = `${question.text}:`;
  const unit = UNITS[question.kind];
  if (tally?.hidden) return `${head} ${countOf(voters, unit)} so far; results are shown when voting closes.${closed}`;
  if (!tally || voters === 0) return `${head} no ${unit}s yet.${closed}`;
  return `${head} ${countOf(voters, unit)}. ${standing(question, tally)}${closed}`;
}

/** What one voter gives, in the words the charts use. */
const UNITS: Record<LiveQuestion['kind'], string> = {
  single: 'vote',
  multi: 'voter',
  scale: 'vote',
  ranking: 'ranking',
  wordcloud: 'answer',
  open: 'answer',
};

function standing(question: LiveQuestion, tally: Tally): string {
  const labelOf = (optionId: string) => labelOfOption(question, optionId) ?? optionId;
  switch (question.kind) {
    case 'single':
    case 'multi': {
      const most = Math.max(...Object.values(tally.counts));
      const leaders = question.options.filter((option) => tally.counts[option.id] === most).map((option) => option.label);
      const share = `${percentOf(most, tally.voters)}%`;
      return leaders.length === 1 ? `Most chosen: ${leaders[0]}, ${share}.` : `Tied at ${share}: ${leaders.join(', ')}.`;
    }
    case 'scale':
      return tally.mean == null ? '' : `Mean ${oneDecimal(tally.mean)} of ${question.options.length}.`;
    case 'ranking': {
      const first = tally.ranking?.[0];
      return first ? `Ranked first: ${labelOf(first.optionId)}.` : '';
    }
    case 'wordcloud': {
      const top = tally.words?.find((word) => !word.hidden);
      return top ? `Most given word: ${top.word}, ${countOf(top.count, 'time')}.` : '';
    }
    case 'open': {
      const shown = tally.answers?.filter((answer) => answer.status === 'approved').length ?? 0;
      return `${countOf(shown, 'answer')} on screen.`;
    }
  }
}
