import type { FastifyReply } from 'fastify';
import { domainError, type ErrorCode } from '@pnyx/shared';

/** HTTP errors carry the same `{ code, message }` as Socket.IO acks. */
export function sendError(reply: FastifyReply, status: number, code: ErrorCode, detail?: string): FastifyReply {
  return reply.status(status).send({ error: domainError(code, detail) });
}
