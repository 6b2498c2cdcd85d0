import * as Y from 'yjs';
import { keepTrying } from '../stores/keep-trying.js';
import { UnknownSessionError, type Store } from '../stores/store.js';
import { SharedDocument, type DocumentPeer, type UpdateGuard } from './shared-document.js';

/** How long a document with no peers stays in memory before it is unloaded (a reload would reconnect). */
const IDLE_UNLOAD_MS = 30_000;

export interface DocumentRegistryOptions {
  store: Store;
  onStoreError: (error: unknown, documentName: string) => void;
  idleUnloadMs?: number;
  /** The guard of the document `name`, if its updates need checking before they are applied. */
  guardOf?: (name: string) => UpdateGuard | undefined;
}

/** The origin of updates that other server processes appended: stored already, and not this process's news. */
const FROM_STORE = Symbol('from the store');

/**
 * The server's Yjs documents: loaded from the store on first use, every update a peer makes appended to the
 * store, updates other server processes append applied as they are told, unloaded when no peer has used them
 * for a while (the upstream y-websocket server keeps them forever).
 */
export class DocumentRegistry {
  private readonly documents = new Map<string, Promise<SharedDocument>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly unfollows = new Map<string, () => void>();
  /** Documents with an update the store refused: kept loaded until their whole state is stored. */
  private readonly unsaved = new Set<string>();
  private readonly idleUnloadMs: number;
  private readonly changeListeners: ((name: string, madeHere: boolean) => void)[] = [];
  private readonly unloadListeners: ((name: string) => void)[] = [];

  constructor(private readonly options: DocumentRegistryOptions) {
    this.idleUnloadMs = options.idleUnloadMs ?? IDLE_UNLOAD_MS;
  }

  /** The document `name`, loaded if needed. Holding it does not keep it loaded: peers do. */
  get(name: string): Promise<SharedDocument> {
    let loading = this.documents.get(name);
    if (!loading) {
      loading = this.load(name);
      this.documents.set(name, loading);
      loading.catch(() => this.documents.delete(name));
      this.scheduleUnloadIfIdle(name);
    }
    return loading;
  }

  /**
   * Calls `listener` with the document's name after every change: `madeHere` when a peer of this process
   * made it, not when another server process did.
   */
  onChange(listener: (name: string, madeHere: boolean) => void): void {
    this.changeListeners.push(listener);
  }

  /** Calls `listener` with the document's name when it is unloaded (what was read of it may go stale). */
  onUnload(listener: (name: string) => void): void {
    this.unloadListeners.push(listener);
  }

  async addPeer(name: string, peer: DocumentPeer): Promise<SharedDocument> {
    for (;;) {
      const loading = this.get(name);
      const document = await loading;
      // An idle unload may have run while this peer waited; then load the document again.
      if (this.documents.get(name) !== loading) continue;
      this.cancelUnload(name);
      document.addPeer(peer);
      return document;
    }
  }

  removePeer(document: SharedDocument, peer: DocumentPeer): void {
    document.removePeer(peer);
    this.scheduleUnloadIfIdle(document.name);
  }

  async close(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const unfollow of this.unfollows.values()) unfollow();
    this.unfollows.clear();
    this.unsaved.clear();
    const documents = await Promise.allSettled(this.documents.values());
    for (const loaded of documents) if (loaded.status === 'fulfilled') loaded.value.destroy();
    this.documents.clear();
  }

  private async load(name: string): Promise<SharedDocument> {
    const document = new SharedDocument(name, this.options.guardOf?.(name));
    const { store } = this.options;
    let loaded = true;
    document.doc.on('destroy', () => (loaded = false));
    const onError = (error: unknown) => this.options.onStoreError(error, name);
    const applyStored = (update: Uint8Array | null) => update && Y.applyUpdate(document.doc, update, FROM_STORE);
    // Followed before loading, so no update appended in between is missed (applying one twice does nothing).
    const unfollow = store.followDocument(name, {
      updated: applyStored,
      resync: () => keepTrying(async () => applyStored(await store.loadDocument(name)), { wanted: () => loaded, onError }),
    });
    try {
      applyStored(await store.loadDocument(name));
    } catch (error) {
      unfollow();
      throw error;
    }
    this.unfollows.set(name, unfollow);
    document.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const madeHere = origin !== FROM_STORE;
      if (madeHere) {
        store
          .appendDocumentUpdate(name, update)
          .catch(dropIfSessionDeleted)
          .catch((error: unknown) => this.saveLater(document, error));
      }
      for (const listener of this.changeListeners) listener(name, madeHere);
    });
    return document;
  }

  /**
   * An update the store refused is in this process's copy and its peers' only: the other instances and the
   * store must get it, and the peers will not send it again. So the whole state is stored, once the store
   * is back (later updates depend on it; Yjs holds them back elsewhere until it arrives), or until the
   * session turns out deleted.
   */
  private saveLater(document: SharedDocument, error: unknown): void {
    const { name } = document;
    this.options.onStoreError(error, name);
    if (this.unsaved.has(name)) return;
    this.unsaved.add(name);
    keepTrying(
      async () => {
        await this.options.store.appendDocumentUpdate(name, Y.encodeStateAsUpdate(document.doc)).catch(dropIfSessionDeleted);
        this.unsaved.delete(name);
      },
      { wanted: () => this.unsaved.has(name), onError: (retryError) => this.options.onStoreError(retryError, name) },
    );
  }

  private scheduleUnloadIfIdle(name: string): void {
    this.cancelUnload(name);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(name);
      void this.documents.get(name)?.then((document) => {
        if (document.peerCount > 0) return;
        if (this.unsaved.has(name)) return this.scheduleUnloadIfIdle(name);
        this.documents.delete(name);
        this.unfollows.get(name)?.();
        this.unfollows.delete(name);
        document.destroy();
        for (const listener of this.unloadListeners) listener(name);
      });
    }, this.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(name, timer);
  }

  private cancelUnload(name: string): void {
    const timer = this.unloadTimers.get(name);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(name);
  }
}

/**
 * Lets an update go when the store refused it because the document's session was deleted meanwhile (an edit
 * racing the deletion): there is nothing left to store it in, and the yjs plugin is closing the session's
 * connections. Retrying it would never end. Any other refusal is rethrown.
 */
function dropIfSessionDeleted(error: unknown): void {
  if (!(error instanceof UnknownSessionError)) throw error;
}
