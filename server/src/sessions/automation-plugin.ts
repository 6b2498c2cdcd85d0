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
    // A session loaded after a restart, or by a second instance, may be in a phase whose timer runs out.
    sessions.onLoaded((sessionId, state) => automation.reschedule(sessionId, state));
    sessions.onDeleted((sessionId) => automation.forget(sessionId));
    // The instance whose moderator edited the agenda makes the running phase follow.
    app.documents.onChange((sessionId, madeHere) => madeHere && automation.agendaChanged(sessionId));
    app.addHook('preClose', async () => automation.close());
  },
  { dependencies: ['yjs'] },
);
