import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, type Mode } from './run-bench.js';
import { benchJson, humanSummary } from './summary.js';

/**
 * `npm run bench -- [--phones 2000] [--modes baseline,pnyx,redis] [--profile] …`: the summary on stdout,
 * the JSON line last; progress on stderr. Exits 1 only when something broke (a phone could not join, a
 * server exited, a ballot was lost or refused); missed targets are figures, not failures.
 */

const USAGE = `usage: npm run bench -- [options]
  --phones N          phones in the session (default 2000)
  --modes LIST        of baseline, pnyx, redis (default: all three; redis only when redis-server is installed)
  --concurrency N     phones connecting at once (default 200)
  --fanouts N         broadcasts measured (default 5)
  --burst-ms N        window in which every phone votes once (default 1000)
  --seed N            seed of the voting moments (default 1)
  --no-warm-up        measure the first mode without first running it once unmeasured (1000 phones at most)
  --skip-page         do not weigh the phone page in Chromium
  --profile           run the servers with --cpu-prof; print their hottest functions per part of the run
  --profile-dir DIR   where the profiles go (default tests/.artifacts/bench-profiles)`;

const MODE_NAMES: Record<string, Mode> = { baseline: 'baseline', pnyx: 'pnyx', redis: 'pnyxRedis' };

const redisInstalled = () => ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter)].some((dir) => dir && existsSync(join(dir, 'redis-server')));

function positive(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer, got "${value}"\n${USAGE}`);
  return number;
}

function modesFrom(list: string | undefined, notes: string[]): Mode[] {
  if (list === undefined) {
    if (redisInstalled()) return ['baseline', 'pnyx', 'pnyxRedis'];
    notes.push('two instances + Redis skipped: redis-server is not installed');
    return ['baseline', 'pnyx'];
  }
  return list.split(',').map((name) => {
    const mode = MODE_NAMES[name.trim()];
    if (!mode) throw new Error(`unknown mode "${name}"\n${USAGE}`);
    return mode;
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      phones: { type: 'string', default: '2000' },
      modes: { type: 'string' },
      concurrency: { type: 'string', default: '200' },
      fanouts: { type: 'string', default: '5' },
      'burst-ms': { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      'no-warm-up': { type: 'boolean', default: false },
      'skip-page': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-dir': { type: 'string', default: resolve('tests/.artifacts/bench-profiles') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const notes: string[] = [];
  const result = await runBench({
    phones: positive('phones', values.phones),
    modes: modesFrom(values.modes, notes),
    concurrency: positive('concurrency', values.concurrency),
    fanouts: positive('fanouts', values.fanouts),
    burstMs: positive('burst-ms', values['burst-ms']),
    seed: positive('seed', values.seed),
    warmUp: !values['no-warm-up'],
    pageWeight: !values['skip-page'],
    baselineInProcess: false,
    profileDir: values.profile ? resolve(values['profile-dir']) : null,
    log: (line) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`),
  });
  result.notes.unshift(...notes);
  console.log(humanSummary(result));
  console.log(JSON.stringify(benchJson(result)));
  return result.broken.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
