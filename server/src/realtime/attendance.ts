import type { Attendance, Channel } from '@pnyx/shared';

/** Attendees connected right now, per session and channel (a participant with two tabs counts twice). */
export class AttendanceCounter {
  private readonly counts = new Map<string, Attendance>();

  of(sessionId: string): Attendance {
    return { ...(this.counts.get(sessionId) ?? { onsite: 0, online: 0 }) };
  }

  add(sessionId: string, channel: Channel, delta: 1 | -1): void {
    const counts = this.counts.get(sessionId) ?? { onsite: 0, online: 0 };
    counts[channel] = Math.max(0, counts[channel] + delta);
    if (counts.onsite === 0 && counts.online === 0) this.counts.delete(sessionId);
    else this.counts.set(sessionId, counts);
  }
}
