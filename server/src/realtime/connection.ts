import type { BroadcastOperator, Server, Socket } from 'socket.io';
import type { Ack, Channel, ClientToServerEvents, ServerToClientEvents } from '@pnyx/shared';
import { fail } from '@pnyx/shared';
import { CLIENT_EVENT_SCHEMAS, parseMessage, type ClientEvent, type ClientPayload } from '@pnyx/shared/schemas';
import type { ConnectionAdmission } from '../limits/admission.js';
import type { AttendanceReport } from './attendance.js';

export type Role = 'attendee' | 'moderator' | 'screen';

/** Who a connection is, once it has joined. */
export interface ConnectionData {
  sessionId?: string;
  role?: Role;
  participantId?: string;
  channel?: Channel;
  /** A moderator's: the link they came in with; revoking or replacing it closes the connection. */
  moderatorLinkId?: string;
  /** Set while this connection replaces its own link's token: it is the one that keeps working. */
  replacingLink?: boolean;
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

export interface EventDeps {
  /** This connection's rate limits. */
  admission: ConnectionAdmission;
  onBug: (error: unknown) => void;
}

/** A handler of one client → server event: gets the validated payload, answers with a Result. */
export type EventHandler<E extends ClientEvent> = (payload: ClientPayload<E>) => Promise<Ack<object>>;

const isClientEvent = (event: unknown): event is ClientEvent => typeof event === 'string' && Object.hasOwn(CLIENT_EVENT_SCHEMAS, event);

/**
 * Registers client → server events on `socket`: each within the rate limits, validated by its schema
 * (`CLIENT_EVENT_SCHEMAS`), run, answered with a Result. Socket.IO puts the ack callback last, after however
 * many arguments a client sent: a message without one cannot be answered and is ignored; one with another
 * number of arguments than one payload, or of an event pnyx does not have, is refused. A handler that throws
 * is a bug, logged and answered with `internal`, so no internal detail reaches a client.
 */
export function eventRegistrar(socket: PnyxSocket, { admission, onBug }: EventDeps) {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (isClientEvent(event) || typeof ack !== 'function') return;
    const message = admission.admitMessage();
    ack(message.ok ? fail('invalid_input', 'There is no such event.') : message);
  });
  return function on<E extends ClientEvent>(event: E, handler: EventHandler<E>): void {
    (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
      event,
      (...args: unknown[]) => {
        const ack = args.at(-1);
        if (typeof ack !== 'function') return;
        const message = admission.admitMessage();
        if (!message.ok) return ack(message);
        if (args.length !== 2) return ack(fail('invalid_input', 'A message carries exactly one payload.'));
        const parsed = parseMessage(CLIENT_EVENT_SCHEMAS[event], args[0]);
        if (!parsed.ok) return ack(parsed);
        const admitted = admission.admitEvent(event);
        if (!admitted.ok) return ack(admitted);
        handler(parsed.value as ClientPayload<E>).then(
          (result) => ack(result),
          (error: unknown) => {
            onBug(error);
            ack(fail('internal'));
          },
        );
      },
    );
  };
}

export type OnEvent = ReturnType<typeof eventRegistrar>;

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
