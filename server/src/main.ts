import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, readConfig } from './config.js';
import { openStorage } from './stores/open-storage.js';
import type { WebHandler } from './web/web-plugin.js';

const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

async function loadWebHandler(): Promise<WebHandler> {
  if (!existsSync(WEB_HANDLER)) throw new ConfigError(`the web app is not built (${WEB_HANDLER}); run npm run build`);
  const module = (await import(pathToFileURL(WEB_HANDLER).href)) as { handler: WebHandler };
  return module.handler;
}

const ENV_FILE = fileURLToPath(new URL('../../.env', import.meta.url));

async function main(): Promise<void> {
  if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);
  const config = readConfig(process.env);
  const webHandler = await loadWebHandler();
  const storage = await openStorage(config.storage, {
    onLockLost: () => {
      console.error('pnyx stops: another server took its data directory (DATA_DIR) over, and two must not write it');
      process.exit(1);
    },
  });
  const app = await buildApp(config, { store: storage.store, adapter: storage.adapter, webHandler });
  app.addHook('onClose', () => storage.close());
  // A library's forgotten promise must not end a live session for everyone connected.
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal}: closing`);
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
