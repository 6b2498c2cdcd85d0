import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-websocket's message types (the client speaks these). */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Decides whether an update a peer sent may be applied to the document as it is now (a size limit, an
 * allowed layout). Without one, every well-formed update is applied.
 */
export type UpdateGuard = (doc: Y.Doc, update: Uint8Array) => boolean;

/** Thrown by `receive` for an update the document's guard refused: nothing of it was applied. */
export class RefusedUpdateError extends Error {}

/** One peer of a document: anything that can receive binary messages. */
export interface DocumentPeer {
  send(message: Uint8Array): void;
}

/**
 * A Y.Doc the server holds as a peer, with its awareness and the connections editing it. Speaks the
 * y-websocket wire protocol (sync + awareness) over any transport.
 */
export class SharedDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Awareness client ids each peer announced, to clear them when it leaves. */
  private readonly peers = new Map<DocumentPeer, Set<number>>();

  constructor(
    readonly name: string,
    private readonly guard?: UpdateGuard,
  ) {
    // The server itself has no presence to show.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.broadcast(encoding.toUint8Array(encoder), origin);
    });
    this.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const changed = [...added, ...updated, ...removed];
        const announced = this.peers.get(origin as DocumentPeer);
        if (announced) {
          for (const id of added) announced.add(id);
          for (const id of removed) announced.delete(id);
        }
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
        this.broadcast(encoding.toUint8Array(encoder), undefined);
      },
    );
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** Starts the sync handshake with a new peer and tells it who else is here. */
  addPeer(peer: DocumentPeer): void {
    this.peers.set(peer, new Set());
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(sync, this.doc);
    peer.send(encoding.toUint8Array(sync));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(this.awarenessMessage(states));
  }

  removePeer(peer: DocumentPeer): void {
    const announced = this.peers.get(peer);
    this.peers.delete(peer);
    if (announced && announced.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...announced], null);
    }
  }

  /**
   * Handles one message from a peer; throws on a malformed message, and a RefusedUpdateError on an update
   * the guard refused (the caller closes that peer).
   */
  receive(peer: DocumentPeer, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        this.checkUpdate(decoder);
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, MESSAGE_SYNC);
        // y-protocols catches a broken update and only prints it; thrown on, it closes the connection (4400).
        syncProtocol.readSyncMessage(decoder, reply, this.doc, peer, (error) => {
          throw error;
        });
        // A reply holds more than its type byte only when the peer asked for something (sync step 1).
        if (encoding.length(reply) > 1) peer.send(encoding.toUint8Array(reply));
        return;
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        checkAwareness(update);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
        return;
      }
      case MESSAGE_QUERY_AWARENESS:
        peer.send(this.awarenessMessage([...this.awareness.getStates().keys()]));
        return;
      default:
        throw new Error(`unknown Yjs message type ${type}`);
    }
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Runs the guard on a sync step 2 or an update (a sync step 1 only asks, it changes nothing). */
  private checkUpdate(decoder: decoding.Decoder): void {
    if (!this.guard) return;
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) === syncProtocol.messageYjsSyncStep1) return;
    if (!this.guard(this.doc, decoding.readVarUint8Array(peek))) throw new RefusedUpdateError(`update refused by ${this.name}`);
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers.keys()) if (peer !== except) peer.send(message);
  }
}

/**
 * Presence is a name and a cursor, a few hundred bytes per client; y-websocket clients echo the states of
 * everyone they see, so a message carries the whole group's. Far beyond that is a peer flooding the group.
 * (States not renewed expire after 30 s.)
 */
const AWARENESS_MAX_BYTES = 64 * 1024;

function checkAwareness(update: Uint8Array): void {
  if (update.length > AWARENESS_MAX_BYTES) throw new RefusedUpdateError('presence update beyond its limit');
}
