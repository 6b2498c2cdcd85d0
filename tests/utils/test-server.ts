import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildApp } from '@pnyx/server/app';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '@pnyx/server/limits/rate-limits';
import { MemoryStore } from '@pnyx/server/stores/memory-store';
import type { Store } from '@pnyx/server/stores/store';
import type { WebHandler } from '@pnyx/server/web/web-plugin';
import type { TestSocket } from './clients.js';
import type { ModeratorDoc } from './moderator-doc.js';

const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Serve the built SvelteKit app too (needs `npm run build`). */
  web?: boolean;
  store?: Store;
  /** Limits other than the defaults (a test of the limits themselves). */
  rateLimits?: RateLimits;
}

async function loadWebHandler(): Promise<WebHandler> {
  if (!existsSync(WEB_HANDLER)) throw new Error(`web app not built: ${WEB_HANDLER} is missing; run npm run build`);
  return ((await import(pathToFileURL(WEB_HANDLER).href)) as { handler: WebHandler }).handler;
}

/** A real pnyx server on a free port of 127.0.0.1, with an in-memory store unless one is given. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const store = options.store ?? new MemoryStore();
  const app = await buildApp(
    {
      publicUrl: undefined,
      logLevel: process.env.PNYX_TEST_LOG ? 'info' : 'silent',
      retentionDays: 0,
      trustedProxies: 0,
      rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS,
    },
    options.web ? { store, webHandler: await loadWebHandler() } : { store },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, app, store, close: () => app.close() };
}

/** One server for a test file, and the clients its tests open on it. */
export interface ServerFixture {
  /** The file's server: its fields can be read once the tests run (it starts in `beforeAll`). */
  server: TestServer;
  /** Sockets `connect` adds to; each is disconnected after every test. */
  sockets: TestSocket[];
  /** Yjs clients a test keeps here; each is closed after every test. */
  docs: ModeratorDoc[];
}

/**
 * Registers the vitest hooks of a file that talks to a real server: the server starts before the file's tests
 * and closes after them; the sockets and Yjs clients in the fixture's lists close after each test.
 */
export function useTestServer(options: TestServerOptions = {}): ServerFixture {
  let started: TestServer | undefined;
  const running = (): TestServer => {
    if (!started) throw new Error('the test server is not running: read it inside tests and hooks');
    return started;
  };
  const server: TestServer = {
    get url() {
      return running().url;
    },
    get app() {
      return running().app;
    },
    get store() {
      return running().store;
    },
    close: () => running().close(),
  };
  const sockets: TestSocket[] = [];
  const docs: ModeratorDoc[] = [];

  beforeAll(async () => {
    started = await startTestServer(options);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const doc of docs.splice(0)) doc.close();
  });
  afterAll(async () => {
    await started?.close();
  });
  return { server, sockets, docs };
}
