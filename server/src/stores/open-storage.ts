import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import { ConfigError, type Config } from '../config.js';
import { EmbeddedStore } from './embedded-store.js';
import { RedisStore } from './redis-store.js';
import type { Store } from './store.js';

export interface Storage {
  store: Store;
  /** Links this instance's Socket.IO to the others' (Redis only). */
  adapter?: ServerOptions['adapter'];
  /** Closes what the store does not own; after the app closed. */
  close(): Promise<void>;
}

export interface StorageEvents {
  /** Another server took the embedded store's data directory over: this one must stop writing. */
  onLockLost: () => void;
}

/** Opens the configured store; fails with a clear message when its data directory or Redis is unusable. */
export async function openStorage(storage: Config['storage'], events: StorageEvents): Promise<Storage> {
  try {
    return await open(storage, events);
  } catch (error) {
    throw new ConfigError(`pnyx cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function open(storage: Config['storage'], { onLockLost }: StorageEvents): Promise<Storage> {
  if (storage.kind === 'embedded') {
    return { store: await EmbeddedStore.open(storage.dataDir, { onLockLost }), close: async () => {} };
  }
  const store = await RedisStore.connect(storage.url);
  // The adapter reads its stream with blocking calls on connections of its own, duplicated from this one.
  // Through a Redis outage its commands wait for the reconnect: it neither spins on errors nor drops its
  // promises' rejections (which would end the process). The outage itself shows as the store's refusals.
  const adapterClient = new Redis(storage.url, { maxRetriesPerRequest: null });
  adapterClient.on('error', () => {});
  return {
    store,
    adapter: createAdapter(adapterClient, { streamName: 'pnyx:socket.io' }),
    close: async () => {
      adapterClient.disconnect();
    },
  };
}
