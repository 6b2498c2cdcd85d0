import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import {
  ballotsCsv,
  deriveSessionReport,
  fileSlug,
  sessionFile,
  tableNotesDocumentName,
  tableNotesText,
  talliesCsv,
  type SessionReport,
  type SessionState,
} from '@pnyx/shared';
import { exportAgenda } from '@pnyx/shared/session-doc';
import type { SessionService } from '../sessions/session-service.js';
import { asModerator } from './moderator-check.js';

export interface ReportRoutesOptions {
  sessions: SessionService;
}

/** Every table's notes as text, read from their Yjs documents (loaded for the moment if nobody has them open). */
async function notesOf(app: FastifyInstance, state: SessionState): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const tableId of state.tables.keys()) {
    const document = await app.documents.get(tableNotesDocumentName(state.info.id, tableId));
    notes.set(tableId, tableNotesText(document.doc).toString());
  }
  return notes;
}

const attachment = (state: SessionState, what: string) => `attachment; filename="${fileSlug(state.info.title)}-${what}"`;

/**
 * The session report and its downloads, for the session's moderators (bearer token): the report as JSON (the
 * report page draws it), every counted ballot and every tally as CSV, and the whole session as one JSON file
 * whose agenda the console imports as a new session's template.
 */
export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (app, { sessions }) => {
  const reportOf = async (state: SessionState): Promise<SessionReport> => deriveSessionReport(state, await notesOf(app, state), sessions.now());

  app.get<{ Params: { id: string } }>('/api/sessions/:id/report', asModerator(sessions, reportOf));

  app.get<{ Params: { id: string } }>(
    '/api/sessions/:id/export/ballots.csv',
    asModerator(sessions, async (state, _request, reply) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(state, 'ballots.csv')).send(ballotsCsv(state)),
    ),
  );

  app.get<{ Params: { id: string } }>(
    '/api/sessions/:id/export/tallies.csv',
    asModerator(sessions, async (state, _request, reply) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(state, 'tallies.csv')).send(talliesCsv(await reportOf(state))),
    ),
  );

  app.get<{ Params: { id: string } }>(
    '/api/sessions/:id/export/session.json',
    asModerator(sessions, async (state, _request, reply) => {
      const agenda = exportAgenda((await app.documents.get(state.info.id)).doc);
      return reply.header('content-disposition', attachment(state, 'session.json')).send(sessionFile(agenda, await reportOf(state)));
    }),
  );
};
