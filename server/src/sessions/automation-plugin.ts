import fp from 'fastify-plugin';
import { PhaseAutomation } from './phase-automation.js';
import type { SessionService } from './session-service.js';

export interface AutomationPluginOptions {
  sessions: SessionService;
}

/** Wires PhaseAutomation to the session events and the agenda documents. */
export const automationPlugin = fp<AutomationPluginOptions>(
  async (app, { sessions }) => {
    const automation = new PhaseAutomation({
      sessions,
      readAgenda: app.readAgenda,
      onError: (error, sessionId) => app.log.error({ err: error, sessionId }, 'phase automation failed'),
    });
    sessions.onApplied((sessionId) => {
      void sessions.state(sessionId).then((state) => state && automation.reschedule(sessionId, state));
    });
    app.documents.onChange((sessionId) => automation.agendaChanged(sessionId));
    app.addHook('preClose', async () => automation.close());
  },
  { dependencies: ['yjs'] },
);
