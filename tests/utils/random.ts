import { expect } from 'vitest';

/**
 * Seeded randomness for property-style tests: a run is replayed exactly by setting `PNYX_SEED` to the seed
 * it printed.
 */

/** A 32-bit seed from `PNYX_SEED` (decimal or 0x-hex), or one derived from the clock when it is unset. */
export function testSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.PNYX_SEED?.trim();
  if (given) {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`PNYX_SEED must be an integer, got "${given}"`);
    return seed >>> 0;
  }
  return (Date.now() ^ Math.imul(process.pid, 0x9e3779b1)) >>> 0;
}

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed always gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An index chosen with the given non-negative weights. */
  weighted(weights: readonly number[]): number;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty array');
      return items[int(items.length)]!;
    },
    weighted(weights) {
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      let roll = next() * total;
      for (const [index, weight] of weights.entries()) {
        roll -= weight;
        if (roll < 0) return index;
      }
      return weights.length - 1;
    },
  };
}

/** The seed of a seeded test file, printed under the file's name so that a failing run can be replayed. */
export function printedSeed(file: string): number {
  const seed = testSeed();
  console.log(`${file}: PNYX_SEED=${seed}`);
  return seed;
}

/** The random source of one sequence of a seeded run: a stream of its own, derived from the run's seed. */
export function sequenceRandom(seed: number, sequence: number): Random {
  return createRandom((seed + Math.imul(sequence, 0x9e3779b1)) >>> 0);
}

/** How often each outcome of a seeded run happened: the traffic must reach every path, or the run proves little. */
export class Outcomes {
  private readonly seen = new Map<string, number>();

  constructor(
    /** The test file, named in the printed counts. */
    private readonly file: string,
    private readonly seed: number,
  ) {}

  count(outcome: string): void {
    this.seen.set(outcome, (this.seen.get(outcome) ?? 0) + 1);
  }

  /** Prints every outcome's count, then expects each of `required` to have happened more than `times` times. */
  expectEachMoreThan(required: readonly string[], times: number): void {
    console.log(`${this.file}: outcomes ${JSON.stringify(Object.fromEntries([...this.seen].sort()))}`);
    for (const outcome of required) {
      expect(this.seen.get(outcome) ?? 0, `too few "${outcome}" outcomes with PNYX_SEED=${this.seed}`).toBeGreaterThan(times);
    }
  }
}
