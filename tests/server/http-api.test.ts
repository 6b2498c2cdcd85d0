import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET } from '@pnyx/shared';
import { createSession } from '../utils/clients.js';
import { useTestServer } from '../utils/test-server.js';

const { server } = useTestServer();

function post(path: string, body: string, contentType = 'application/json') {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

describe('POST /api/sessions', () => {
  it('creates a session with a readable code and the three links', async () => {
    const session = await createSession(server.url, '  Town hall  ');
    expect(session.title).toBe('Town hall');
    expect(session.code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
    expect(session.code).not.toMatch(/[01OI]/);
    expect(session.moderatorToken.length).toBeGreaterThanOrEqual(16);
    expect(session.urls).toEqual({
      join: `${server.url}/join/${session.code}`,
      moderate: `${server.url}/moderate/${session.id}#token=${session.moderatorToken}`,
      screen: `${server.url}/screen/${session.code}`,
    });
  });

  it('gives every session its own id, code and token', async () => {
    const sessions = await Promise.all(Array.from({ length: 20 }, () => createSession(server.url)));
    for (const key of ['id', 'code', 'moderatorToken'] as const) {
      expect(new Set(sessions.map((session) => session[key])).size).toBe(20);
    }
  });

  it.each([
    ['no title', '{}', 'title'],
    ['a title of the wrong type', '{"title":42}', 'title'],
    ['an empty title', '{"title":"   "}', 'title'],
    ['a title too long', JSON.stringify({ title: 'x'.repeat(121) }), 'title'],
    ['an unknown field', '{"title":"ok","admin":true}', 'admin'],
    ['a body that is not an object', '[1,2]', ''],
    ['malformed JSON', '{"title":', 'JSON'],
  ])('refuses %s with 400 and a clear message', async (_, body, mentions) => {
    const response = await post('/api/sessions', body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(mentions);
  });

  it('refuses a body that is not JSON and one that is too large', async () => {
    expect((await post('/api/sessions', 'title=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post('/api/sessions', JSON.stringify({ title: 'x'.repeat(100_000) }))).status).toBe(413);
  });
});

describe('GET /api/health', () => {
  it('answers 200', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('GET /api/sessions/:id/results', () => {
  it('needs the moderator token of that very session', async () => {
    const session = await createSession(server.url);
    const other = await createSession(server.url);
    const results = (authorization?: string, id = session.id) =>
      fetch(`${server.url}/api/sessions/${id}/results`, { headers: authorization ? { authorization } : {} });

    expect((await results()).status).toBe(401);
    expect((await results('Basic abc')).status).toBe(401);
    expect((await results(`Bearer ${other.moderatorToken}`)).status).toBe(403);
    expect((await results(`Bearer ${session.moderatorToken}`, 'no-such-session')).status).toBe(404);
    expect((await results(`Bearer ${session.moderatorToken}`, '..%2F..')).status).toBe(404);

    const response = await results(`Bearer ${session.moderatorToken}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      session: { id: session.id, code: session.code, title: 'Test session', createdAt: expect.any(Number) },
      participants: 0,
      tables: [],
      questions: [],
    });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await fetch(`${server.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
