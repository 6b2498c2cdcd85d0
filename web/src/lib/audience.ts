import type { LiveQuestion, Tally } from '@pnyx/shared';

/**
 * A tally as the projector shows it: the counts of a question that reveals its results only after voting
 * closes stay hidden while it is open. The server already sends projectors such tallies; this is for the
 * console's preview of the projector, which gets the moderators' full tallies. Same rule as
 * `audienceTally` in shared/src/domain/live-view.ts, which works on the server's question state.
 */
export function forAudience(tally: Tally, question: Pick<LiveQuestion, 'reveal' | 'status'>): Tally {
  if (tally.hidden || question.reveal !== 'after-close' || question.status !== 'open') return tally;
  return { ...tally, counts: {}, hidden: true };
}
