import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) that self time needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  /** Microseconds of the monotonic clock, the one `process.hrtime` reads in every process of the machine. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A part of the run, on the monotonic clock in microseconds. */
export interface ProfileWindow {
  label: string;
  fromMicros: number;
  toMicros: number;
}

export interface HotFunction {
  /** Function name, file and line (1-based), the file relative to the checkout when it is in it. */
  name: string;
  selfMs: number;
  /** Share of the busy time (idle excluded), in percent. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  /** The part of the run it covers; the whole profile when absent. */
  window?: string;
  busyMs: number;
  idleMs: number;
  hottest: HotFunction[];
}

const IDLE = '(idle)';

function where(url: string, line: number): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  const short = inModules >= 0 ? path.slice(inModules + 1) : path.replace(/^.*?\/(server|shared|web)\/(dist|build)\//, '$1/$2/');
  return ` ${short}:${line + 1}`;
}

/** The functions that used the most CPU themselves (not counting what they called), within `window` if given. */
export function summarizeProfile(file: string, window?: ProfileWindow, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const names = new Map(profile.nodes.map(({ id, callFrame }) => [id, `${callFrame.functionName || '(anonymous)'}${where(callFrame.url, callFrame.lineNumber)}`]));
  const selfMicros = new Map<string, number>();
  let sampledAt = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    sampledAt += profile.timeDeltas[index] ?? 0;
    if (window && (sampledAt < window.fromMicros || sampledAt > window.toMicros)) return;
    const name = names.get(nodeId) ?? '(unknown)';
    // A sample's time is the delta to the next sample.
    selfMicros.set(name, (selfMicros.get(name) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
  });
  const idleMicros = selfMicros.get(IDLE) ?? 0;
  selfMicros.delete(IDLE);
  const busyMicros = [...selfMicros.values()].reduce((sum, micros) => sum + micros, 0);
  const hottest = [...selfMicros.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([name, micros]) => ({ name, selfMs: micros / 1000, percent: (100 * micros) / Math.max(1, busyMicros) }));
  return { file, ...(window ? { window: window.label } : {}), busyMs: busyMicros / 1000, idleMs: idleMicros / 1000, hottest };
}

export function formatProfile({ file, window, busyMs, idleMs, hottest }: ProfileSummary): string {
  const rows = hottest.map(({ name, selfMs, percent }) => `  ${selfMs.toFixed(1).padStart(8)} ms ${percent.toFixed(1).padStart(5)} %  ${name}`);
  const title = `${file}${window ? ` (${window})` : ''}: busy ${busyMs.toFixed(0)} ms, idle ${idleMs.toFixed(0)} ms; top functions by self time:`;
  return [title, ...rows].join('\n');
}

// `node profile-summary.js FILE.cpuprofile [TOP]` summarises any profile.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: node profile-summary.js FILE.cpuprofile [TOP]');
  console.log(formatProfile(summarizeProfile(file, undefined, top ? Number(top) : undefined)));
}
