import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { questionResults, type ErrorCode, type SessionState } from '@pnyx/shared';
import { createSessionBodySchema, idSchema, parseMessage } from '@pnyx/shared/schemas';
import type { ClientLimits } from '../limits/admission.js';
import { clientAddress } from '../limits/client-address.js';
import type { SessionService } from '../sessions/session-service.js';
import { sendError } from './errors.js';

export interface SessionRoutesOptions {
  sessions: SessionService;
  /** Origin for the links handed out (e.g. behind a proxy); by default the one the request came to. */
  publicUrl: string | undefined;
  limits: ClientLimits;
}

function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

type ModeratorCheck = { ok: true; state: SessionState } | { ok: false; status: 401 | 403 | 404; code: ErrorCode; message?: string };

/** The session `:id` names, for a request that carries its moderator token as a bearer token. */
async function checkModerator(sessions: SessionService, request: FastifyRequest<{ Params: { id: string } }>): Promise<ModeratorCheck> {
  const token = bearerToken(request);
  if (!token) return { ok: false, status: 401, code: 'unauthorized' };
  if (!parseMessage(idSchema, request.params.id).ok) return { ok: false, status: 404, code: 'unknown_session' };
  const verdict = await sessions.authenticateModerator(request.params.id, token);
  if (verdict.ok) return verdict;
  return { ok: false, status: verdict.error.code === 'unknown_session' ? 404 : 403, code: verdict.error.code, message: verdict.error.message };
}

export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (app, { sessions, publicUrl, limits }) => {
  app.post('/api/sessions', async (request, reply) => {
    const address = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], limits.trustedProxies);
    const admitted = limits.admission.admitAddress('sessionCreate', address);
    if (!admitted.ok) {
      reply.header('retry-after', Math.ceil((admitted.error.retryAfterMs ?? 1000) / 1000));
      return sendError(reply, 429, admitted.error.code, admitted.error.message);
    }
    const body = parseMessage(createSessionBodySchema, request.body);
    if (!body.ok) return sendError(reply, 400, body.error.code, body.error.message);
    const { info, moderatorToken } = await sessions.create(body.value.title);
    const origin = publicUrl ?? `${request.protocol}://${request.host}`;
    return reply.status(201).send({
      id: info.id,
      code: info.code,
      title: info.title,
      moderatorToken,
      urls: {
        join: `${origin}/join/${info.code}`,
        // In the fragment, so the token never reaches a server log or a Referer header.
        moderate: `${origin}/moderate/${info.id}#token=${moderatorToken}`,
        screen: `${origin}/screen/${info.code}`,
      },
    });
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/results', async (request, reply) => {
    const moderator = await checkModerator(sessions, request);
    if (!moderator.ok) return sendError(reply, moderator.status, moderator.code, moderator.message);
    const { state } = moderator;
    return {
      session: { id: state.info.id, code: state.info.code, title: state.info.title, createdAt: state.info.createdAt },
      participants: state.participants.size,
      tables: [...state.tables.values()].map(({ id, name }) => ({ id, name })),
      questions: [...state.questions.values()].map((question) => {
        const { definition, status, openedAt, closedAt } = question;
        const { room, byChannel, byTable, shift } = questionResults(state, question, 'moderator');
        return { ...definition, status, openedAt, closedAt, tally: room, byChannel, byTable, shift };
      }),
    };
  });

  /** Deletes the session with its log, documents and code; its open connections are let go. */
  app.delete<{ Params: { id: string } }>('/api/sessions/:id', async (request, reply) => {
    const moderator = await checkModerator(sessions, request);
    if (!moderator.ok) return sendError(reply, moderator.status, moderator.code, moderator.message);
    await sessions.delete(request.params.id);
    return reply.status(204).send();
  });
};
