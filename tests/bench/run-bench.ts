import { readFileSync } from 'node:fs';
import { weighPhonePage, type PageWeight } from './page-weight.js';
import { summarizeProfile, type ProfileSummary } from './profile-summary.js';
import { runScenario, type ScenarioOptions, type TargetFigures } from './scenario.js';
import { startTarget, type Mode, type RunningTarget, type TargetOptions } from './targets.js';

export type { Mode } from './targets.js';

const WARM_UP_PHONES = 1_000;

export interface BenchOptions extends Omit<ScenarioOptions, 'log'>, TargetOptions {
  /** Measured in this order, each alone on the machine. */
  modes: Mode[];
  /** Weigh the phone page in Chromium (against the one-instance pnyx). */
  pageWeight: boolean;
  /**
   * First run the first mode once, unmeasured, with up to WARM_UP_PHONES phones: the bench client's own code
   * is cold in its first target (measured at 5,000 phones: ack p99 91 ms cold, 4–9 ms warm, same server).
   */
  warmUp: boolean;
  /** Progress lines (the CLI writes them to stderr). */
  log?: (line: string) => void;
}

export interface BenchResult {
  phones: number;
  figures: Partial<Record<Mode, TargetFigures>>;
  phonePage: PageWeight | null;
  /** What was skipped or may skew the figures. */
  notes: string[];
  profiles: ProfileSummary[];
  /** Why the run is broken although it finished (lost or failed ballots): the CLI exits non-zero. */
  broken: string[];
}

/**
 * Runs the benchmark: for each mode, starts the servers, runs the scenario (connect, broadcasts, ballot
 * burst, count), and stops them. Throws when something breaks outright (a phone cannot join, a server exits).
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => {});
  const result: BenchResult = { phones: options.phones, figures: {}, phonePage: null, notes: [], profiles: [], broken: [] };
  const openFiles = openFilesLimit();
  // Every phone is a socket on both ends, and the servers inherit this process's limit.
  if (openFiles < options.phones + 1_000) result.notes.push(`open files limit is ${openFiles}: too low for ${options.phones} phones (raise ulimit -n)`);

  if (options.warmUp && options.modes[0]) {
    await measure(options.modes[0], { ...options, phones: Math.min(options.phones, WARM_UP_PHONES), profileDir: null }, (line) => log(`warm-up ${line}`));
  }
  for (const mode of options.modes) {
    const { figures, profiles } = await measure(mode, options, log, result);
    if (figures.lostBallots > 0 || !figures.optionCountsMatch) result.broken.push(`${mode}: ${figures.lostBallots} ballots lost, option counts match: ${figures.optionCountsMatch}`);
    if (figures.ballotsFailed > 0) result.broken.push(`${mode}: ${figures.ballotsFailed} ballots refused or unanswered`);
    result.figures[mode] = figures;
    const parts = figures.windows.map((window) => ({ ...window, label: `${mode}, ${window.label}` }));
    result.profiles.push(...profiles.flatMap((file) => parts.map((part) => summarizeProfile(file, part))));
  }
  return result;
}

/** Starts `mode`'s servers, runs the scenario, weighs the page (one pnyx instance, when asked), stops them. */
async function measure(mode: Mode, options: BenchOptions, log: (line: string) => void, result?: BenchResult) {
  log(`${mode}: starting`);
  const target = await startTarget(mode, options);
  let figures: TargetFigures;
  try {
    figures = await runScenario(target, { ...options, log });
    if (result && mode === 'pnyx' && options.pageWeight) result.phonePage = await weighOrNote(target, result.notes);
  } catch (error) {
    // A server that exited explains the failure better than the phone that noticed it.
    const crash = target.crash();
    await target.stop();
    throw crash ? new Error(crash, { cause: error }) : error;
  }
  const crash = target.crash();
  const profiles = await target.stop();
  if (crash) throw new Error(crash);
  // The next target should not pay for collecting this one's thousands of sockets in the bench client
  // (the CLI runs with --expose-gc; elsewhere this is skipped).
  (globalThis as { gc?: () => void }).gc?.();
  return { figures, profiles };
}

async function weighOrNote(target: RunningTarget, notes: string[]): Promise<PageWeight | null> {
  try {
    return await weighPhonePage(target.moderatorUrl, target.session.code);
  } catch (error) {
    notes.push(`phone page not weighed (is Chromium installed? PNYX_CHROMIUM points elsewhere): ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    return null;
  }
}

function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? Number.NaN);
}
