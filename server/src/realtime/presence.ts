import { deriveRoster, meOf, type Ballot, type Roster, type SessionState, type TallyUpdate } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import type { AttendanceCounter } from './attendance.js';
import type { ConnectionData, LocalBroadcast, PnyxSocket } from './connection.js';
import { moderatorRoom, participantRoom, screenRoom, sessionRoom } from './rooms.js';
import { CoalescingPublisher } from './coalescing-publisher.js';
import { ownBallot } from './own-ballot.js';
import { ResultsCache } from './results-cache.js';
import { tallyUpdates, type Audience } from './tally-updates.js';

const ROSTER_INTERVAL_MS = 1_000;

type Joined = Required<Pick<ConnectionData, 'sessionId' | 'role'>> & ConnectionData;

/**
 * Who is connected to which session in which role: the rooms a connection is in, the attendance count,
 * and the coalesced tally updates each room gets (full for moderators, audience-safe for projectors).
 */
export interface PresenceOptions {
  here: LocalBroadcast;
  sessions: SessionService;
  attendance: AttendanceCounter;
  /** Told when this instance's attendance of a session changed. */
  attendanceChanged: (sessionId: string) => void;
  onBug: (error: unknown) => void;
}

export class Presence {
  private readonly here: LocalBroadcast;
  private readonly sessions: SessionService;
  private readonly attendance: AttendanceCounter;
  private readonly tallies: CoalescingPublisher;
  private readonly rosters: CoalescingPublisher;
  private readonly results = new ResultsCache();

  constructor(private readonly options: PresenceOptions) {
    ({ here: this.here, sessions: this.sessions, attendance: this.attendance } = options);
    this.tallies = new CoalescingPublisher({ publish: (sessionId, seq) => this.publish(sessionId, seq) });
    // Seating changes with every join: moderators get the whole roster at most once a second.
    this.rosters = new CoalescingPublisher({ publish: (sessionId) => this.publishRoster(sessionId), intervalMs: ROSTER_INTERVAL_MS });
  }

  /** Puts a connection in a session under a role, leaving whatever it had joined before. */
  enter(socket: PnyxSocket, joined: Joined): void {
    this.leave(socket);
    socket.data = joined;
    void socket.join(sessionRoom(joined.sessionId));
    if (joined.role === 'moderator') void socket.join(moderatorRoom(joined.sessionId));
    if (joined.role === 'screen') void socket.join(screenRoom(joined.sessionId));
    if (joined.role === 'attendee' && joined.participantId) void socket.join(participantRoom(joined.sessionId, joined.participantId));
    if (joined.role === 'attendee' && joined.channel) {
      this.attendance.add(joined.sessionId, joined.channel, 1);
      this.attendanceChanged(joined.sessionId);
    }
  }

  /** Takes a connection out of its session (on disconnect, or before it joins another). */
  leave(socket: PnyxSocket): void {
    const { sessionId, role, channel, participantId } = socket.data;
    if (!sessionId) return;
    for (const room of [sessionRoom(sessionId), moderatorRoom(sessionId), screenRoom(sessionId)]) void socket.leave(room);
    if (participantId) void socket.leave(participantRoom(sessionId, participantId));
    if (role === 'attendee' && channel) {
      this.attendance.add(sessionId, channel, -1);
      this.attendanceChanged(sessionId);
    }
    socket.data = {};
  }

  /** Something that tallies show changed (a ballot, a join, a question opened or closed, attendance). */
  talliesChanged(sessionId: string): void {
    this.tallies.markChanged(sessionId);
  }

  /** Who sits where changed. */
  rosterChanged(sessionId: string): void {
    this.rosters.markChanged(sessionId);
  }

  /** Tells a participant's phones where they sit and what role they have now. */
  async tellParticipant(sessionId: string, participantId: string): Promise<void> {
    const participant = (await this.sessions.state(sessionId))?.participants.get(participantId);
    if (participant) this.here.to(participantRoom(sessionId, participantId)).emit('me:update', meOf(participant));
  }

  /** Tells every member of a table the ballot its facilitator cast for it. */
  async tellTables(sessionId: string, ballots: readonly Ballot[]): Promise<void> {
    const state = await this.sessions.state(sessionId);
    if (!state) return;
    for (const ballot of ballots) {
      const counted = ownBallot(ballot);
      for (const participant of state.participants.values()) {
        if (participant.tableId === ballot.voterId) this.here.to(participantRoom(sessionId, participant.id)).emit('ballot:counted', counted);
      }
    }
  }

  async roster(sessionId: string): Promise<Roster | null> {
    const state = await this.sessions.state(sessionId);
    return state ? deriveRoster(state) : null;
  }

  /** Everything, for a moderator or projector that (re)joins; later updates carry only what changed. */
  tallySnapshot(sessionId: string, state: SessionState, audience: Audience): TallyUpdate {
    return tallyUpdates(state, this.results.all(state), this.tallies.seq(sessionId), this.attendance.of(sessionId), true)[audience];
  }

  close(): void {
    this.tallies.close();
    this.rosters.close();
  }

  private publishRoster(sessionId: string): void {
    this.roster(sessionId).then((roster) => {
      if (roster) this.here.to(moderatorRoom(sessionId)).emit('roster:update', roster);
    }, this.options.onBug);
  }

  private publish(sessionId: string, seq: number): void {
    this.sessions.state(sessionId).then((state) => {
      if (!state) return;
      const attendance = this.attendance.of(sessionId);
      const updates = tallyUpdates(state, this.results.changedSincePublished(state), seq, attendance, false);
      this.here.to(moderatorRoom(sessionId)).emit('tally:update', updates.moderator);
      this.here.to(screenRoom(sessionId)).emit('tally:update', updates.screen);
    }, this.options.onBug);
  }

  private attendanceChanged(sessionId: string): void {
    this.tallies.markChanged(sessionId);
    this.options.attendanceChanged(sessionId);
  }
}
