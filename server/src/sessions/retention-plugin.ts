import fp from 'fastify-plugin';
import type { Store } from '../stores/store.js';
import { Retention } from './retention.js';
import type { SessionService } from './session-service.js';

export interface RetentionPluginOptions {
  sessions: SessionService;
  store: Pick<Store, 'listSessions'>;
  /** Sessions inactive for longer than this many days are deleted; 0 keeps them forever (`RETENTION_DAYS`). */
  retentionDays: number;
}

/** Deletes inactive sessions from the moment the server is ready until it closes. */
export const retentionPlugin = fp<RetentionPluginOptions>(async (app, { sessions, store, retentionDays }) => {
  const retention = new Retention({
    listSessions: () => store.listSessions(),
    deleteSession: (sessionId) => sessions.delete(sessionId),
    retentionDays,
    onDeleted: ({ id, lastActiveAt }) => app.log.info({ sessionId: id, lastActiveAt }, 'deleted an inactive session'),
    onError: (error) => app.log.error({ err: error }, 'deleting inactive sessions failed'),
  });
  app.addHook('onReady', async () => retention.start());
  app.addHook('preClose', () => retention.stop());
});
