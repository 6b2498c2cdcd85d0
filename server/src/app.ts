import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { sendError } from './http/errors.js';
import { healthRoutes } from './http/health-routes.js';
import { Admission } from './limits/admission.js';
import { securityHeaders } from './http/security-headers.js';
import { reportRoutes } from './http/report-routes.js';
import { sessionRoutes } from './http/session-routes.js';
import { realtimePlugin, type RealtimePluginOptions } from './realtime/realtime-plugin.js';
import { automationPlugin } from './sessions/automation-plugin.js';
import { retentionPlugin } from './sessions/retention-plugin.js';
import { SessionService } from './sessions/session-service.js';
import type { Store } from './stores/store.js';
import { webPlugin, type WebHandler } from './web/web-plugin.js';
import { tableNotesPublisher } from './yjs/table-notes-publisher.js';
import { yjsPlugin } from './yjs/yjs-plugin.js';

/** Largest HTTP body accepted: the API takes small JSON only. */
const MAX_BODY_BYTES = 64 * 1024;

export interface AppDeps {
  store: Store;
  /** Links Socket.IO to the other server instances (with the Redis store). */
  adapter?: RealtimePluginOptions['adapter'];
  /** The built SvelteKit app; without it only the API, Socket.IO and Yjs are served. */
  webHandler?: WebHandler;
}

/** Builds the whole server on one port, not yet listening. The store is closed with the app. */
export async function buildApp(config: Pick<Config, 'publicUrl' | 'logLevel' | 'retentionDays' | 'trustedProxies' | 'rateLimits'>, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: config.logLevel }, bodyLimit: MAX_BODY_BYTES });
  const sessions = new SessionService(deps.store);
  const admission = new Admission(config.rateLimits);
  const limits = { admission, trustedProxies: config.trustedProxies };
  sessions.onError((error, sessionId) => app.log.warn({ err: error, sessionId }, 'following a session failed'));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Fastify's own refusals (bad JSON, wrong content type, body too large) are the client's mistake.
    if (error.statusCode && error.statusCode < 500) {
      return sendError(reply, error.statusCode, 'invalid_input', `The request was refused: ${error.message}`);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal');
  });

  await app.register(securityHeaders);
  await app.register(healthRoutes);
  await app.register(sessionRoutes, { sessions, publicUrl: config.publicUrl, limits });
  await app.register(yjsPlugin, { store: deps.store, sessions, limits });
  await app.register(reportRoutes, { sessions });
  await app.register(automationPlugin, { sessions });
  await app.register(realtimePlugin, { sessions, adapter: deps.adapter, limits });
  await app.register(tableNotesPublisher, { sessions });
  await app.register(retentionPlugin, { sessions, store: deps.store, retentionDays: config.retentionDays });
  await app.register(webPlugin, { handler: deps.webHandler });
  app.addHook('onClose', async () => {
    sessions.close();
    await deps.store.close();
  });
  return app;
}
