import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { TestSocket } from './clients.js';
import { freePort } from './free-port.js';
import type { ModeratorDoc } from './moderator-doc.js';

const MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 20_000;

/** A pnyx server as its own operating-system process (`node server/dist/main.js`), started as `npm start` would. */
export interface ServerProcess {
  url: string;
  /** SIGKILL, as a crash or `kill -9`: nothing is flushed or closed. */
  kill(): Promise<void>;
  /** Starts it again with the same port and environment. */
  start(): Promise<void>;
  /** What it printed, to explain a failure. */
  output(): string;
}

/**
 * Starts a server process on a free port with `env` added to this one's (REDIS_URL, DATA_DIR, …) and waits
 * until it answers /api/health. Needs the built server (`npm run build`). The caller kills it after the test.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`the server is not built (${MAIN} is missing): run npm run build`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let printed = '';

  async function start(): Promise<void> {
    // The node flags of `npm start` (package.json), so the process is the one a newcomer runs.
    const running = spawn(process.execPath, ['--single-threaded-gc', MAIN], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', PUBLIC_URL: url, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = running;
    const exited = new Promise<never>((_, reject) =>
      running.once('exit', (code, signal) => reject(new Error(`the server exited (${signal ?? code}) while starting:\n${printed}`))),
    );
    exited.catch(() => {});
    for (const stream of [running.stdout, running.stderr]) stream?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      const healthy = await Promise.race([fetch(`${url}/api/health`).then((response) => response.ok, () => false), exited]);
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`the server did not answer within ${STARTUP_TIMEOUT_MS} ms:\n${printed}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function kill(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return { url, kill, start, output: () => printed };
}

/** What a test file opens against server processes: each test's are closed (and killed) after it. */
export interface ServerProcesses {
  /** Sockets a test adds to, disconnected after it. */
  sockets: TestSocket[];
  /** Yjs clients a test adds to, closed after it. */
  docs: ModeratorDoc[];
  /** Starts a server process (see `startServerProcess`), killed after the test. */
  start(env: Record<string, string>): Promise<ServerProcess>;
}

export function useServerProcesses(): ServerProcesses {
  const sockets: TestSocket[] = [];
  const docs: ModeratorDoc[] = [];
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const doc of docs.splice(0)) doc.close();
    await Promise.all(servers.splice(0).map((server) => server.kill()));
  });
  return {
    sockets,
    docs,
    async start(env) {
      const server = await startServerProcess(env);
      servers.push(server);
      return server;
    },
  };
}
