import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { questionResults } from '@pnyx/shared';
import { createSessionBodySchema, parseMessage } from '@pnyx/shared/schemas';
import type { ClientLimits } from '../limits/admission.js';
import { clientAddress } from '../limits/client-address.js';
import type { SessionService } from '../sessions/session-service.js';
import { sendError } from './errors.js';
import { asModerator } from './bearer-check.js';

export interface SessionRoutesOptions {
  sessions: SessionService;
  /** Origin for the links handed out (e.g. behind a proxy); by default the one the request came to. */
  publicUrl: string | undefined;
  limits: ClientLimits;
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
    const { info, moderatorToken } = await sessions.create(body.value.title, body.value.language);
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

  app.get<{ Params: { id: string } }>('/api/sessions/:id/results', asModerator(sessions, async (state) => {
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
  }));

  /** Deletes the session with its log, documents and code; its open connections are let go. */
  app.delete<{ Params: { id: string } }>('/api/sessions/:id', asModerator(sessions, async (_state, request, reply) => {
    await sessions.delete(request.params.id);
    return reply.status(204).send();
  }));
};
