import { formatProfile } from './profile-summary.js';
import type { BenchResult, Mode } from './run-bench.js';
import type { TargetFigures } from './scenario.js';
import { round1 } from './stats.js';

/** The issue's targets (issue 6), on one 2-core machine with the bench client beside the server. */
const TARGETS = {
  phonesOnOneInstance: 5_000,
  fanoutP95VsBaseline: 1.3,
  ackP99Ms: 50,
  lastBallotToScreenMs: 250,
  rssPerPhoneKB: 100,
  phonePageKB: 100,
  redisFanoutP95VsSingle: 2,
} as const;

const TITLES: Record<Mode, string> = {
  baseline: 'baseline: bare Socket.IO 4.8, counts in memory, no durability',
  pnyx: 'pnyx: one instance, embedded store (durable)',
  pnyxRedis: 'pnyx: two instances + Redis (AOF, fsync always); phones half on each',
};

const rounded = (value: number | null): number | null => (value === null || Number.isNaN(value) ? null : round1(value));
const ratio = (a: number | undefined, b: number | undefined): number | null => (a === undefined || b === undefined || b === 0 ? null : round1(a / b));

/** A target's figures for the JSON line: the issue's fields first, then the others. */
function jsonFigures(figures: TargetFigures, phonePageKB: number | null) {
  return {
    connectMs: rounded(figures.connectMs),
    fanoutP95Ms: rounded(figures.fanoutP95Ms),
    ackP50Ms: rounded(figures.ackP50Ms),
    ackP99Ms: rounded(figures.ackP99Ms),
    lastBallotToScreenMs: rounded(figures.lastBallotToScreenMs),
    lostBallots: figures.lostBallots,
    rssPerPhoneKB: rounded(figures.rssPerPhoneKB),
    phonePageKB: rounded(phonePageKB),
    fanoutFirstMs: rounded(figures.fanoutFirstMs),
    fanoutP50Ms: rounded(figures.fanoutP50Ms),
    fanoutMaxMs: rounded(figures.fanoutMaxMs),
    ackP95Ms: rounded(figures.ackP95Ms),
    ackMaxMs: rounded(figures.ackMaxMs),
    optionCountsMatch: figures.optionCountsMatch,
    ballotsFailed: figures.ballotsFailed,
    clientLoopDelayMaxMs: rounded(figures.clientLoopDelayMaxMs),
    rssBeforePhonesMB: rounded(figures.rssBeforePhonesMB),
    cpuSeconds: rounded(figures.cpuSeconds),
    viewBytes: figures.viewBytes,
  };
}

/** The baseline: the issue's two fields first; it has no phone page. */
function baselineJson(figures: TargetFigures) {
  const { fanoutP95Ms, ackP99Ms, phonePageKB: _none, ...others } = jsonFigures(figures, null);
  return { fanoutP95Ms, ackP99Ms, ...others };
}

/** The last line of the bench's output, in the issue's format (ratios are pnyx / baseline). */
export function benchJson(result: BenchResult): object {
  const { baseline, pnyx, pnyxRedis } = result.figures;
  const pageKB = result.phonePage?.gzippedKB ?? null;
  return {
    phones: result.phones,
    baseline: baseline ? baselineJson(baseline) : null,
    pnyx: pnyx ? jsonFigures(pnyx, pageKB) : null,
    ratio: { fanoutP95: ratio(pnyx?.fanoutP95Ms, baseline?.fanoutP95Ms), ackP99: ratio(pnyx?.ackP99Ms, baseline?.ackP99Ms) },
    ...(pnyxRedis ? { pnyxRedis: jsonFigures(pnyxRedis, null), ratioRedis: { fanoutP95VsSingle: ratio(pnyxRedis.fanoutP95Ms, pnyx?.fanoutP95Ms) } } : {}),
  };
}

const ms = (value: number | null) => (value === null ? 'never' : `${value.toFixed(1)} ms`);

function table(mode: Mode, figures: TargetFigures): string {
  const rows: [string, string][] = [
    ['phones connected and joined', `${figures.phones} in ${ms(figures.connectMs)}`],
    ['fan-out first / p50 / p95 / max', [figures.fanoutFirstMs, figures.fanoutP50Ms, figures.fanoutP95Ms, figures.fanoutMaxMs].map(ms).join(' / ')],
    ['ballot ack p50 / p95 / p99 / max', [figures.ackP50Ms, figures.ackP95Ms, figures.ackP99Ms, figures.ackMaxMs].map(ms).join(' / ')],
    ['bench client loop delay max (burst)', ms(figures.clientLoopDelayMaxMs)],
    ['last ballot → projector', ms(figures.lastBallotToScreenMs)],
    ['lost ballots', `${figures.lostBallots} (option counts ${figures.optionCountsMatch ? 'match' : 'DIFFER'}; ${figures.ballotsFailed} failed)`],
    ['server RSS before phones', `${figures.rssBeforePhonesMB.toFixed(1)} MB`],
    ['server RSS per phone', `${figures.rssPerPhoneKB.toFixed(1)} KB`],
    ['server CPU (connect → count)', `${figures.cpuSeconds.toFixed(1)} s`],
    ['view:update size', `${figures.viewBytes} bytes`],
  ];
  return [TITLES[mode], ...rows.map(([name, value]) => `  ${name.padEnd(36)} ${value}`)].join('\n');
}

type Verdict = 'pass' | 'FAIL' | 'n/a';
const verdict = (met: boolean | null): Verdict => (met === null ? 'n/a' : met ? 'pass' : 'FAIL');

function targetLines(result: BenchResult): string[] {
  const { baseline, pnyx, pnyxRedis } = result.figures;
  const page = result.phonePage?.gzippedKB;
  const lines: [Verdict, string][] = [
    [
      verdict(pnyx && result.phones >= TARGETS.phonesOnOneInstance ? pnyx.lostBallots === 0 : null),
      `${TARGETS.phonesOnOneInstance} phones on one instance, 0 lost ballots (ran ${result.phones})`,
    ],
    [
      verdict(pnyx && baseline ? pnyx.fanoutP95Ms <= TARGETS.fanoutP95VsBaseline * baseline.fanoutP95Ms : null),
      `fan-out p95 ≤ ${TARGETS.fanoutP95VsBaseline} × baseline (${pnyx && baseline ? `${ms(pnyx.fanoutP95Ms)} vs ${ms(baseline.fanoutP95Ms)}` : '-'})`,
    ],
    [verdict(pnyx ? pnyx.ackP99Ms <= TARGETS.ackP99Ms : null), `ballot ack p99 ≤ ${TARGETS.ackP99Ms} ms, durable (${pnyx ? ms(pnyx.ackP99Ms) : '-'})`],
    [
      verdict(pnyx ? pnyx.lastBallotToScreenMs !== null && pnyx.lastBallotToScreenMs <= TARGETS.lastBallotToScreenMs : null),
      `last ballot → projector ≤ ${TARGETS.lastBallotToScreenMs} ms (${pnyx ? ms(pnyx.lastBallotToScreenMs) : '-'})`,
    ],
    [verdict(pnyx ? pnyx.rssPerPhoneKB <= TARGETS.rssPerPhoneKB : null), `≤ ${TARGETS.rssPerPhoneKB} KB server memory per phone (${pnyx ? `${pnyx.rssPerPhoneKB.toFixed(1)} KB` : '-'})`],
    [verdict(page === undefined ? null : page <= TARGETS.phonePageKB), `phone page ≤ ${TARGETS.phonePageKB} KB JS+CSS gzipped (${page === undefined ? 'not weighed' : `${page.toFixed(1)} KB`})`],
    [verdict(pnyxRedis ? pnyxRedis.lostBallots === 0 : null), 'two instances + Redis: no ballot lost'],
    [
      verdict(pnyxRedis && pnyx ? pnyxRedis.fanoutP95Ms <= TARGETS.redisFanoutP95VsSingle * pnyx.fanoutP95Ms : null),
      `two instances: fan-out p95 ≤ ${TARGETS.redisFanoutP95VsSingle} × one instance (${pnyxRedis && pnyx ? `${ms(pnyxRedis.fanoutP95Ms)} vs ${ms(pnyx.fanoutP95Ms)}` : '-'})`,
    ],
  ];
  return lines.map(([met, text]) => `  [${met}] ${text}`);
}

/** What a person reads: a table per target, the issue's targets with pass/fail, notes and profiles. */
export function humanSummary(result: BenchResult): string {
  const modes = Object.keys(result.figures) as Mode[];
  const sections = modes.map((mode) => table(mode, result.figures[mode]!));
  if (result.phonePage) {
    const { gzippedKB, rawKB, files } = result.phonePage;
    sections.push(`phone page /join/CODE: ${files} JS/CSS files, ${rawKB.toFixed(1)} KB raw, ${gzippedKB.toFixed(1)} KB gzipped (level 9)`);
  }
  sections.push(['targets (issue 6)', ...targetLines(result)].join('\n'));
  if (result.notes.length > 0) sections.push(['notes', ...result.notes.map((note) => `  - ${note}`)].join('\n'));
  if (result.broken.length > 0) sections.push(['BROKEN', ...result.broken.map((reason) => `  - ${reason}`)].join('\n'));
  sections.push(...result.profiles.map(formatProfile));
  return sections.join('\n\n');
}
