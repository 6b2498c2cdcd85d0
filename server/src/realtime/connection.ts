import type { BroadcastOperator, Server, Socket } from 'socket.io';
import type { Ack, Channel, ClientToServerEvents, ServerToClientEvents } from '@pnyx/shared';
import { fail } from '@pnyx/shared';
import { parseMessage } from '@pnyx/shared/schemas';
import type { z } from 'zod';
import type { AttendanceReport } from './attendance.js';

export type Role = 'attendee' | 'moderator' | 'screen';

/** Who a connection is, once it has joined. */
export interface ConnectionData {
  sessionId?: string;
  role?: Role;
  participantId?: string;
  channel?: Channel;
}

/** What server instances tell each other over the Socket.IO adapter. */
export interface InterServerEvents {
  attendance: (report: AttendanceReport) => void;
}

export type PnyxServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionData>;
export type PnyxSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionData>;
/**
 * Emits to this instance's connections only. What follows from the session log goes this way: every
 * instance applies the log itself and tells its own connections (through the adapter, each would hear it
 * once per instance).
 */
export type LocalBroadcast = BroadcastOperator<ServerToClientEvents, ConnectionData>;

export interface HandlerContext {
  socket: PnyxSocket;
}

/**
 * Registers one client → server event: validate with its schema, run the handler, answer with a Result.
 * A message without an ack callback cannot be answered and is ignored; a handler that throws is a bug,
 * logged here and answered with `internal`, so no internal detail reaches a client.
 */
export function handle<S extends z.ZodType, T extends object>(
  socket: PnyxSocket,
  event: keyof ClientToServerEvents,
  schema: S,
  handler: (payload: z.output<S>) => Promise<Ack<T>>,
  onBug: (error: unknown) => void,
): void {
  (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
    event,
    (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const parsed = parseMessage(schema, payload);
      if (!parsed.ok) return ack(parsed);
      handler(parsed.value).then(
        (result) => ack(result),
        (error: unknown) => {
          onBug(error);
          ack(fail('internal'));
        },
      );
    },
  );
}

/** The session and role of a joined connection, or the error to answer with. */
export function joinedAs(
  socket: PnyxSocket,
  role: Role,
): { ok: true; sessionId: string; participantId?: string } | { ok: false; error: ReturnType<typeof fail>['error'] } {
  const { sessionId, role: actual, participantId } = socket.data;
  if (!sessionId || !actual) return fail('not_joined');
  if (actual !== role) return fail('forbidden');
  return participantId === undefined ? { ok: true, sessionId } : { ok: true, sessionId, participantId };
}
