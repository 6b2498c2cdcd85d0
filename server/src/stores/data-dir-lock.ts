import { randomUUID } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** One server process per data directory: a second one would number the same session's log twice. */
const LOCK_FILE = 'pnyx.lock';

/**
 * How long a takeover waits before reading the lock file again: two openers that took over one stale lease
 * at the same moment have both written it by then, and only the last writer finds its token.
 */
const TAKEOVER_SETTLE_MS = 200;

/** What the lock file holds. */
interface Lease {
  host: string;
  pid: number;
  /** Tells this holder from a later one with the same host and pid. Missing in a pid-only lock file. */
  token?: string;
  /** Missing in a pid-only lock file (written by an older server), which holds while its process lives. */
  renewedAt?: number;
}

export interface DataDirLockOptions {
  /** Called once if another process has taken the lease over; renewing stops then. */
  onLost?: () => void;
  /** How often the holder rewrites its lease. */
  renewEveryMs?: number;
  /** A lease not renewed for this long is taken over: its holder died, possibly in another container. */
  staleAfterMs?: number;
}

/** A lease this process holds, renewed until it is unlocked or lost. */
class HeldLease {
  lease: Lease;
  private renewal: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    readonly lockPath: string,
    private readonly renewEveryMs: number,
    private readonly onLost: (() => void) | undefined,
  ) {
    this.lease = { host: hostname(), pid: process.pid, token: randomUUID(), renewedAt: Date.now() };
  }

  startRenewing(): void {
    this.renewal = setInterval(() => {
      this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    }, this.renewEveryMs).unref();
  }

  /** Stops renewing and waits for a renewal in flight, which would otherwise write the file again. */
  async stopRenewing(): Promise<void> {
    clearInterval(this.renewal);
    this.renewal = undefined;
    await this.renewing;
  }

  private async renew(): Promise<void> {
    try {
      const current = await readLease(this.lockPath);
      if (this.renewal === undefined) return;
      if (current?.token !== this.lease.token) {
        clearInterval(this.renewal);
        this.renewal = undefined;
        this.onLost?.();
        return;
      }
      this.lease = { ...this.lease, renewedAt: Date.now() };
      await placeLease(this.lockPath, this.lease, rename);
    } catch {
      // A failed read or write is tried again at the next renewal; the lease has staleAfterMs to spare.
    }
  }
}

/**
 * The data directories this process holds. A lease with this process's host and id is stale unless its
 * directory is in here: a restarted container often runs the server under the same pid as before.
 */
const heldLocks = new Map<string, HeldLease>();

/**
 * Takes the data directory's lock file (`pnyx.lock`), a lease the holder renews every `renewEveryMs`, or throws
 * while another process holds it. Taken over at once: a lease from this host whose process is dead or has this
 * process's id (a restarted container); after `staleAfterMs`: a lease not renewed since (its holder died,
 * possibly in another container, whose pids mean nothing here).
 */
export async function lockDataDir(dataDir: string, options: DataDirLockOptions = {}): Promise<string> {
  const { onLost, renewEveryMs = 5_000, staleAfterMs = 15_000 } = options;
  const lockPath = resolve(dataDir, LOCK_FILE);
  const held = heldLocks.get(lockPath);
  if (held) throw new DataDirInUseError(dataDir, held.lease, staleAfterMs);
  // Claimed before the first await, so that a second open in this process is refused even meanwhile.
  const lease = new HeldLease(lockPath, renewEveryMs, onLost);
  heldLocks.set(lockPath, lease);
  try {
    await takeLockFile(lease, dataDir, staleAfterMs);
    lease.startRenewing();
    return lockPath;
  } catch (error) {
    heldLocks.delete(lockPath);
    throw error;
  }
}

async function takeLockFile({ lockPath, lease }: HeldLease, dataDir: string, staleAfterMs: number): Promise<void> {
  for (;;) {
    try {
      await placeLease(lockPath, lease, link);
      return;
    } catch (error) {
      if (!hasCode(error, 'EEXIST')) throw error;
    }
    const holder = await readLease(lockPath);
    // Gone meanwhile (its holder unlocked): create it again.
    if (holder === undefined) continue;
    if (!isStale(holder, staleAfterMs)) throw new DataDirInUseError(dataDir, holder, staleAfterMs);
    await placeLease(lockPath, lease, rename);
    await sleep(TAKEOVER_SETTLE_MS);
    const after = await readLease(lockPath);
    if (after === undefined) continue;
    if (after.token !== lease.token) throw new DataDirInUseError(dataDir, after, staleAfterMs);
    return;
  }
}

/** Stops renewing and removes the lock file, unless another process has taken the lease over. */
export async function unlockDataDir(lockPath: string): Promise<void> {
  const held = heldLocks.get(lockPath);
  if (!held) return;
  try {
    await held.stopRenewing();
    if ((await readLease(lockPath))?.token === held.lease.token) await rm(lockPath, { force: true });
  } finally {
    heldLocks.delete(lockPath);
  }
}

function isStale(holder: Lease, staleAfterMs: number): boolean {
  // A lease of this process with its directory in heldLocks was refused before: this one is a former life's.
  if (holder.host === hostname() && (holder.pid === process.pid || !isLive(holder.pid))) return true;
  return holder.renewedAt !== undefined && Date.now() - holder.renewedAt > staleAfterMs;
}

/**
 * Writes the lease whole into a file of its own, then puts that file in place: `link` only where no lock file
 * is, `rename` over one. A reader never sees a lease half written.
 */
async function placeLease(lockPath: string, lease: Lease, place: (from: string, to: string) => Promise<void>): Promise<void> {
  const written = `${lockPath}.${lease.token}.tmp`;
  await writeFile(written, JSON.stringify(lease));
  try {
    await place(written, lockPath);
  } finally {
    await rm(written, { force: true });
  }
}

/** The lease in the lock file, or undefined without one. */
async function readLease(lockPath: string): Promise<Lease | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  return parseLease(text);
}

function parseLease(text: string): Lease {
  // An older server wrote just its pid.
  if (/^\d+$/.test(text.trim())) return { host: hostname(), pid: Number(text) };
  try {
    const { host, pid, token, renewedAt } = JSON.parse(text) as Partial<Record<keyof Lease, unknown>>;
    if (typeof host === 'string' && typeof pid === 'number' && typeof token === 'string' && typeof renewedAt === 'number') {
      return { host, pid, token, renewedAt };
    }
  } catch {
    // Not JSON: read as no process below.
  }
  // An empty file, left by an older server that died right after creating it, or garbage: a dead process's.
  return { host: hostname(), pid: 0 };
}

function isLive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process lives but belongs to another user.
    return !hasCode(error, 'ESRCH');
  }
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

class DataDirInUseError extends Error {
  constructor(dataDir: string, holder: Lease, staleAfterMs: number) {
    const holding = `data directory ${dataDir} is in use by process ${holder.pid} on host ${holder.host}`;
    super(
      holder.renewedAt === undefined
        ? `${holding} (lock file ${LOCK_FILE}); if no server uses it, delete the file`
        : `${holding} (lock file ${LOCK_FILE}, renewed ${Math.max(0, Math.round((Date.now() - holder.renewedAt) / 1000))}s ago); ` +
            `if no server uses it, wait ${staleAfterMs / 1000} s or delete the file`,
    );
  }
}
