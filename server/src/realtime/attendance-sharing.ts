import { randomUUID } from 'node:crypto';
import { ATTENDANCE_REPORT_INTERVAL_MS, type AttendanceCounter } from './attendance.js';
import { CoalescingPublisher } from './coalescing-publisher.js';
import type { PnyxServer } from './connection.js';

/** A burst of joins is reported to the other instances at most this often. */
const REPORT_DELAY_MS = 500;

/**
 * Tells the other server instances, over the Socket.IO adapter, how many attendees of each session this one
 * has connected, and takes their reports: moderators see the whole room wherever phones are connected.
 * Reports are renewed on a heartbeat, so an instance that dies stops counting after a few seconds.
 */
export class AttendanceSharing {
  private readonly instanceId = randomUUID();
  private readonly reports: CoalescingPublisher;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly io: PnyxServer,
    private readonly attendance: AttendanceCounter,
    /** Told when another instance's report changed a session's attendance. */
    changedElsewhere: (sessionId: string) => void,
  ) {
    this.reports = new CoalescingPublisher({ publish: (sessionId) => this.send(sessionId), intervalMs: REPORT_DELAY_MS });
    this.heartbeat = setInterval(() => {
      for (const sessionId of attendance.sessionsHere()) this.send(sessionId);
    }, ATTENDANCE_REPORT_INTERVAL_MS);
    this.heartbeat.unref();
    io.on('attendance', (report) => {
      attendance.report(report);
      changedElsewhere(report.sessionId);
    });
  }

  changedHere(sessionId: string): void {
    this.reports.markChanged(sessionId);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.reports.close();
  }

  private send(sessionId: string): void {
    this.io.serverSideEmit('attendance', { instanceId: this.instanceId, sessionId, attendance: this.attendance.hereOf(sessionId), at: Date.now() });
  }
}
