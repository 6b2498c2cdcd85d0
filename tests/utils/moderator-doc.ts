import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { YJS_PATH, yjsSubprotocols } from '@pnyx/shared';
import { addPhase, addQuestion, type PhaseContent } from '@pnyx/shared/session-doc';
import { eventually } from './eventually.js';

export interface ModeratorDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
  close(): void;
}

/** The HTTP status the upgrade to a Yjs document gets with `token` (101 when it is accepted). */
export function yjsUpgradeStatus(baseUrl: string, documentPath: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${YJS_PATH}/${documentPath}`, yjsSubprotocols(token));
    ws.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
  });
}

/** A real Yjs client on the session's document, as a moderator browser would hold it; resolves once synced. */
export async function openModeratorDoc(baseUrl: string, sessionId: string, moderatorToken: string): Promise<ModeratorDoc> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}${YJS_PATH}`, sessionId, doc, {
    protocols: yjsSubprotocols(moderatorToken),
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    provider.once('sync', () => resolve());
  });
  return {
    doc,
    provider,
    close: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

let counter = 0;
const newId = (prefix: string) => `${prefix}${(counter++).toString(36)}x${Math.random().toString(36).slice(2, 10)}`;

/** Writes a single-choice question the way the moderator console does; returns its id and option ids. */
export function writeQuestion(
  doc: Y.Doc,
  text: string,
  labels: string[],
  reveal: 'live' | 'after-close' = 'live',
): { questionId: string; optionIds: string[] } {
  const questionId = newId('q');
  const optionIds = labels.map(() => newId('o'));
  addQuestion(doc, questionId, optionIds, { text, labels, reveal });
  return { questionId, optionIds };
}

/** Appends a phase to the agenda; returns its id. */
export function writePhase(doc: Y.Doc, content: PhaseContent): string {
  const phaseId = newId('p');
  addPhase(doc, phaseId, content);
  return phaseId;
}

/**
 * Sends a moderator command (phase:go, question:open) until the server's copy of the session document has
 * caught up with the editor's: Yjs has no acks, so until then the server answers that the phase or the
 * question does not exist. Resolves with the first other answer.
 */
export function untilAgendaSynced<T extends { ok: boolean; error?: { code: string } }>(send: () => Promise<T>): Promise<T> {
  return eventually(async () => {
    const result = await send();
    return (result.ok || !['no_such_phase', 'unknown_question'].includes(result.error!.code)) && result;
  }, 'the server to see the agenda');
}
