import { fail, type Result } from './errors.js';
import { changes, type Decision, type SessionState } from './session.js';

/**
 * Contributions: questions, proposals and recommendations that attendees (or, through their facilitator,
 * tables) post during a session; others upvote them, moderators approve, hide or spotlight them, and the
 * projector shows the spotlighted one or the top approved ones.
 *
 * Rules, decided here once:
 * - Text is trimmed, must not be empty and holds at most 500 characters (line breaks kept, other control
 *   characters become spaces). A participant posts at most 20, a session holds at most 2,000: beyond,
 *   `limit_reached`.
 * - The domain numbers contributions (`c1`, `c2`, …); none is ever deleted, so an id is never reused.
 * - A post carries an id its phone made (`postId`): sent again after a lost answer, it is the same
 *   contribution, not a second one.
 * - With moderation on (the default), a new contribution waits (`pending`) until a moderator approves it;
 *   with moderation off it is approved at once. Switching moderation off releases the waiting ones, as
 *   the room would expect once nobody is reviewing any more.
 * - Only approved contributions can be upvoted; each participant counts once (a second upvote is a
 *   duplicate that changes nothing; `upvote: false` withdraws it). Authors may upvote their own.
 * - At most one contribution is in the spotlight, and only an approved one: spotlighting approves it, and
 *   hiding it or sending it back to the queue takes it out of the spotlight.
 * - "For my table" is for a table's facilitator only; the contribution then speaks for the table.
 * - Audiences (phones, projector) see approved contributions only, most upvoted first, then newest first
 *   (so a fresh one is not buried under older ones nobody upvoted); never who wrote them. Moderators see
 *   everything, with the author's name.
 */

export const CONTRIBUTION_KINDS = ['question', 'proposal', 'recommendation'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

export const CONTRIBUTION_STATUSES = ['pending', 'approved', 'hidden'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

export const CONTRIBUTION_LIMITS = {
  textMaxLength: 500,
  perParticipant: 20,
  perSession: 2_000,
  /**
   * Approved contributions an audience update carries, most upvoted first: what a phone list can show, and a
   * broadcast to 2,000 phones stays small (30 × 500 characters at most).
   */
  audienceListSize: 30,
} as const;

export interface Contribution {
  id: string;
  kind: ContributionKind;
  text: string;
  authorId: string;
  /** The table it speaks for (posted by its facilitator "for my table"), or null for a person's own. */
  tableId: string | null;
  postedAt: number;
  status: ContributionStatus;
  upvoters: Set<string>;
}

export interface ContributionsState {
  /** In the order they were posted. */
  items: Map<string, Contribution>;
  /** Per participant, how many they posted (for the limit). */
  postedBy: Map<string, number>;
  /** The contribution each post id made, by `postKey(author, postId)`: a repeated post finds it here. */
  idByPost: Map<string, string>;
  moderation: boolean;
  spotlightId: string | null;
  /** Grows with every contribution event: clients drop a board older than the one they show. */
  version: number;
}

export type ContributionCommand =
  | { type: 'contribution:post'; participantId: string; kind: ContributionKind; text: string; forTable: boolean; postId?: string }
  | { type: 'contribution:upvote'; participantId: string; contributionId: string; upvote: boolean }
  | { type: 'contribution:moderate'; contributionId: string; status: ContributionStatus }
  | { type: 'contribution:spotlight'; contributionId: string | null }
  | { type: 'contributions:configure'; moderation: boolean };

export type ContributionEvent =
  | { type: 'contribution:posted'; contribution: Omit<Contribution, 'upvoters'>; postId?: string }
  | { type: 'contribution:upvoted'; contributionId: string; participantId: string; upvote: boolean }
  | { type: 'contribution:moderated'; contributionId: string; status: ContributionStatus }
  | { type: 'contribution:spotlighted'; contributionId: string | null }
  /** `released`: the waiting contributions approved because moderation was switched off. */
  | { type: 'contributions:configured'; moderation: boolean; released: string[] };

export function createContributionsState(): ContributionsState {
  return { items: new Map(), postedBy: new Map(), idByPost: new Map(), moderation: true, spotlightId: null, version: 0 };
}

const postKey = (authorId: string, postId: string) => `${authorId}:${postId}`;

/** The contribution a participant's post id made, if it was accepted. */
export function contributionOfPost(state: SessionState, authorId: string, postId: string): string | null {
  return state.contributions.idByPost.get(postKey(authorId, postId)) ?? null;
}

export function decideContribution(state: SessionState, command: ContributionCommand, now: number): Result<Decision> {
  const contributions = state.contributions;
  switch (command.type) {
    case 'contribution:post': {
      const author = state.participants.get(command.participantId);
      if (!author) return fail('not_joined');
      if (command.postId !== undefined && contributionOfPost(state, author.id, command.postId) !== null) {
        return { ok: true, events: [], duplicate: true };
      }
      if (command.forTable && (!author.facilitator || author.tableId === null)) {
        return fail('forbidden', "Only a table's facilitator posts for the table.");
      }
      const text = cleanText(command.text);
      if (text.length === 0) return fail('invalid_input', 'Write something to post.');
      if (text.length > CONTRIBUTION_LIMITS.textMaxLength) {
        return fail('invalid_input', `A contribution holds at most ${CONTRIBUTION_LIMITS.textMaxLength} characters.`);
      }
      if ((contributions.postedBy.get(author.id) ?? 0) >= CONTRIBUTION_LIMITS.perParticipant) {
        return fail('limit_reached', `Each person posts at most ${CONTRIBUTION_LIMITS.perParticipant} contributions.`);
      }
      if (contributions.items.size >= CONTRIBUTION_LIMITS.perSession) {
        return fail('limit_reached', `This session holds at most ${CONTRIBUTION_LIMITS.perSession} contributions.`);
      }
      return changes([
        {
          type: 'contribution:posted',
          contribution: {
            id: `c${contributions.items.size + 1}`,
            kind: command.kind,
            text,
            authorId: author.id,
            tableId: command.forTable ? author.tableId : null,
            postedAt: now,
            status: contributions.moderation ? 'pending' : 'approved',
          },
          ...(command.postId === undefined ? {} : { postId: command.postId }),
        },
      ]);
    }
    case 'contribution:upvote': {
      if (!state.participants.has(command.participantId)) return fail('not_joined');
      const contribution = contributions.items.get(command.contributionId);
      if (!contribution || contribution.status !== 'approved') return fail('unknown_contribution');
      if (contribution.upvoters.has(command.participantId) === command.upvote) return { ok: true, events: [], duplicate: true };
      return changes([{ type: 'contribution:upvoted', contributionId: contribution.id, participantId: command.participantId, upvote: command.upvote }]);
    }
    case 'contribution:moderate': {
      const contribution = contributions.items.get(command.contributionId);
      if (!contribution) return fail('unknown_contribution');
      if (contribution.status === command.status) return changes([]);
      return changes([{ type: 'contribution:moderated', contributionId: contribution.id, status: command.status }]);
    }
    case 'contribution:spotlight': {
      const { contributionId } = command;
      if (contributionId === contributions.spotlightId) return changes([]);
      if (contributionId === null) return changes([{ type: 'contribution:spotlighted', contributionId: null }]);
      const contribution = contributions.items.get(contributionId);
      if (!contribution) return fail('unknown_contribution');
      const approving: ContributionEvent[] =
        contribution.status === 'approved' ? [] : [{ type: 'contribution:moderated', contributionId, status: 'approved' }];
      return changes([...approving, { type: 'contribution:spotlighted', contributionId }]);
    }
    case 'contributions:configure': {
      if (command.moderation === contributions.moderation) return changes([]);
      const released = command.moderation
        ? []
        : [...contributions.items.values()].filter((contribution) => contribution.status === 'pending').map(({ id }) => id);
      return changes([{ type: 'contributions:configured', moderation: command.moderation, released }]);
    }
  }
}

export function evolveContribution(state: SessionState, event: ContributionEvent): void {
  const contributions = state.contributions;
  contributions.version++;
  switch (event.type) {
    case 'contribution:posted': {
      const { contribution } = event;
      contributions.items.set(contribution.id, { ...contribution, upvoters: new Set() });
      contributions.postedBy.set(contribution.authorId, (contributions.postedBy.get(contribution.authorId) ?? 0) + 1);
      if (event.postId !== undefined) contributions.idByPost.set(postKey(contribution.authorId, event.postId), contribution.id);
      return;
    }
    case 'contribution:upvoted': {
      const { upvoters } = requireContribution(state, event.contributionId);
      if (event.upvote) upvoters.add(event.participantId);
      else upvoters.delete(event.participantId);
      return;
    }
    case 'contribution:moderated':
      requireContribution(state, event.contributionId).status = event.status;
      // The spotlight holds approved contributions only.
      if (event.status !== 'approved' && contributions.spotlightId === event.contributionId) contributions.spotlightId = null;
      return;
    case 'contribution:spotlighted':
      contributions.spotlightId = event.contributionId;
      return;
    case 'contributions:configured':
      contributions.moderation = event.moderation;
      for (const contributionId of event.released) requireContribution(state, contributionId).status = 'approved';
      return;
  }
}

/** A contribution as a client shows it. */
export interface ContributionView {
  id: string;
  kind: ContributionKind;
  text: string;
  tableId: string | null;
  postedAt: number;
  status: ContributionStatus;
  upvotes: number;
  /** Moderators only: the author's name as they gave it (may be empty). */
  authorName?: string;
}

/** What moderators (everything) or audiences (approved only, the top of the list) see. */
export interface ContributionBoard {
  version: number;
  moderation: boolean;
  /** Also carried when it is not among the top of the list. */
  spotlight: ContributionView | null;
  contributions: ContributionView[];
  /** Approved contributions in all, also those beyond the list an audience gets. */
  approved: number;
}

/** What one participant's phone needs besides the board: their own contributions and upvotes. */
export interface MyContributions {
  version: number;
  posted: ContributionView[];
  upvoted: string[];
}

/** A contribution as one attendee sees it on the phone. */
export interface AttendeeContribution extends ContributionView {
  own: boolean;
  upvotedByMe: boolean;
}

export type ContributionAudience = 'moderator' | 'audience';

export function deriveContributionBoard(state: SessionState, audience: ContributionAudience): ContributionBoard {
  const { items, moderation, spotlightId, version } = state.contributions;
  const all = [...items.values()];
  const approved = all.filter((contribution) => contribution.status === 'approved');
  const shown = audience === 'moderator' ? all : approved;
  const spotlighted = spotlightId === null ? undefined : items.get(spotlightId);
  const view = (contribution: Contribution) => contributionView(state, contribution, audience);
  return {
    version,
    moderation,
    spotlight: spotlighted ? view(spotlighted) : null,
    contributions: sortContributions(shown.map(view)).slice(0, audience === 'moderator' ? undefined : CONTRIBUTION_LIMITS.audienceListSize),
    approved: approved.length,
  };
}

export function deriveMyContributions(state: SessionState, participantId: string): MyContributions {
  const all = [...state.contributions.items.values()];
  return {
    version: state.contributions.version,
    posted: all.filter((contribution) => contribution.authorId === participantId).map((contribution) => contributionView(state, contribution, 'audience')),
    upvoted: all.filter((contribution) => contribution.upvoters.has(participantId)).map(({ id }) => id),
  };
}

/**
 * The phone's list: the public board with the attendee's own contributions added, their own waiting ones
 * first (so they see it arrived), then the board's order. Hidden ones of their own are left out.
 */
export function attendeeContributions(board: ContributionBoard, mine: MyContributions): AttendeeContribution[] {
  const ownIds = new Set(mine.posted.map(({ id }) => id));
  const upvoted = new Set(mine.upvoted);
  const onBoard = new Set(board.contributions.map(({ id }) => id));
  const own = mine.posted.filter((contribution) => contribution.status !== 'hidden' && !onBoard.has(contribution.id));
  const mark = (contribution: ContributionView): AttendeeContribution => ({
    ...contribution,
    own: ownIds.has(contribution.id),
    upvotedByMe: upvoted.has(contribution.id),
  });
  const waiting = own.filter((contribution) => contribution.status === 'pending');
  const shown = sortContributions([...board.contributions, ...own.filter((contribution) => contribution.status === 'approved')]);
  return [...sortContributions(waiting), ...shown].map(mark);
}

/** Most upvoted first, then newest first; ids break ties so every client shows the same order. */
export function sortContributions<C extends ContributionView>(contributions: C[]): C[] {
  return [...contributions].sort(
    (a, b) => b.upvotes - a.upvotes || b.postedAt - a.postedAt || contributionNumber(b.id) - contributionNumber(a.id),
  );
}

function contributionView(state: SessionState, contribution: Contribution, audience: ContributionAudience): ContributionView {
  const { id, kind, text, tableId, postedAt, status, upvoters } = contribution;
  const view: ContributionView = { id, kind, text, tableId, postedAt, status, upvotes: upvoters.size };
  if (audience === 'moderator') view.authorName = state.participants.get(contribution.authorId)?.name ?? '';
  return view;
}

function contributionNumber(id: string): number {
  return Number(id.slice(1));
}

/** Keeps line breaks (a proposal may have points) but no other control characters; trims the ends. */
function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function requireContribution(state: SessionState, contributionId: string): Contribution {
  const contribution = state.contributions.items.get(contributionId);
  // Events come only from `decide`, which checked the contribution exists; a miss is a corrupt log.
  if (!contribution) throw new Error(`event refers to unknown contribution ${contributionId}`);
  return contribution;
}
