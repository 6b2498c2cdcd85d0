import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import fp from 'fastify-plugin';
import { WebSocketServer, type WebSocket } from 'ws';
import { endsModeratorLink, parseTableNotesDocumentName, YJS_CLOSE, YJS_PATH, YJS_SUBPROTOCOL, type AgendaSnapshot } from '@pnyx/shared';
import { readAgenda } from '@pnyx/shared/session-doc';
import type { ClientLimits, ConnectionAdmission } from '../limits/admission.js';
import { clientAddress } from '../limits/client-address.js';
import type { SessionService } from '../sessions/session-service.js';
import { sessionOfDocument, type Store } from '../stores/store.js';
import { DocumentRegistry } from './document-registry.js';
import { changesNotesAccess, NotesConnections } from './notes-connections.js';
import { RefusedUpdateError, type DocumentPeer } from './shared-document.js';
import { tableNotesGuard } from './table-notes-guard.js';
import { authoriseYjs, type YjsAccess } from './yjs-access.js';

/** A Yjs message larger than this closes the connection: a session script is a few kilobytes. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

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
  limits: ClientLimits;
}

/**
 * The Yjs WebSocket endpoint: `/yjs/<sessionId>`, the session's document, for moderators only;
 * `/yjs/<sessionId>/tables/<tableId>`, a table's notes, for moderators and the participants at that table;
 * the token comes as a subprotocol (see yjs-access.ts). The upgrade is routed here by path; Engine.IO is told to
 * leave other paths alone.
 */
export const yjsPlugin = fp<YjsPluginOptions>(async (app, { store, sessions, limits }) => {
  const documents = new DocumentRegistry({
    store,
    onStoreError: (error, name) => app.log.error({ err: error, document: name }, 'storing a Yjs update failed'),
    guardOf: (name) => (parseTableNotesDocumentName(name) ? tableNotesGuard() : undefined),
  });
  const notesConnections = new NotesConnections<WebSocket>();
  const documentOf = new WeakMap<WebSocket, string>();
  const moderatorLinkOf = new WeakMap<WebSocket, string>();
  // The first offered subprotocol is `pnyx` (the second is the token, which must never be echoed back).
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => YJS_SUBPROTOCOL });
  app.decorate('documents', documents);
  app.decorate('readAgenda', async (sessionId: string) => readAgenda((await documents.get(sessionId)).doc));

  function recheckNotesAccess(sessionId: string): void {
    void sessions.state(sessionId).then((state) => {
      if (!state) return;
      for (const socket of notesConnections.revoked(state)) socket.close(YJS_CLOSE.accessEnded, 'no longer at this table');
    }, (error: unknown) => app.log.error({ err: error, sessionId }, 'rechecking table notes access failed'));
  }

  /** The open connections to `sessionId`'s documents (its script and its tables' notes). */
  function* connectionsOf(sessionId: string): Generator<WebSocket> {
    for (const socket of sockets.clients) {
      const name = documentOf.get(socket);
      if (name !== undefined && sessionOfDocument(name) === sessionId) yield socket;
    }
  }

  /** Closes the connections of `sessionId`'s documents that came in with a moderator link now revoked or replaced. */
  function closeModeratorLink(sessionId: string, linkId: string): void {
    for (const socket of connectionsOf(sessionId)) {
      if (moderatorLinkOf.get(socket) === linkId) socket.close(YJS_CLOSE.accessEnded, 'moderator link ended');
    }
  }

  sessions.onApplied((sessionId, events) => {
    if (notesConnections.has(sessionId) && events.some(changesNotesAccess)) recheckNotesAccess(sessionId);
    for (const event of events.filter(endsModeratorLink)) closeModeratorLink(sessionId, event.linkId);
  });

  sessions.onDeleted((sessionId) => {
    for (const socket of connectionsOf(sessionId)) socket.close(YJS_CLOSE.accessEnded, 'session deleted');
  });

  function refuse(socket: Duplex, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function serve(socket: WebSocket, access: Extract<YjsAccess, { ok: true }>, admission: ConnectionAdmission): void {
    const { documentName, notes } = access;
    documentOf.set(socket, documentName);
    if (access.moderatorLinkId !== null) moderatorLinkOf.set(socket, access.moderatorLinkId);
    const peer: DocumentPeer = { send: (message) => socket.readyState === socket.OPEN && socket.send(message) };
    // Messages can arrive while the document loads; keep them in order until it is ready.
    const early: Uint8Array[] = [];
    let document: Awaited<ReturnType<DocumentRegistry['addPeer']>> | null = null;
    let alive = true;
    const receive = (data: Uint8Array) => {
      try {
        document!.receive(peer, data);
      } catch (error) {
        if (error instanceof RefusedUpdateError) socket.close(YJS_CLOSE.refusedUpdate, 'update refused');
        else socket.close(YJS_CLOSE.malformedMessage, 'malformed Yjs message');
      }
    };
    socket.on('message', (data: Buffer) => {
      // Once the server closes a connection (access ended, a refused update), nothing more from it counts.
      if (socket.readyState !== socket.OPEN) return;
      if (!admission.admitYjsMessage().ok) return socket.close(YJS_CLOSE.tooManyMessages, 'too many messages');
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
    if (notes) {
      notesConnections.add(socket, notes);
      // A move between the upgrade's check and now would otherwise go unnoticed.
      recheckNotesAccess(notes.sessionId);
    }
    socket.on('close', () => {
      clearInterval(ping);
      if (notes) notesConnections.remove(socket, notes);
      if (document) documents.removePeer(document, peer);
    });
    documents.addPeer(documentName, peer).then(
      (loaded) => {
        if (socket.readyState !== socket.OPEN) return documents.removePeer(loaded, peer);
        document = loaded;
        for (const message of early.splice(0)) receive(message);
      },
      (error: unknown) => {
        app.log.error({ err: error, document: documentName }, 'loading a Yjs document failed');
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
    authoriseYjs(sessions, request).then(
      (access) => {
        if (!access.ok) return refuse(socket, access.status);
        const address = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], limits.trustedProxies);
        const admission = limits.admission.connection(address);
        sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, access, admission));
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
