import { describe, expect, it } from 'vitest';
import { runBench } from '../bench/run-bench.js';
import { benchJson } from '../bench/summary.js';

/**
 * `npm run bench` in small: 30 phones against the bare baseline (in this process) and one built pnyx server
 * process. It checks that the bench runs end to end and that no ballot goes missing; the timings are its
 * product, never asserted.
 */
describe('the benchmark, small', { timeout: 60_000 }, () => {
  it('joins 30 phones to the baseline and to pnyx, counts every acknowledged ballot once, and reports the issue’s fields', async () => {
    const result = await runBench({
      phones: 30,
      modes: ['baseline', 'pnyx'],
      concurrency: 10,
      fanouts: 3,
      burstMs: 200,
      seed: 7,
      warmUp: false,
      pageWeight: false,
      baselineInProcess: true,
      profileDir: null,
    });

    expect(result.broken).toEqual([]);
    for (const figures of [result.figures.baseline!, result.figures.pnyx!]) {
      expect(figures).toMatchObject({ phones: 30, lostBallots: 0, optionCountsMatch: true, ballotsFailed: 0 });
      expect(figures.lastBallotToScreenMs).not.toBeNull();
    }
    const json = JSON.parse(JSON.stringify(benchJson(result))) as Record<string, Record<string, unknown>>;
    expect(json.phones).toBe(30);
    expect(Object.keys(json.baseline!).slice(0, 2)).toEqual(['fanoutP95Ms', 'ackP99Ms']);
    expect(Object.keys(json.pnyx!).slice(0, 8)).toEqual([
      'connectMs', 'fanoutP95Ms', 'ackP50Ms', 'ackP99Ms', 'lastBallotToScreenMs', 'lostBallots', 'rssPerPhoneKB', 'phonePageKB',
    ]);
    expect(json.pnyx!.lostBallots).toBe(0);
    expect(Object.keys(json.ratio!)).toEqual(['fanoutP95', 'ackP99']);
    for (const value of [json.pnyx!.fanoutP95Ms, json.pnyx!.ackP99Ms, json.ratio!.fanoutP95, json.ratio!.ackP99]) expect(value).toEqual(expect.any(Number));
  });
});
