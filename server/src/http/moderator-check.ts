import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, SessionState } from '@pnyx/shared';
import { idSchema, parseMessage } from '@pnyx/shared/schemas';
import type { SessionService } from '../sessions/session-service.js';
import { sendError } from './errors.js';

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

type SessionRequest = FastifyRequest<{ Params: { id: string } }>;

/** A route handler for the session `:id`'s moderators only: anyone else gets 401, 403 or 404 and nothing runs. */
export function asModerator<R>(sessions: SessionService, handle: (state: SessionState, request: SessionRequest, reply: FastifyReply) => Promise<R>) {
  return async (request: SessionRequest, reply: FastifyReply) => {
    const moderator = await checkModerator(sessions, request);
    if (!moderator.ok) return sendError(reply, moderator.status, moderator.code, moderator.message);
    return handle(moderator.state, request, reply);
  };
}
