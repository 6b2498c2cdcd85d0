import { spawn } from 'node:child_process';

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** The last output kept to explain a crash. */
const OUTPUT_KEPT = 8_000;

/** A server under test as its own Node process: its pid is what /proc is read for. */
export interface ChildServer {
  url: string;
  pid: number;
  /** Why it exited while it should have been running, or null while it runs. */
  crash(): string | null;
  /** SIGTERM (a pnyx server closes and exits, so a --cpu-prof profile gets written), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** Node's own flags (--cpu-prof …) then the script and its arguments. */
  args: string[];
  env: Record<string, string>;
  url: string;
  /** Answers 2xx once the server is ready. */
  readyPath: string;
}

export async function startChildServer({ args, env, url, readyPath }: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stopping = false;
  let exitReason: string | null = null;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT)));
  }
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping) exitReason = `${args.at(-1)} exited (${signal ?? code}):\n${output}`;
      resolve();
    }),
  );

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await fetch(`${url}${readyPath}`).then((response) => response.ok, () => false))) {
    if (exitReason) throw new Error(exitReason);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.at(-1)} did not answer ${readyPath} within ${STARTUP_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    pid: child.pid!,
    crash: () => exitReason,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      const hung = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(hung);
    },
  };
}
