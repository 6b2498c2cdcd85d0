import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModeratorJoin } from '@pnyx/shared/schemas';
import { createSession } from '../utils/clients.js';
import { freePort } from '../utils/free-port.js';
import { openModeratorDoc, writePhase, writeQuestion } from '../utils/moderator-doc.js';
import { startRedisServer } from '../utils/redis-server.js';
import { BASELINE_SESSION, startBaseline } from './baseline-app.js';
import { startChildServer, type ChildServer } from './child-server.js';

/** What the bench measures: the bare Socket.IO floor, one pnyx instance, two pnyx instances sharing Redis. */
export type Mode = 'baseline' | 'pnyx' | 'pnyxRedis';

/** A session ready for phones: one single-choice question, opened by its vote phase (the agenda's second). */
export interface SessionUnderTest {
  code: string;
  moderatorJoin: ModeratorJoin;
  questionId: string;
  optionIds: readonly string[];
}

export interface RunningTarget {
  mode: Mode;
  /** Where phone `index` connects (two instances: every other phone on each). */
  phoneUrl(index: number): string;
  moderatorUrl: string;
  projectorUrl: string;
  /** The server processes whose memory and CPU count (the bench's own when the baseline runs in it). */
  pids: number[];
  session: SessionUnderTest;
  /** Why a server process exited during the run, or null. */
  crash(): string | null;
  /** Stops everything it started; resolves with the CPU profiles the servers wrote (with a profile dir). */
  stop(): Promise<string[]>;
}

export interface TargetOptions {
  /** Run the baseline inside this process (the smoke test: vitest cannot start the compiled one). */
  baselineInProcess: boolean;
  /** Start the server processes with --cpu-prof into this directory. */
  profileDir: string | null;
}

const PNYX_MAIN = join(checkoutRoot(), 'server/dist/main.js');
/** Node's flags for pnyx, as `npm start` passes them (package.json). */
const PNYX_NODE_FLAGS = ['--single-threaded-gc'];
const BASELINE_MAIN = fileURLToPath(new URL('./baseline-server.js', import.meta.url));
const PNYX_OPTIONS = ['Market square', 'Station', 'Harbour'];

/** The checkout's root, found upwards: this module runs from tests/bench (vitest) and from its dist. */
function checkoutRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'tsconfig.base.json'))) {
    if (dirname(dir) === dir) throw new Error('the bench runs inside the pnyx checkout');
    dir = dirname(dir);
  }
  return dir;
}

export function startTarget(mode: Mode, options: TargetOptions): Promise<RunningTarget> {
  if (mode === 'baseline') return options.baselineInProcess ? startBaselineHere() : startBaselineProcess(options.profileDir);
  return startPnyx(mode, options.profileDir);
}

function baselineTarget(url: string, pid: number, crash: () => string | null, stop: () => Promise<string[]>): RunningTarget {
  return {
    mode: 'baseline',
    phoneUrl: () => url,
    moderatorUrl: url,
    projectorUrl: url,
    pids: [pid],
    session: BASELINE_SESSION,
    crash,
    stop,
  };
}

async function startBaselineProcess(profileDir: string | null): Promise<RunningTarget> {
  const port = await freePort();
  const server = await startChildServer({
    args: [...await profiling(profileDir), BASELINE_MAIN, String(port)],
    env: {},
    url: `http://127.0.0.1:${port}`,
    readyPath: '/',
  });
  return baselineTarget(server.url, server.pid, server.crash, async () => {
    await server.stop();
    return profileDir ? profilesOf(profileDir, [server]) : [];
  });
}

async function startBaselineHere(): Promise<RunningTarget> {
  const baseline = await startBaseline(0);
  return baselineTarget(baseline.url, process.pid, () => null, async () => {
    await baseline.close();
    return [];
  });
}

/** Node's flags that write a CPU profile into `profileDir` when the process exits. */
async function profiling(profileDir: string | null): Promise<string[]> {
  if (!profileDir) return [];
  await mkdir(profileDir, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', profileDir];
}

/** pnyx as `npm start` runs it in production, on a free port; durable storage from `storage`. */
async function startPnyxProcess(storage: Record<string, string>, profileDir: string | null): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startChildServer({
    args: [...PNYX_NODE_FLAGS, ...(await profiling(profileDir)), PNYX_MAIN],
    // Every bench phone comes from 127.0.0.1 within seconds: a room of thousands behind one venue address, which
    // is what ADDRESS_LIMIT_SCALE is for (docs/SECURITY.md).
    env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, ADDRESS_LIMIT_SCALE: '10', ...storage },
    url,
    readyPath: '/api/health',
  });
}

async function startPnyx(mode: 'pnyx' | 'pnyxRedis', profileDir: string | null): Promise<RunningTarget> {
  const redis = mode === 'pnyxRedis' ? await startRedisServer() : null;
  const dataDir = redis ? null : await mkdtemp(join(tmpdir(), 'pnyx-bench-data-'));
  const storage: Record<string, string> = redis ? { REDIS_URL: redis.url } : { DATA_DIR: dataDir! };
  const servers: ChildServer[] = [];
  const stopAll = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.kill();
    for (const dir of [dataDir, redis?.dir]) if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let n = 0; n < (redis ? 2 : 1); n++) servers.push(await startPnyxProcess(storage, profileDir));
    const [first, second = first] = servers as [ChildServer, ...ChildServer[]];
    const { session, closeEditor } = await prepareSession(first.url);
    return {
      mode,
      phoneUrl: (index) => servers[index % servers.length]!.url,
      moderatorUrl: first.url,
      projectorUrl: second.url,
      pids: servers.map((server) => server.pid),
      session,
      crash: () => servers.map((server) => server.crash()).find((reason) => reason !== null) ?? null,
      async stop() {
        closeEditor();
        await stopAll();
        return profileDir ? profilesOf(profileDir, servers) : [];
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Creates a session and writes its agenda as the moderator console does, over Yjs: a welcome phase, then a
 * vote phase that opens one single-choice question. The editor stays open for the run, as a console would.
 */
async function prepareSession(url: string): Promise<{ session: SessionUnderTest; closeEditor: () => void }> {
  const created = await createSession(url, 'Benchmark');
  const editor = await openModeratorDoc(url, created.id, created.moderatorToken);
  const { questionId, optionIds } = writeQuestion(editor.doc, 'Which place should the city redesign first?', PNYX_OPTIONS);
  writePhase(editor.doc, { kind: 'info', title: 'Welcome', text: '', durationMs: 60_000 });
  writePhase(editor.doc, { kind: 'vote', title: 'Vote', text: '', durationMs: 600_000, questionIds: [questionId] });
  return {
    session: { code: created.code, moderatorJoin: { sessionId: created.id, moderatorToken: created.moderatorToken }, questionId, optionIds },
    closeEditor: editor.close,
  };
}

/** Node names a profile CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile. */
async function profilesOf(dir: string, servers: ChildServer[]): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((file) => file.endsWith('.cpuprofile') && servers.some((server) => file.includes(`.${server.pid}.`)))
    .map((file) => join(dir, file));
}
