import * as Y from 'yjs';
import type { Store } from '../stores/store.js';
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

/**
 * The server's Yjs documents: loaded from the store on first use, every update appended to the store,
 * unloaded when no peer has used them for a while (the upstream y-websocket server keeps them forever).
 */
export class DocumentRegistry {
  private readonly documents = new Map<string, Promise<SharedDocument>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly idleUnloadMs: number;
  private readonly changeListeners: ((name: string) => void)[] = [];

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

  /** Calls `listener` with the document's name after every change a peer made. */
  onChange(listener: (name: string) => void): void {
    this.changeListeners.push(listener);
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
    const documents = await Promise.allSettled(this.documents.values());
    for (const loaded of documents) if (loaded.status === 'fulfilled') loaded.value.destroy();
    this.documents.clear();
  }

  private async load(name: string): Promise<SharedDocument> {
    const document = new SharedDocument(name, this.options.guardOf?.(name));
    const stored = await this.options.store.loadDocument(name);
    if (stored) Y.applyUpdate(document.doc, stored, this);
    document.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      this.options.store.appendDocumentUpdate(name, update).catch((error: unknown) => this.options.onStoreError(error, name));
      for (const listener of this.changeListeners) listener(name);
    });
    return document;
  }

  private scheduleUnloadIfIdle(name: string): void {
    this.cancelUnload(name);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(name);
      void this.documents.get(name)?.then((document) => {
        if (document.peerCount > 0) return;
        this.documents.delete(name);
        document.destroy();
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
