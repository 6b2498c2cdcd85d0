import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { sendError } from '../http/errors.js';

/** adapter-node's Connect-style handler (web/build/handler.js). */
export type WebHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export interface WebPluginOptions {
  handler: WebHandler | undefined;
}

/**
 * Serves the SvelteKit app for every path Fastify does not route. Mounted as middleware it would answer
 * every request itself (its SSR step never calls next), so it only gets what is left over.
 */
export const webPlugin: FastifyPluginAsync<WebPluginOptions> = async (app, { handler }) => {
  app.setNotFoundHandler((request, reply) => {
    if (!handler || request.url.startsWith('/api/')) {
      return sendError(reply, 404, 'not_found', `Nothing is served at ${request.method} ${request.url.split('?')[0]}.`);
    }
    reply.hijack();
    handler(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  });
};
