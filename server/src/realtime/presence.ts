import type { SessionState, TallyUpdate } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import { AttendanceCounter } from './attendance.js';
import type { ConnectionData, PnyxServer, PnyxSocket } from './connection.js';
import { moderatorRoom, screenRoom, sessionRoom } from './rooms.js';
import { TallyPublisher } from './tally-publisher.js';
import { tallyUpdate, type Audience } from './tally-updates.js';

type Joined = Required<Pick<ConnectionData, 'sessionId' | 'role'>> & ConnectionData;

/**
 * Who is connected to which session in which role: the rooms a connection is in, the attendance count,
 * and the coalesced tally updates each room gets (full for moderators, audience-safe for projectors).
 */
export class Presence {
  private readonly attendance = new AttendanceCounter();
  private readonly tallies: TallyPublisher;

  constructor(
    private readonly io: PnyxServer,
    private readonly sessions: SessionService,
    private readonly onBug: (error: unknown) => void,
  ) {
    this.tallies = new TallyPublisher({ publish: (sessionId, seq) => this.publish(sessionId, seq) });
  }

  /** Puts a connection in a session under a role, leaving whatever it had joined before. */
  enter(socket: PnyxSocket, joined: Joined): void {
    this.leave(socket);
    socket.data = joined;
    void socket.join(sessionRoom(joined.sessionId));
    if (joined.role === 'moderator') void socket.join(moderatorRoom(joined.sessionId));
    if (joined.role === 'screen') void socket.join(screenRoom(joined.sessionId));
    if (joined.role === 'attendee' && joined.channel) {
      this.attendance.add(joined.sessionId, joined.channel, 1);
      this.tallies.markChanged(joined.sessionId);
    }
  }

  /** Takes a connection out of its session (on disconnect, or before it joins another). */
  leave(socket: PnyxSocket): void {
    const { sessionId, role, channel } = socket.data;
    if (!sessionId) return;
    for (const room of [sessionRoom(sessionId), moderatorRoom(sessionId), screenRoom(sessionId)]) void socket.leave(room);
    if (role === 'attendee' && channel) {
      this.attendance.add(sessionId, channel, -1);
      this.tallies.markChanged(sessionId);
    }
    socket.data = {};
  }

  /** Something that tallies show changed (a ballot, a join, a question opened or closed). */
  talliesChanged(sessionId: string): void {
    this.tallies.markChanged(sessionId);
  }

  tallySnapshot(sessionId: string, state: SessionState, audience: Audience): TallyUpdate {
    return tallyUpdate(state, audience, this.tallies.seq(sessionId), this.attendance.of(sessionId));
  }

  close(): void {
    this.tallies.close();
  }

  private publish(sessionId: string, seq: number): void {
    this.sessions.state(sessionId).then((state) => {
      if (!state) return;
      const attendance = this.attendance.of(sessionId);
      this.io.to(moderatorRoom(sessionId)).emit('tally:update', tallyUpdate(state, 'moderator', seq, attendance));
      this.io.to(screenRoom(sessionId)).emit('tally:update', tallyUpdate(state, 'screen', seq, attendance));
    }, this.onBug);
  }
}
