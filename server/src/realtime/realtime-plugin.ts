import fp from 'fastify-plugin';
import { Server, type ServerOptions } from 'socket.io';
import { changesAccess, changesLiveView, deriveAccessView, endsModeratorLink, liveViewUpdate, SOCKET_IO_PATH, type SessionEvent } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import type { ClientLimits } from '../limits/admission.js';
import { clientAddress } from '../limits/client-address.js';
import { eventRegistrar, type PnyxServer } from './connection.js';
import { registerHandlers } from './handlers.js';
import { AttendanceCounter } from './attendance.js';
import { AttendanceSharing } from './attendance-sharing.js';
import { ContributionPublisher } from './contribution-publisher.js';
import { Presence } from './presence.js';
import { moderatorRoom, sessionRoom } from './rooms.js';

/** Largest Socket.IO message accepted: every pnyx event is well under 1 KB. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/** The participants whose own phones must hear of an event: moved, unseated, made facilitator. */
function seatsChanged(event: SessionEvent): string[] {
  if (event.type === 'participant:seated' || event.type === 'facilitator:set') return [event.participantId];
  if (event.type === 'table:removed') return event.unseated;
  return [];
}

const changesRoster = (event: SessionEvent) =>
  event.type === 'participant:joined' || event.type === 'participant:language-set' || seatsChanged(event).length > 0 || event.type.startsWith('table');

declare module 'fastify' {
  interface FastifyInstance {
    io: PnyxServer;
  }
}

export interface RealtimePluginOptions {
  sessions: SessionService;
  /** The Socket.IO adapter that links several server instances (Redis); without it, this one is alone. */
  adapter?: ServerOptions['adapter'];
  limits: ClientLimits;
}

/** Socket.IO on the Fastify server (the official "with Fastify" wiring), closed with it. */
export const realtimePlugin = fp<RealtimePluginOptions>(
  async (app, { sessions, adapter, limits }) => {
    const io: PnyxServer = new Server(app.server, {
      path: SOCKET_IO_PATH,
      serveClient: false,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      // The Yjs endpoint shares the HTTP server; Engine.IO must not destroy its upgrades.
      destroyUpgrade: false,
      adapter,
    });
    app.decorate('io', io);
    const onBug = (error: unknown) => app.log.error({ err: error }, 'a realtime handler failed');
    const here = io.local;
    const attendance = new AttendanceCounter();
    const sharing = adapter ? new AttendanceSharing(io, attendance, (sessionId) => presence.talliesChanged(sessionId)) : null;
    const presence = new Presence({
      here,
      sessions,
      attendance,
      attendanceChanged: (sessionId) => sharing?.changedHere(sessionId),
      onBug,
    });
    const contributions = new ContributionPublisher(here, sessions, onBug);

    /** Closes this instance's connections that came in with a link now revoked or replaced (not the one replacing it). */
    const closeModeratorLink = (sessionId: string, linkId: string) => {
      for (const id of io.of('/').adapter.rooms.get(moderatorRoom(sessionId)) ?? []) {
        const socket = io.of('/').sockets.get(id);
        if (socket?.data.moderatorLinkId === linkId && !socket.data.replacingLink) socket.disconnect(true);
      }
    };

    sessions.onApplied((sessionId, events) => {
      for (const event of events.filter(endsModeratorLink)) closeModeratorLink(sessionId, event.linkId);
      if (events.some(changesAccess)) {
        void sessions.state(sessionId).then((state) => {
          if (state) here.to(moderatorRoom(sessionId)).emit('access:update', deriveAccessView(state));
        }, onBug);
      }
      presence.talliesChanged(sessionId);
      if (events.some(changesRoster)) presence.rosterChanged(sessionId);
      for (const participantId of new Set(events.flatMap(seatsChanged))) {
        presence.tellParticipant(sessionId, participantId).catch(onBug);
      }
      const tableBallots = events.flatMap((event) => (event.type === 'ballot:accepted' && event.ballot.voterId !== event.ballot.participantId ? [event.ballot] : []));
      if (tableBallots.length > 0) presence.tellTables(sessionId, tableBallots).catch(onBug);
      if (!events.some(changesLiveView)) return;
      // Each update is derived from the state as it is when sent, so the last one carrying a list has it current.
      void sessions.state(sessionId).then((state) => {
        if (state) here.to(sessionRoom(sessionId)).emit('view:update', liveViewUpdate(state, sessions.now(), events));
      }, onBug);
    });

    // Its connections here are let go; joining again, they hear the session is unknown.
    sessions.onDeleted((sessionId) => here.in(sessionRoom(sessionId)).disconnectSockets(true));

    io.on('connection', (socket) => {
      const address = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], limits.trustedProxies);
      const admission = limits.admission.connection(address);
      const on = eventRegistrar(socket, { admission, onBug });
      registerHandlers(socket, { sessions, readAgenda: app.readAgenda, presence, on, admission });
      socket.on('disconnect', () => presence.leave(socket));
    });

    app.addHook('preClose', async () => {
      presence.close();
      contributions.close();
      sharing?.close();
      io.disconnectSockets(true);
    });
    // Fastify has closed the HTTP server by now; this ends Engine.IO's own timers.
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { dependencies: ['yjs'] },
);
