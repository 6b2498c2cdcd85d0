import type { Ballot, OwnBallot } from '@pnyx/shared';

/** A counted ballot as a phone keeps it. */
export function ownBallot({ questionId, id, answer }: Ballot): OwnBallot {
  return { questionId, ballotId: id, answer };
}
