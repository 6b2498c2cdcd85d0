import { contributionOfPost, deriveContributionBoard, deriveMyContributions, fail, ok } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import { joinedAs, type OnEvent, type PnyxSocket } from './connection.js';
import { moderatorCommand } from './handlers.js';

export interface ContributionHandlerDeps {
  sessions: SessionService;
  on: OnEvent;
}

/** Posting and upvoting contributions (attendees), moderating them (moderators), and the board on (re)join. */
export function registerContributionHandlers(socket: PnyxSocket, { sessions, on }: ContributionHandlerDeps): void {
  const command = moderatorCommand(socket, sessions);

  on('contribution:post', async ({ kind, text, forTable, postId }) => {
    const author = joinedAs(socket, 'attendee');
    if (!author.ok) return author;
    const participantId = author.participantId!;
    const decision = await sessions.execute(author.sessionId, {
      type: 'contribution:post',
      participantId,
      kind,
      text,
      forTable: forTable ?? false,
      ...(postId === undefined ? {} : { postId }),
    });
    if (!decision.ok) return decision;
    const state = await sessions.state(author.sessionId);
    if (!state) return fail('unknown_session');
    // A repeated post id answers with the contribution it made the first time.
    const posted = decision.events.find((event) => event.type === 'contribution:posted');
    const contributionId = posted ? posted.contribution.id : postId === undefined ? null : contributionOfPost(state, participantId, postId);
    // The author's own view of it, as their phone lists it.
    const contribution = deriveMyContributions(state, participantId).posted.find(({ id }) => id === contributionId);
    return contribution ? ok({ contribution }) : fail('internal');
  });

  on('contribution:upvote', async ({ contributionId, upvote }) => {
    const voter = joinedAs(socket, 'attendee');
    if (!voter.ok) return voter;
    const decision = await sessions.execute(voter.sessionId, { type: 'contribution:upvote', participantId: voter.participantId!, contributionId, upvote });
    return decision.ok ? ok({ duplicate: decision.duplicate }) : decision;
  });

  on('contribution:moderate', async ({ contributionId, status }) =>
    command(async () => ({ type: 'contribution:moderate', contributionId, status })));

  on('contribution:spotlight', async ({ contributionId }) =>
    command(async () => ({ type: 'contribution:spotlight', contributionId })));

  on('contributions:configure', async ({ moderation }) =>
    command(async () => ({ type: 'contributions:configure', moderation })));

  on('contributions:get', async () => {
    const { sessionId, role, participantId } = socket.data;
    if (!sessionId || !role) return fail('not_joined');
    const state = await sessions.state(sessionId);
    if (!state) return fail('unknown_session');
    const board = deriveContributionBoard(state, role === 'moderator' ? 'moderator' : 'audience');
    return ok(participantId ? { board, mine: deriveMyContributions(state, participantId) } : { board });
  });
}
