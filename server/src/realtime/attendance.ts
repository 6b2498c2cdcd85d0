import type { Attendance, Channel } from '@pnyx/shared';

/** What one server instance last said about its attendees of one session. */
export interface AttendanceReport {
  instanceId: string;
  sessionId: string;
  attendance: Attendance;
  /** When the instance said it (its clock); reports not renewed in time are from an instance that died. */
  at: number;
}

/** Instances renew their reports this often; one silent for three periods is taken for gone. */
export const ATTENDANCE_REPORT_INTERVAL_MS = 5_000;
const REPORT_LIFETIME_MS = 3 * ATTENDANCE_REPORT_INTERVAL_MS;

const NOBODY: Attendance = { onsite: 0, online: 0 };

/**
 * Attendees connected right now, per session and channel (a participant with two tabs counts twice): those
 * connected to this instance, counted here, plus those of the other instances as they last reported.
 */
export class AttendanceCounter {
  private readonly here = new Map<string, Attendance>();
  private readonly elsewhere = new Map<string, Map<string, AttendanceReport>>();

  constructor(private readonly clock: () => number = Date.now) {}

  of(sessionId: string): Attendance {
    const total = { ...this.hereOf(sessionId) };
    const now = this.clock();
    for (const report of this.elsewhere.get(sessionId)?.values() ?? []) {
      if (now - report.at > REPORT_LIFETIME_MS) continue;
      total.onsite += report.attendance.onsite;
      total.online += report.attendance.online;
    }
    return total;
  }

  /** This instance's own count, the one it reports to the others. */
  hereOf(sessionId: string): Attendance {
    return { ...(this.here.get(sessionId) ?? NOBODY) };
  }

  /** Sessions with attendees on this instance. */
  sessionsHere(): string[] {
    return [...this.here.keys()];
  }

  add(sessionId: string, channel: Channel, delta: 1 | -1): void {
    const counts = this.here.get(sessionId) ?? { ...NOBODY };
    counts[channel] = Math.max(0, counts[channel] + delta);
    if (counts.onsite === 0 && counts.online === 0) this.here.delete(sessionId);
    else this.here.set(sessionId, counts);
  }

  /** Takes another instance's report, replacing its previous one. */
  report(report: AttendanceReport): void {
    let reports = this.elsewhere.get(report.sessionId);
    if (!reports) this.elsewhere.set(report.sessionId, (reports = new Map()));
    reports.set(report.instanceId, report);
    const now = this.clock();
    for (const [instanceId, known] of reports) {
      if (now - known.at > REPORT_LIFETIME_MS || (known.attendance.onsite === 0 && known.attendance.online === 0)) reports.delete(instanceId);
    }
    if (reports.size === 0) this.elsewhere.delete(report.sessionId);
  }
}
