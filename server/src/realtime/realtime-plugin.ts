import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { deriveLiveView, SOCKET_IO_PATH, type SessionEvent } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import type { PnyxServer } from './connection.js';
import { registerHandlers } from './handlers.js';
import { Presence } from './presence.js';
import { sessionRoom } from './rooms.js';

/** Largest Socket.IO message accepted: every pnyx event is well under 1 KB. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/** Events that change what every screen shows; ballots and joins only change tallies. */
const changesView = (event: SessionEvent) => event.type !== 'ballot:accepted' && event.type !== 'participant:joined';

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

    sessions.onApplied((sessionId, events) => {
      presence.talliesChanged(sessionId);
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
      io.disconnectSockets(true);
    });
    // Fastify has closed the HTTP server by now; this ends Engine.IO's own timers.
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { dependencies: ['yjs'] },
);
