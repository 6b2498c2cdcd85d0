import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './free-port.js';

/** A redis-server child process of the tests, on its own port and data directory. */
export interface RedisServerProcess {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Its data directory (the AOF lives here). */
  dir: string;
  /** Graceful: SIGTERM, resolved once the process exited. */
  stop(): Promise<void>;
  /** SIGKILL, resolved once the process exited: only what was fsynced survives. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory; resolved once it answers PING (the AOF is loaded). */
  start(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;
/** The last lines redis-server printed, shown when it fails to start. */
const OUTPUT_KEPT = 4_000;

function findRedisServer(): string {
  const candidates = ['/usr/bin/redis-server', ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server'))];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error('redis-server is not installed (not in /usr/bin nor on PATH): apt-get install redis-server');
  return found;
}

/** True when Redis answers PING with PONG (not while it still loads the AOF, when it answers LOADING). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a redis-server on a free port of 127.0.0.1 with a fresh data directory, durable as pnyx needs it
 * (AOF, fsync on every write, no RDB snapshots), and waits until it answers.
 */
export async function startRedisServer(): Promise<RedisServerProcess> {
  const binary = findRedisServer();
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'pnyx-redis-'));
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--appendonly', 'yes',
    '--appendfsync', 'always',
    '--save', '',
    '--daemonize', 'no',
  ];
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    if (child) throw new Error(`redis-server on port ${port} is already running`);
    const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    started.once('exit', () => {
      if (child === started) child = null;
    });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await answersPing(port))) {
      if (child !== started || Date.now() > deadline) {
        started.kill('SIGKILL');
        await exited(started);
        throw new Error(`redis-server did not start on port ${port}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running) return;
    running.kill(name);
    await exited(running);
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, dir, start, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

/**
 * Registers the vitest hooks of a file that needs a Redis: one redis-server for the file's tests, started
 * before them, killed and its directory removed after them. Read its fields inside tests and hooks.
 */
export function useRedisServer(): RedisServerProcess {
  let started: RedisServerProcess | undefined;
  const running = (): RedisServerProcess => {
    if (!started) throw new Error('the redis-server is not running: read it inside tests and hooks');
    return started;
  };
  beforeAll(async () => {
    started = await startRedisServer();
  });
  afterAll(async () => {
    if (!started) return;
    await started.kill();
    await rm(started.dir, { recursive: true, force: true });
  });
  return {
    get url() {
      return running().url;
    },
    get port() {
      return running().port;
    },
    get dir() {
      return running().dir;
    },
    stop: () => running().stop(),
    kill: () => running().kill(),
    start: () => running().start(),
  };
}
