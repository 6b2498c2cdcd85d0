import { t } from '$lib/i18n/i18n.svelte';
import { errorText } from '$lib/i18n/error-text';
import type { SessionReport } from '@pnyx/shared';

/** What `POST /api/sessions` answers: the only moment the moderator token is shown. */
export interface CreatedSession {
  id: string;
  code: string;
  moderatorToken: string;
  urls: { join: string; moderate: string; screen: string };
}

export type CreateSessionResult = { ok: true; session: CreatedSession } | { ok: false; message: string };
export type DeleteSessionResult = { ok: true } | { ok: false; message: string };

/**
 * Creates a session whose questions are written in `language` (the page's: the creator's); refusals and network
 * failures come back as a message a person can read.
 */
export async function createSession(title: string, language: string): Promise<CreateSessionResult> {
  const answer = await call('/api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, language }),
  });
  if (!answer.ok) return answer;
  const body: unknown = await answer.response.json().catch(() => null);
  if (answer.response.ok && isCreatedSession(body)) return { ok: true, session: body };
  return { ok: false, message: refusalOf(answer.response, body) };
}

/** Deletes a session for good, with its moderator token; refusals come back as a message a person can read. */
export async function deleteSession(sessionId: string, moderatorToken: string): Promise<DeleteSessionResult> {
  const answer = await call(`/api/sessions/${encodeURIComponent(sessionId)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${moderatorToken}` },
  });
  if (!answer.ok) return answer;
  if (answer.response.ok) return { ok: true };
  return { ok: false, message: refusalOf(answer.response, await answer.response.json().catch(() => null)) };
}

async function call(path: string, init: RequestInit): Promise<{ ok: true; response: Response } | { ok: false; message: string }> {
  try {
    return { ok: true, response: await fetch(path, init) };
  } catch {
    // Said in the page's language at the moment it happens.
    return { ok: false, message: t('console.unreachable') };
  }
}

function isCreatedSession(body: unknown): body is CreatedSession {
  if (typeof body !== 'object' || body === null) return false;
  const session = body as Partial<CreatedSession>;
  return typeof session.id === 'string' && typeof session.code === 'string' && typeof session.urls?.join === 'string';
}

/** A refusal (`{ error: { code, message } }`) in the page's language (`errorText`), or the HTTP status. */
function refusalOf(response: Response, body: unknown): string {
  return errorMessageOf(body) ?? t('console.serverRefused', { status: response.status });
}

function errorMessageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const { error } = body as { error?: { code?: unknown; message?: unknown } };
  if (typeof error?.message !== 'string') return null;
  return typeof error.code === 'string' ? errorText({ code: error.code, message: error.message }) : error.message;
}

export type ReportResult = { ok: true; report: SessionReport } | { ok: false; message: string };

/**
 * The session's report: for moderators (`report`, their token) or, as the audience may see it, for holders of
 * its share link (`shared-report`, the link's key).
 */
export async function fetchReport(sessionId: string, token: string, which: 'report' | 'shared-report' = 'report'): Promise<ReportResult> {
  const answer = await call(`/api/sessions/${encodeURIComponent(sessionId)}/${which}`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) return answer;
  const body: unknown = await answer.response.json().catch(() => null);
  if (answer.response.ok && typeof body === 'object' && body !== null && 'questions' in body) return { ok: true, report: body as SessionReport };
  return { ok: false, message: refusalOf(answer.response, body) };
}

/**
 * Saves one of the session's downloads (`export/ballots.csv`, …). They need the moderator token, which never
 * goes into a URL: fetched with it, then handed to the browser as a file.
 */
export async function downloadExport(sessionId: string, moderatorToken: string, file: string): Promise<string | null> {
  const answer = await call(`/api/sessions/${encodeURIComponent(sessionId)}/export/${file}`, { headers: { authorization: `Bearer ${moderatorToken}` } });
  if (!answer.ok) return answer.message;
  if (!answer.response.ok) return refusalOf(answer.response, await answer.response.json().catch(() => null));
  const name = /filename="([^"]+)"/.exec(answer.response.headers.get('content-disposition') ?? '')?.[1] ?? file;
  saveFile(await answer.response.blob(), name);
  return null;
}

/** Hands a file made in the page to the browser's downloads. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser's download.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export type ShareResult = { ok: true; shareToken: string } | { ok: false; message: string };

/** A new read-only link to the report; an older one stops working. */
export async function shareReport(sessionId: string, moderatorToken: string): Promise<ShareResult> {
  const answer = await call(`/api/sessions/${encodeURIComponent(sessionId)}/report-share`, { method: 'POST', headers: { authorization: `Bearer ${moderatorToken}` } });
  if (!answer.ok) return answer;
  const body: unknown = await answer.response.json().catch(() => null);
  const shareToken = (body as { shareToken?: unknown } | null)?.shareToken;
  if (answer.response.ok && typeof shareToken === 'string') return { ok: true, shareToken };
  return { ok: false, message: refusalOf(answer.response, body) };
}

/** Withdraws the report's share link; null when done, else what went wrong. */
export async function stopSharingReport(sessionId: string, moderatorToken: string): Promise<string | null> {
  const answer = await call(`/api/sessions/${encodeURIComponent(sessionId)}/report-share`, { method: 'DELETE', headers: { authorization: `Bearer ${moderatorToken}` } });
  if (!answer.ok) return answer.message;
  return answer.response.ok ? null : refusalOf(answer.response, await answer.response.json().catch(() => null));
}
