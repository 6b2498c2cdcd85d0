import { deriveContributionBoard, deriveMyContributions, type SessionEvent } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import type { LocalBroadcast } from './connection.js';
import { moderatorRoom, participantRoom, sessionRoom } from './rooms.js';
import { CoalescingPublisher } from './coalescing-publisher.js';

/** Upvote bursts reach 2,000 phones at most once a second. */
const CONTRIBUTIONS_INTERVAL_MS = 1_000;

/** The participants whose own phones must hear of an event: the upvoter, the author of a post or a decision. */
function contributorsTouched(sessionEvents: readonly SessionEvent[], authorOf: (contributionId: string) => string | undefined): Set<string> {
  const touched = new Set<string>();
  for (const event of sessionEvents) {
    if (event.type === 'contribution:posted') touched.add(event.contribution.authorId);
    if (event.type === 'contribution:upvoted') touched.add(event.participantId);
    const decided = event.type === 'contribution:moderated' ? [event.contributionId] : event.type === 'contributions:configured' ? event.released : [];
    for (const contributionId of decided) {
      const authorId = authorOf(contributionId);
      if (authorId) touched.add(authorId);
    }
  }
  return touched;
}

/**
 * Publishes contribution changes: the board, coalesced, to moderators (everything) and to everyone else
 * in the session (phones and projectors: one broadcast of the approved list, encoded once); and to a
 * participant's own phones, at once, their own contributions and upvotes.
 */
export class ContributionPublisher {
  private readonly boards: CoalescingPublisher;

  constructor(
    private readonly here: LocalBroadcast,
    private readonly sessions: SessionService,
    private readonly onBug: (error: unknown) => void,
  ) {
    this.boards = new CoalescingPublisher({ publish: (sessionId) => this.publish(sessionId), intervalMs: CONTRIBUTIONS_INTERVAL_MS });
    sessions.onApplied((sessionId, events) => {
      if (!events.some((event) => event.type.startsWith('contribution'))) return;
      this.boards.markChanged(sessionId);
      this.tellParticipants(sessionId, events);
    });
  }

  close(): void {
    this.boards.close();
  }

  private publish(sessionId: string): void {
    this.sessions.state(sessionId).then((state) => {
      if (!state) return;
      this.here.to(moderatorRoom(sessionId)).emit('contributions:update', deriveContributionBoard(state, 'moderator'));
      this.here.to(sessionRoom(sessionId)).except(moderatorRoom(sessionId)).emit('contributions:update', deriveContributionBoard(state, 'audience'));
    }, this.onBug);
  }

  private tellParticipants(sessionId: string, events: readonly SessionEvent[]): void {
    this.sessions.state(sessionId).then((state) => {
      if (!state) return;
      const authorOf = (contributionId: string) => state.contributions.items.get(contributionId)?.authorId;
      for (const participantId of contributorsTouched(events, authorOf)) {
        this.here.to(participantRoom(sessionId, participantId)).emit('contributions:mine', deriveMyContributions(state, participantId));
      }
    }, this.onBug);
  }
}
