/** What `POST /api/sessions` answers: the only moment the moderator token is shown. */
export interface CreatedSession {
  id: string;
  code: string;
  moderatorToken: string;
  urls: { join: string; moderate: string; screen: string };
}

export type CreateSessionResult = { ok: true; session: CreatedSession } | { ok: false; message: string };

/** Creates a session; refusals and network failures come back as a message a person can read. */
export async function createSession(title: string): Promise<CreateSessionResult> {
  let response: Response;
  try {
    response = await fetch('/api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    });
  } catch {
    return { ok: false, message: 'The server could not be reached. Check the connection and try again.' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isCreatedSession(body)) return { ok: true, session: body };
  return { ok: false, message: errorMessageOf(body) ?? `The server refused (HTTP ${response.status}).` };
}

function isCreatedSession(body: unknown): body is CreatedSession {
  if (typeof body !== 'object' || body === null) return false;
  const session = body as Partial<CreatedSession>;
  return typeof session.id === 'string' && typeof session.code === 'string' && typeof session.urls?.join === 'string';
}

function errorMessageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const { error } = body as { error?: { message?: unknown } };
  return typeof error?.message === 'string' ? error.message : null;
}
