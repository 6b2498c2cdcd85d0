import type { ContributionBoard, ContributionView, MyContributions } from '../domain/contributions.js';
import type { AccessView, ModeratorLinkView } from '../domain/access.js';
import type { DomainError } from '../domain/errors.js';
import type { LiveView, LiveViewUpdate } from '../domain/live-view.js';
import type { Answer } from '../domain/question.js';
import type { QuestionResults } from '../domain/results.js';
import type { PaperCount } from '../domain/session.js';
import type { Me, Roster } from '../domain/roster.js';
import type { TableNotesUpdate } from './table-notes.js';
import type {
  AnswerModerate,
  ContributionModerate,
  ContributionPost,
  ContributionsConfigure,
  ContributionSpotlight,
  ContributionUpvote,
  AttendeeJoin,
  BallotCast,
  FacilitatorClaim,
  FacilitatorSet,
  LanguagesSet,
  ParticipantLanguage,
  JoinPinSet,
  ModeratorJoin,
  ModeratorLinkCreate,
  ModeratorLinkRef,
  PaperEnter,
  PaperGet,
  ParticipantMove,
  PhaseGo,
  QuestionRef,
  ScreenJoin,
  ScreenShow,
  Seat,
  TableRef,
  TableRename,
  TablesAdd,
  TimerControl,
  WordHide,
} from './schemas.js';

/** The answer to `contributions:get`; `mine` for attendees only. */
export interface ContributionsSnapshot {
  board: ContributionBoard;
  mine?: MyContributions;
}

/** What every client → server event is answered with. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: DomainError };

/** A participant's own counted ballot, as the phone shows it after a reload. */
export interface OwnBallot {
  questionId: string;
  ballotId: string;
  answer: Answer;
}

/** Coalesced tallies (a few per second at most). `seq` grows per session, so a client drops stale ones. */
export interface TallyUpdate {
  seq: number;
  /**
   * Results (room, per channel, per table, and the shift from the question it asks again): of every opened
   * question when `complete` (the snapshot a join answers with), else only of those that changed since the
   * previous update; `applyTallyUpdate` merges them. For projectors, a question revealed only after close has
   * `hidden: true` tallies while open, and open answers are the approved ones only.
   */
  results: QuestionResults[];
  complete: boolean;
  /** Participants who ever joined the session. */
  participants: number;
  /** Attendees connected right now, by channel. */
  attendance: Attendance;
}

export interface Attendance {
  onsite: number;
  online: number;
}

export interface AttendeeJoined {
  participantId: string;
  me: Me;
  /** Kept on the phone: sending it again on join resumes the same participant. */
  participantToken: string;
  view: LiveView;
  ballots: OwnBallot[];
}

export interface WatcherJoined {
  view: LiveView;
  tally: TallyUpdate;
}

export interface ModeratorJoined extends WatcherJoined {
  /** The moderator links that work and the join PIN. */
  access: AccessView;
  /** The link this moderator came in with (`owner` for the one that created the session). */
  moderatorLinkId: string;
}

export interface ClientToServerEvents {
  'session:join': (payload: AttendeeJoin, ack: (result: Ack<AttendeeJoined>) => void) => void;
  'moderator:join': (payload: ModeratorJoin, ack: (result: Ack<ModeratorJoined>) => void) => void;
  /** A new co-moderator link: its token is in the answer once, the server keeps only its hash. */
  'moderator-link:create': (payload: ModeratorLinkCreate, ack: (result: Ack<{ link: ModeratorLinkView; moderatorToken: string }>) => void) => void;
  /** Ends a co-moderator link: its holders' connections close and it opens nothing any more. */
  'moderator-link:revoke': (payload: ModeratorLinkRef, ack: (result: Ack) => void) => void;
  /** Replaces the token of the link this moderator came in with; the old one stops working everywhere. */
  'moderator-link:rotate': (payload: Record<string, never>, ack: (result: Ack<{ moderatorToken: string }>) => void) => void;
  /** Sets the digits newcomers must give to join, or (null) lets the join code alone in. */
  'join-pin:set': (payload: JoinPinSet, ack: (result: Ack) => void) => void;
  'screen:join': (payload: ScreenJoin, ack: (result: Ack<WatcherJoined>) => void) => void;
  /** `counted`: with a duplicate, the ballot that counts now for the voter (a table's other facilitator may have answered since). */
  'ballot:cast': (payload: BallotCast, ack: (result: Ack<{ duplicate: boolean; counted?: OwnBallot }>) => void) => void;
  'question:open': (payload: QuestionRef, ack: (result: Ack) => void) => void;
  'question:close': (payload: QuestionRef, ack: (result: Ack) => void) => void;
  /** Moderators: go to the next or previous phase, or jump to one. */
  'phase:go': (payload: PhaseGo, ack: (result: Ack) => void) => void;
  /** Moderators: start, pause, resume, reset, add or remove a minute. */
  'timer:control': (payload: TimerControl, ack: (result: Ack) => void) => void;
  /** Anyone: the server's clock, for the client's offset estimate. */
  'clock:ping': (payload: Record<string, never>, ack: (result: Ack<{ serverTime: number }>) => void) => void;
  /** Attendees: sit at a table (or none) and give a name. */
  'participant:seat': (payload: Seat, ack: (result: Ack<{ me: Me }>) => void) => void;
  /** Attendees: the language their person now reads best (they chose another), for the moderators' count. */
  'participant:language': (payload: ParticipantLanguage, ack: (result: Ack<{ me: Me }>) => void) => void;
  /** Attendees: become their table's facilitator with the code the moderator gave them. */
  'facilitator:claim': (payload: FacilitatorClaim, ack: (result: Ack<{ me: Me }>) => void) => void;
  /** Moderators, or the table's facilitator: hand-counted results of a table. */
  'paper:enter': (payload: PaperEnter, ack: (result: Ack) => void) => void;
  /** The same: the table's last entry (null before one), so a form starts from it. */
  'paper:get': (payload: PaperGet, ack: (result: Ack<{ entry: PaperCount | null }>) => void) => void;
  /** Moderators: set up tables, rename, remove, move people, assign facilitators. */
  'tables:add': (payload: TablesAdd, ack: (result: Ack) => void) => void;
  'table:rename': (payload: TableRename, ack: (result: Ack) => void) => void;
  'table:remove': (payload: TableRef, ack: (result: Ack) => void) => void;
  'participant:move': (payload: ParticipantMove, ack: (result: Ack) => void) => void;
  'facilitator:set': (payload: FacilitatorSet, ack: (result: Ack) => void) => void;
  'roster:get': (payload: Record<string, never>, ack: (result: Ack<{ roster: Roster }>) => void) => void;
  /** Moderators: take a word off the word cloud, moderate an open answer, choose what the projector shows. */
  'word:hide': (payload: WordHide, ack: (result: Ack) => void) => void;
  'answer:moderate': (payload: AnswerModerate, ack: (result: Ack) => void) => void;
  'screen:show': (payload: ScreenShow, ack: (result: Ack) => void) => void;
  /** Moderators: the content's main language, its other languages and the projector's second one. */
  'languages:set': (payload: LanguagesSet, ack: (result: Ack) => void) => void;
  /** Moderators: end the session (votes close, the timer stops, nothing more is taken) or reopen it. */
  'session:end': (payload: Record<string, never>, ack: (result: Ack) => void) => void;
  'session:reopen': (payload: Record<string, never>, ack: (result: Ack) => void) => void;
  /** Attendees: post a contribution (a facilitator also "for my table"); answered with it as posted. */
  'contribution:post': (payload: ContributionPost, ack: (result: Ack<{ contribution: ContributionView }>) => void) => void;
  /** Attendees: upvote an approved contribution once (or withdraw); a repeat is a duplicate. */
  'contribution:upvote': (payload: ContributionUpvote, ack: (result: Ack<{ duplicate: boolean }>) => void) => void;
  /** Moderators: approve, hide or send back to the queue; spotlight one (or none); moderation on or off. */
  'contribution:moderate': (payload: ContributionModerate, ack: (result: Ack) => void) => void;
  'contribution:spotlight': (payload: ContributionSpotlight, ack: (result: Ack) => void) => void;
  'contributions:configure': (payload: ContributionsConfigure, ack: (result: Ack) => void) => void;
  /** Anyone joined: the board as their role sees it; an attendee also gets their own contributions. */
  'contributions:get': (payload: Record<string, never>, ack: (result: Ack<ContributionsSnapshot>) => void) => void;
}

export interface ServerToClientEvents {
  /**
   * To every connection of the session, after a change of what screens show. `questions` and `tables` are
   * absent when unchanged since the last view the connection got (merge with `applyLiveViewUpdate`); the joins
   * answer with the whole view, which replaces everything.
   */
  'view:update': (view: LiveViewUpdate) => void;
  'tally:update': (update: TallyUpdate) => void;
  /** To a participant's own phones: their seat, name or role changed (by them or a moderator). */
  'me:update': (me: Me) => void;
  /** To the members of a table: the table-scope ballot its facilitator cast, so every phone shows it. */
  'ballot:counted': (ballot: OwnBallot) => void;
  /** To moderators, coalesced: who sits where. */
  'roster:update': (roster: Roster) => void;
  /** Coalesced: moderators get every contribution, phones and projectors the approved ones. */
  'contributions:update': (board: ContributionBoard) => void;
  /** To a participant's own phones: their contributions and upvotes changed. */
  'contributions:mine': (mine: MyContributions) => void;
  /** A table's notes as text, coalesced: to moderators for every table, to projectors for the table they show. */
  'notes:update': (notes: TableNotesUpdate) => void;
  /** To moderators: who has a moderator link, and the PIN, whenever either changes. */
  'access:update': (access: AccessView) => void;
}

/** Socket.IO path, and the path under which the Yjs WebSocket endpoint serves `/<sessionId>`. */
export const SOCKET_IO_PATH = '/socket.io';
export const YJS_PATH = '/yjs';

/**
 * WebSocket close codes pnyx uses for Yjs connections. y-websocket clients do not reconnect after a 44xx:
 * sending the same again would be refused again.
 */
export const YJS_CLOSE = {
  malformedMessage: 4400,
  /** The holder may no longer use this document (moved to another table, the table removed). */
  accessEnded: 4403,
  /** An update the document's guard refused (table notes beyond their limits). */
  refusedUpdate: 4413,
  /** Past the connection's message rate (1013 "try again later", not 44xx): the client connects again and syncs. */
  tooManyMessages: 1013,
} as const;

/**
 * How a Yjs client presents its token: as the second WebSocket subprotocol after `pnyx`, never in the URL,
 * where proxies and access logs would keep it. The server accepts the `pnyx` subprotocol.
 */
export const YJS_SUBPROTOCOL = 'pnyx';

export function yjsSubprotocols(token: string): string[] {
  return token ? [YJS_SUBPROTOCOL, token] : [YJS_SUBPROTOCOL];
}
/** Coalescing window of tally updates: at most 10 a second per session. */
export const TALLY_PUBLISH_INTERVAL_MS = 100;
