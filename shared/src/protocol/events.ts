import type { DomainError } from '../domain/errors.js';
import type { LiveView } from '../domain/live-view.js';
import type { Tally } from '../domain/tally.js';
import type { AttendeeJoin, BallotCast, ModeratorJoin, PhaseGo, QuestionRef, ScreenJoin, TimerControl } from './schemas.js';

/** What every client → server event is answered with. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: DomainError };

/** A participant's own counted ballot, as the phone shows it after a reload. */
export interface OwnBallot {
  questionId: string;
  optionId: string;
  ballotId: string;
}

/** Coalesced tallies (a few per second at most). `seq` grows per session, so a client drops stale ones. */
export interface TallyUpdate {
  seq: number;
  /** For projectors, a question revealed only after close has `hidden: true` and no counts while open. */
  tallies: Tally[];
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
  /** Kept on the phone: sending it again on join resumes the same participant. */
  participantToken: string;
  view: LiveView;
  ballots: OwnBallot[];
}

export interface WatcherJoined {
  view: LiveView;
  tally: TallyUpdate;
}

export interface ClientToServerEvents {
  'session:join': (payload: AttendeeJoin, ack: (result: Ack<AttendeeJoined>) => void) => void;
  'moderator:join': (payload: ModeratorJoin, ack: (result: Ack<WatcherJoined>) => void) => void;
  'screen:join': (payload: ScreenJoin, ack: (result: Ack<WatcherJoined>) => void) => void;
  'ballot:cast': (payload: BallotCast, ack: (result: Ack<{ duplicate: boolean }>) => void) => void;
  'question:open': (payload: QuestionRef, ack: (result: Ack) => void) => void;
  'question:close': (payload: QuestionRef, ack: (result: Ack) => void) => void;
  /** Moderators: go to the next or previous phase, or jump to one. */
  'phase:go': (payload: PhaseGo, ack: (result: Ack) => void) => void;
  /** Moderators: start, pause, resume, reset, add or remove a minute. */
  'timer:control': (payload: TimerControl, ack: (result: Ack) => void) => void;
  /** Anyone: the server's clock, for the client's offset estimate. */
  'clock:ping': (payload: Record<string, never>, ack: (result: Ack<{ serverTime: number }>) => void) => void;
}

export interface ServerToClientEvents {
  'view:update': (view: LiveView) => void;
  'tally:update': (update: TallyUpdate) => void;
}

/** Socket.IO path, and the path under which the Yjs WebSocket endpoint serves `/<sessionId>`. */
export const SOCKET_IO_PATH = '/socket.io';
export const YJS_PATH = '/yjs';
/** Coalescing window of tally updates: at most 10 a second per session. */
export const TALLY_PUBLISH_INTERVAL_MS = 100;
