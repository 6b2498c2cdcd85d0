import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSession } from '../utils/clients.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Every response of a real server with the built web app carries the security headers: the pages (written
 * by SvelteKit after Fastify hands the response over) with SvelteKit's Content-Security-Policy, whose
 * script-src allows the page's one inline script by its hash and nothing else inline; the API and its
 * errors with a policy that lets nothing load.
 */

const { server } = useTestServer({ web: true });

const SHARED_HEADERS = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

function expectSharedHeaders(response: Response): void {
  for (const [name, value] of Object.entries(SHARED_HEADERS)) expect(response.headers.get(name), name).toBe(value);
  // Plain HTTP on a venue's network is a supported setup: HSTS is the TLS proxy's to send.
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

/** A policy as directive name → sources. */
function directivesOf(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

async function pageUrls(): Promise<string[]> {
  const session = await createSession(server.url, 'Headers');
  return [`${server.url}/`, `${server.url}/join/${session.code}`, `${server.url}/moderate/${session.id}`, `${server.url}/screen/${session.code}`];
}

describe('pages', () => {
  it('carry the shared headers and a policy that runs no inline script but the page\'s own', async () => {
    for (const url of await pageUrls()) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expectSharedHeaders(response);
      const policy = response.headers.get('content-security-policy');
      expect(policy, url).toBeTruthy();
      const directives = directivesOf(policy!);

      const scriptSources = directives.get('script-src') ?? [];
      expect(scriptSources).toContain("'self'");
      for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", 'data:', '*']) expect(scriptSources).not.toContain(forbidden);
      // The only inline scripts are SvelteKit's bootstrap, each allowed by its exact hash.
      const html = await response.text();
      const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(([, body]) => body!);
      expect(inlineScripts.length, url).toBeGreaterThan(0);
      for (const script of inlineScripts) expect(scriptSources).toContain(sha256(script));
      expect(scriptSources.filter((source) => source.startsWith("'sha256-"))).toHaveLength(new Set(inlineScripts).size);

      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('style-src-attr')?.[0]).toBe("'unsafe-hashes'");
      expect(directives.get('style-src-attr')).toContain(sha256('display: contents'));
      expect(directives.get('style-src-attr')).not.toContain("'unsafe-inline'");
      expect(directives.get('connect-src')).toEqual(["'self'"]);
      expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(directives.get('form-action')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    }
  });

  it('send their assets with the shared headers, as served by the web app', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const asset = html.match(/\/_app\/immutable\/[^"]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const response = await fetch(`${server.url}${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await response.text()).length).toBeGreaterThan(0);
    expectSharedHeaders(response);
  });
});

describe('the API', () => {
  it('answers with the shared headers and a policy under which nothing loads or frames it', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expectSharedHeaders(health);
    expect(health.headers.get('content-security-policy')).toBe(API_POLICY);
  });

  const post = (body: string) => fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it.each([
    ['an unknown path', () => fetch(`${server.url}/api/nothing-here`), 404],
    ['malformed JSON', () => post('{"title":'), 400],
    ['an invalid session', () => post('{}'), 400],
    ['results without the moderator token', () => fetch(`${server.url}/api/sessions/nope/results`), 401],
  ])('refuses %s with the same headers', async (_, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: expect.any(String) } });
    expectSharedHeaders(response);
    expect(response.headers.get('content-security-policy')).toBe(API_POLICY);
  });
});
