import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, Result, SessionState } from '@pnyx/shared';
import { idSchema, parseMessage } from '@pnyx/shared/schemas';
import type { SessionService } from '../sessions/session-service.js';
import { sendError } from './errors.js';

function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** Who a token makes its holder in a session: its state, or the refusal. */
type Authenticate = (sessionId: string, token: string) => Promise<Result<{ state: SessionState }>>;

type BearerCheck = { ok: true; state: SessionState } | { ok: false; status: 401 | 403 | 404; code: ErrorCode; message?: string };

/** The session `:id` names, for a request whose bearer token `authenticate` accepts. */
async function checkBearer(authenticate: Authenticate, request: SessionRequest): Promise<BearerCheck> {
  const token = bearerToken(request);
  if (!token) return { ok: false, status: 401, code: 'unauthorized' };
  if (!parseMessage(idSchema, request.params.id).ok) return { ok: false, status: 404, code: 'unknown_session' };
  const verdict = await authenticate(request.params.id, token);
  if (verdict.ok) return verdict;
  return { ok: false, status: verdict.error.code === 'unknown_session' ? 404 : 403, code: verdict.error.code, message: verdict.error.message };
}

type SessionRequest = FastifyRequest<{ Params: { id: string } }>;
type SessionHandler<R> = (state: SessionState, request: SessionRequest, reply: FastifyReply) => Promise<R>;

/** A route handler for holders of a token `authenticate` accepts: anyone else gets 401, 403 or 404 and nothing runs. */
function withBearer<R>(authenticate: Authenticate, handle: SessionHandler<R>) {
  return async (request: SessionRequest, reply: FastifyReply) => {
    const check = await checkBearer(authenticate, request);
    if (!check.ok) return sendError(reply, check.status, check.code, check.message);
    return handle(check.state, request, reply);
  };
}

/** For the session's moderators (a moderator token). */
export const asModerator = <R>(sessions: SessionService, handle: SessionHandler<R>) =>
  withBearer((sessionId, token) => sessions.authenticateModerator(sessionId, token), handle);

/** For holders of the report's share link. */
export const asReportReader = <R>(sessions: SessionService, handle: SessionHandler<R>) =>
  withBearer((sessionId, token) => sessions.authenticateReportReader(sessionId, token), handle);
