import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import {
  ballotsCsv,
  deriveSessionReport,
  fileSlug,
  sessionFile,
  tableNotesDocumentName,
  tableNotesText,
  talliesCsv,
  type ErrorCode,
  type ResultsAudience,
  type SessionReport,
  type SessionState,
} from '@pnyx/shared';
import { exportAgenda } from '@pnyx/shared/session-doc';
import type { SessionService } from '../sessions/session-service.js';
import { hashSecret, newSecret } from '../sessions/secrets.js';
import { asModerator, asReportReader } from './bearer-check.js';
import { sendError } from './errors.js';

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

/** A command the store could not take is worth another try (503); any other refusal is the request's (409). */
const statusOf = (code: ErrorCode) => (code === 'store_unavailable' ? 503 : 409);

const attachment = (state: SessionState, what: string) => `attachment; filename="${fileSlug(state.info.title)}-${what}"`;

/**
 * The session report and its downloads, for the session's moderators (bearer token): the report as JSON (the
 * report page draws it), every counted ballot and every tally as CSV, and the whole session as one JSON file
 * whose agenda the console imports as a new session's template.
 */
export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (app, { sessions }) => {
  const reportOf = async (state: SessionState, audience: ResultsAudience = 'moderator'): Promise<SessionReport> =>
    deriveSessionReport(state, await notesOf(app, state), sessions.now(), audience);

  app.get<{ Params: { id: string } }>('/api/sessions/:id/report', asModerator(sessions, (state) => reportOf(state)));

  /** A new share link for the report (its token in this answer only; an older link stops working). */
  app.post<{ Params: { id: string } }>(
    '/api/sessions/:id/report-share',
    asModerator(sessions, async (state, _request, reply) => {
      const shareToken = newSecret();
      const shared = await sessions.execute(state.info.id, { type: 'report-share:set', credential: hashSecret(shareToken) });
      if (!shared.ok) return sendError(reply, statusOf(shared.error.code), shared.error.code, shared.error.message);
      return reply.status(201).send({ shareToken });
    }),
  );

  /** Stops sharing: the link opens nothing any more. */
  app.delete<{ Params: { id: string } }>(
    '/api/sessions/:id/report-share',
    asModerator(sessions, async (state, _request, reply) => {
      const stopped = await sessions.execute(state.info.id, { type: 'report-share:set', credential: null });
      if (!stopped.ok) return sendError(reply, statusOf(stopped.error.code), stopped.error.code, stopped.error.message);
      return reply.status(204).send();
    }),
  );

  /** The report as the audience may see it, for whoever holds its share link. */
  app.get<{ Params: { id: string } }>('/api/sessions/:id/shared-report', asReportReader(sessions, (state) => reportOf(state, 'audience')));

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
      const agenda = exportAgenda((await app.documents.get(state.info.id)).doc, state.languages.main);
      return reply.header('content-disposition', attachment(state, 'session.json')).send(sessionFile(agenda, await reportOf(state)));
    }),
  );
};
