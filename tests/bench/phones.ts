import type { LiveViewUpdate } from '@pnyx/shared';
import type { BallotCast } from '@pnyx/shared/schemas';
import { connect, expectOk, request, type TestSocket } from '../utils/clients.js';

/** How long a ballot may wait for its ack before the bench counts the run as broken. */
const ACK_TIMEOUT_MS = 60_000;

export interface CastOutcome {
  ok: boolean;
  /** performance.now() when the ballot was emitted and when its ack arrived. */
  sentAt: number;
  ackedAt: number;
  /** The refusal's code, or `timeout`. */
  error?: string;
}

/** One phone of the bench: a socket.io-client joined with the session's code, as the phone page joins. */
export class Phone {
  private awaited: { matches: (view: LiveViewUpdate) => boolean; arrived: (at: number) => void } | null = null;

  private constructor(readonly socket: TestSocket) {
    socket.on('view:update', (view) => {
      if (!this.awaited?.matches(view)) return;
      this.awaited.arrived(performance.now());
      this.awaited = null;
    });
  }

  /** Connects (WebSocket only, no reconnection) and joins; the socket is added to `sockets` for the teardown. */
  static async join(url: string, code: string, sockets: TestSocket[]): Promise<Phone> {
    const phone = new Phone(await connect(url, sockets));
    expectOk(await request(phone.socket, 'session:join', { code }));
    return phone;
  }

  /** Resolves with the arrival time (performance.now()) of the next view that `matches`. */
  nextView(matches: (view: LiveViewUpdate) => boolean): Promise<number> {
    return new Promise((arrived) => (this.awaited = { matches, arrived }));
  }

  cast(ballot: BallotCast): Promise<CastOutcome> {
    return new Promise((resolve) => {
      const sentAt = performance.now();
      this.socket.timeout(ACK_TIMEOUT_MS).emit('ballot:cast', ballot, (timedOut, result) => {
        const ackedAt = performance.now();
        if (timedOut) resolve({ ok: false, sentAt, ackedAt, error: 'timeout' });
        else resolve(result.ok ? { ok: true, sentAt, ackedAt } : { ok: false, sentAt, ackedAt, error: result.error.code });
      });
    });
  }
}
