import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import fp from 'fastify-plugin';
import { WebSocketServer, type WebSocket } from 'ws';
import { YJS_PATH, type AgendaSnapshot } from '@pnyx/shared';
import { readAgenda } from '@pnyx/shared/session-doc';
import type { SessionService } from '../sessions/session-service.js';
import type { Store } from '../stores/store.js';
import { DocumentRegistry } from './document-registry.js';
import type { DocumentPeer } from './shared-document.js';

/** A Yjs message larger than this closes the connection: a session script is a few kilobytes. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const PING_INTERVAL_MS = 30_000;
/** WebSocket close codes pnyx uses for Yjs connections. */
export const YJS_CLOSE = { malformedMessage: 4400 } as const;

declare module 'fastify' {
  interface FastifyInstance {
    documents: DocumentRegistry;
    /** The agenda and questions of a session as its Yjs document says now. */
    readAgenda: (sessionId: string) => Promise<AgendaSnapshot>;
  }
}

export interface YjsPluginOptions {
  store: Store;
  sessions: SessionService;
}

/**
 * The Yjs WebSocket endpoint at `/yjs/<sessionId>?token=<moderatorToken>`: only moderators load a
 * session's document. The upgrade is routed here by path; Engine.IO is told to leave other paths alone.
 */
export const yjsPlugin = fp<YjsPluginOptions>(async (app, { store, sessions }) => {
  const documents = new DocumentRegistry({
    store,
    onStoreError: (error, name) => app.log.error({ err: error, document: name }, 'storing a Yjs update failed'),
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  app.decorate('documents', documents);
  app.decorate('readAgenda', async (sessionId: string) => readAgenda((await documents.get(sessionId)).doc));

  async function authorise(request: IncomingMessage): Promise<string | null> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const sessionId = decodeURIComponent(url.pathname.slice(YJS_PATH.length + 1));
    const token = url.searchParams.get('token') ?? '';
    if (!sessionId || sessionId.includes('/')) return null;
    const verdict = await sessions.authenticateModerator(sessionId, token);
    return verdict.ok ? sessionId : null;
  }

  function refuse(socket: Duplex, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function serve(socket: WebSocket, sessionId: string): void {
    const peer: DocumentPeer = { send: (message) => socket.readyState === socket.OPEN && socket.send(message) };
    // Messages can arrive while the document loads; keep them in order until it is ready.
    const early: Uint8Array[] = [];
    let document: Awaited<ReturnType<DocumentRegistry['addPeer']>> | null = null;
    let alive = true;
    const receive = (data: Uint8Array) => {
      try {
        document!.receive(peer, data);
      } catch {
        socket.close(YJS_CLOSE.malformedMessage, 'malformed Yjs message');
      }
    };
    socket.on('message', (data: Buffer) => {
      const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (document) receive(message);
      else early.push(message);
    });
    socket.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_INTERVAL_MS);
    socket.on('close', () => {
      clearInterval(ping);
      if (document) documents.removePeer(document, peer);
    });
    documents.addPeer(sessionId, peer).then(
      (loaded) => {
        if (socket.readyState !== socket.OPEN) return documents.removePeer(loaded, peer);
        document = loaded;
        for (const message of early.splice(0)) receive(message);
      },
      (error: unknown) => {
        app.log.error({ err: error, sessionId }, 'loading a Yjs document failed');
        socket.close(1011, 'document unavailable');
      },
    );
  }

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = request.url ?? '';
    if (!path.startsWith(`${YJS_PATH}/`)) {
      // Engine.IO takes its own path; anything else has no WebSocket here.
      if (!path.startsWith('/socket.io')) refuse(socket, '404 Not Found');
      return;
    }
    authorise(request).then(
      (sessionId) => {
        if (!sessionId) return refuse(socket, '401 Unauthorized');
        sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, sessionId));
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'authorising a Yjs connection failed');
        refuse(socket, '500 Internal Server Error');
      },
    );
  };
  app.server.on('upgrade', onUpgrade);

  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const client of sockets.clients) client.terminate();
  });
  app.addHook('onClose', async () => {
    sockets.close();
    await documents.close();
  });
}, { name: 'yjs' });
