import type { WebsocketProvider } from 'y-websocket';

export interface ProviderHandlers {
  status: (event: { status: 'connected' | 'disconnected' | 'connecting' }) => void;
  sync: (synced: boolean) => void;
  /** y-websocket stops for good after a 44xx close from the server: the code says why. */
  closed: (event: { code: number; reason: string }) => void;
  /** Someone's awareness state (presence) changed. */
  awareness: () => void;
}

/** Follows a provider's connection and its awareness; the returned function stops following. */
export function followProvider(provider: WebsocketProvider, handlers: ProviderHandlers): () => void {
  provider.on('status', handlers.status);
  provider.on('sync', handlers.sync);
  provider.on('closed', handlers.closed);
  provider.awareness.on('change', handlers.awareness);
  return () => {
    provider.awareness.off('change', handlers.awareness);
    provider.off('status', handlers.status);
    provider.off('sync', handlers.sync);
    provider.off('closed', handlers.closed);
  };
}
