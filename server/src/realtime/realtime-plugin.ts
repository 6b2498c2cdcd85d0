import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { deriveLiveView, SOCKET_IO_PATH, type SessionEvent } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import type { PnyxServer } from './connection.js';
import { registerHandlers } from './handlers.js';
import { ContributionPublisher } from './contribution-publisher.js';
import { Presence } from './presence.js';
import { sessionRoom } from './rooms.js';

/** Largest Socket.IO message accepted: every pnyx event is well under 1 KB. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/** Events that change what every screen shows; the others change tallies, seats or moderation only. */
const VIEW_EVENTS: ReadonlySet<SessionEvent['type']> = new Set([
  'question:opened',
  'question:reopened',
  'question:closed',
  'phase:entered',
  'phase:updated',
  'timer:started',
  'timer:paused',
  'timer:adjusted',
  'timer:reset',
  'timer:expired',
  'screen:shown',
  'tables:added',
  'table:renamed',
  'table:removed',
]);
const changesView = (event: SessionEvent) => VIEW_EVENTS.has(event.type);

/** The participants whose own phones must hear of an event: moved, unseated, made facilitator. */
function seatsChanged(event: SessionEvent): string[] {
  if (event.type === 'participant:seated' || event.type === 'facilitator:set') return [event.participantId];
  if (event.type === 'table:removed') return event.unseated;
  return [];
}

const changesRoster = (event: SessionEvent) =>
  event.type === 'participant:joined' || seatsChanged(event).length > 0 || event.type.startsWith('table');

declare module 'fastify' {
  interface FastifyInstance {
    io: PnyxServer;
  }
}

export interface RealtimePluginOptions {
  sessions: SessionService;
}

/** Socket.IO on the Fastify server (the official "with Fastify" wiring), closed with it. */
export const realtimePlugin = fp<RealtimePluginOptions>(
  async (app, { sessions }) => {
    const io: PnyxServer = new Server(app.server, {
      path: SOCKET_IO_PATH,
      serveClient: false,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      // The Yjs endpoint shares the HTTP server; Engine.IO must not destroy its upgrades.
      destroyUpgrade: false,
    });
    app.decorate('io', io);
    const onBug = (error: unknown) => app.log.error({ err: error }, 'a realtime handler failed');
    const presence = new Presence(io, sessions, onBug);
    const contributions = new ContributionPublisher(io, sessions, onBug);

    sessions.onApplied((sessionId, events) => {
      presence.talliesChanged(sessionId);
      if (events.some(changesRoster)) presence.rosterChanged(sessionId);
      for (const participantId of new Set(events.flatMap(seatsChanged))) {
        presence.tellParticipant(sessionId, participantId).catch(onBug);
      }
      const tableBallots = events.flatMap((event) => (event.type === 'ballot:accepted' && event.ballot.voterId !== event.ballot.participantId ? [event.ballot] : []));
      if (tableBallots.length > 0) presence.tellTables(sessionId, tableBallots).catch(onBug);
      if (!events.some(changesView)) return;
      void sessions.state(sessionId).then((state) => {
        if (state) io.to(sessionRoom(sessionId)).emit('view:update', deriveLiveView(state, sessions.now()));
      }, onBug);
    });

    io.on('connection', (socket) => {
      registerHandlers(socket, { sessions, readAgenda: app.readAgenda, presence, onBug });
      socket.on('disconnect', () => presence.leave(socket));
    });

    app.addHook('preClose', async () => {
      presence.close();
      contributions.close();
      io.disconnectSockets(true);
    });
    // Fastify has closed the HTTP server by now; this ends Engine.IO's own timers.
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { dependencies: ['yjs'] },
);
