/** A sustained rate with a burst on top: `burst` at once, then `perSecond`. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/**
 * One token bucket: full at `burst`, refilled at `perSecond`. `take` answers 0 when a token was taken, or how
 * many milliseconds until one is there (nothing is taken then, so a refused request costs the caller nothing).
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.#tokens = rate.burst;
    this.#at = now;
  }

  take(now: number): number {
    const wait = this.peek(now);
    if (wait === 0) this.#tokens -= 1;
    return wait;
  }

  peek(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.rate.perSecond) * 1000);
  }

  /** True when the bucket would be full at `now`: it then says nothing a fresh bucket would not. */
  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.rate.burst;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#at);
    this.#tokens = Math.min(this.rate.burst, this.#tokens + (elapsed / 1000) * this.rate.perSecond);
    this.#at = now;
  }
}

/** How often a keyed limiter drops its full buckets, counted in `take` calls (no timer to stop). */
const SWEEP_EVERY = 4096;

/**
 * Token buckets by key (a client address): a bucket exists only while its key used part of its burst, so
 * memory follows the keys that are active, not every key ever seen.
 */
export class KeyedRateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  #takes = 0;

  constructor(
    private readonly rate: Rate,
    private readonly clock: () => number = Date.now,
  ) {}

  take(key: string): number {
    const now = this.clock();
    if (++this.#takes % SWEEP_EVERY === 0) this.#sweep(now);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.rate, now);
      this.#buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  /** Milliseconds until `key` has a token (0: it has one now), without taking it. */
  peek(key: string): number {
    const bucket = this.#buckets.get(key);
    return bucket ? bucket.peek(this.clock()) : 0;
  }

  /** Keys that hold a bucket (for tests and the memory figure). */
  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.isFull(now)) this.#buckets.delete(key);
  }
}
