import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@pnyx/server/app';
import { MemoryStore } from '@pnyx/server/stores/memory-store';
import type { Store } from '@pnyx/server/stores/store';
import type { WebHandler } from '@pnyx/server/web/web-plugin';

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
}

async function loadWebHandler(): Promise<WebHandler> {
  if (!existsSync(WEB_HANDLER)) throw new Error(`web app not built: ${WEB_HANDLER} is missing; run npm run build`);
  return ((await import(pathToFileURL(WEB_HANDLER).href)) as { handler: WebHandler }).handler;
}

/** A real pnyx server on a free port of 127.0.0.1, with an in-memory store unless one is given. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const store = options.store ?? new MemoryStore();
  const app = await buildApp(
    { publicUrl: undefined, logLevel: process.env.PNYX_TEST_LOG ? 'info' : 'silent' },
    options.web ? { store, webHandler: await loadWebHandler() } : { store },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, app, store, close: () => app.close() };
}
