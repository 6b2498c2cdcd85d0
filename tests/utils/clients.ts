import { io, type Socket } from 'socket.io-client';
import {
  applyLiveViewUpdate,
  applyTallyUpdate,
  type Ack,
  type ClientToServerEvents,
  type LiveView,
  type ServerToClientEvents,
  type TallyUpdate,
} from '@pnyx/shared';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CreatedSession {
  id: string;
  code: string;
  title: string;
  moderatorToken: string;
  urls: { join: string; moderate: string; screen: string };
}

export async function createSession(baseUrl: string, title = 'Test session'): Promise<CreatedSession> {
  const response = await fetch(`${baseUrl}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedSession;
}

/** A connected socket.io-client (WebSocket only, as phones upgrade anyway); closed by `closeAll`. */
export async function connect(baseUrl: string, sockets: TestSocket[]): Promise<TestSocket> {
  const socket: TestSocket = io(baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits an event and resolves with its ack. */
export function request<E extends keyof ClientToServerEvents>(
  socket: TestSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    (socket.emit as (event: string, payload: unknown, ack: (result: unknown) => void) => void)(event, payload, (result) =>
      resolve(result as Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]),
    );
  });
}

/** Sends anything at all (malformed payloads) and resolves with the ack. */
export function requestRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack> {
  return new Promise((resolve) => {
    (socket.emit as (event: string, ...rest: unknown[]) => void)(event, ...args, resolve);
  });
}

export function expectOk<T extends object>(result: Ack<T>): { ok: true } & T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result;
}

/**
 * What a moderator or projector holds after each tally update (updates carry only what changed; merged as
 * the web client merges them), starting from its join snapshot.
 */
export function followTallies(socket: TestSocket, snapshot: TallyUpdate | null = null): TallyUpdate[] {
  const held: TallyUpdate[] = [];
  socket.on('tally:update', (update) => held.push(applyTallyUpdate(held.at(-1) ?? snapshot, update)));
  return held;
}

/**
 * The views a client holds: `views` (a join's snapshot, or nothing yet) and then, per view update, the update
 * merged onto the view before it, as the web client merges them (an absent question or table list is the one
 * held). An update before any snapshot is dropped, as the web client drops it; push a later join's view onto
 * `views` to follow from it.
 */
export function followViews(socket: TestSocket, views: LiveView[] = []): LiveView[] {
  socket.on('view:update', (update) => {
    const held = views.at(-1);
    if (held) views.push(applyLiveViewUpdate(held, update));
  });
  return views;
}
