import fp from 'fastify-plugin';

/**
 * Headers every HTTP response carries, pages included. No Strict-Transport-Security: pnyx is often run over
 * plain HTTP on a venue's network, and a proxy that terminates TLS is the one to send it.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Moderator links once carried their token in the address: no other site learns an address of ours.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  // Older browsers' frame-ancestors 'none': no page of pnyx is framed by another site (clickjacking).
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * What Fastify itself sends is JSON (the API and its errors), never a document: nothing in it may load,
 * run or be framed. Pages get their own policy from SvelteKit (web/svelte.config.js), with the hash of
 * its bootstrap script.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Sets the headers before anything answers. The SvelteKit pages are written by adapter-node's handler
 * after `reply.hijack()`, which skips Fastify's reply hooks and headers, so the shared headers go on the
 * raw response: Node merges them with whatever the handler writes.
 */
export const securityHeaders = fp(
  async (app) => {
    app.addHook('onRequest', async (_request, reply) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.raw.setHeader(name, value);
    });
    // onSend runs for every reply Fastify sends (routes, errors, not found) and never for a hijacked one.
    app.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
    });
  },
  { name: 'security-headers' },
);
