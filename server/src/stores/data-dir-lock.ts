import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** One server process per data directory: a second one would number the same session's log twice. */
const LOCK_FILE = 'pnyx.lock';

/**
 * The data directories this process holds. A lock file with this process's id is stale unless its
 * directory is in here: a restarted container often runs the server under the same pid as before.
 */
const heldLocks = new Set<string>();

/**
 * Takes the data directory's lock file (`pnyx.lock`, holding the pid), or throws while a live process holds
 * it; a lock left by a dead process is taken over. Two processes taking over one stale lock at the same
 * instant are not told apart.
 */
export async function lockDataDir(dataDir: string): Promise<string> {
  const lockPath = resolve(dataDir, LOCK_FILE);
  if (heldLocks.has(lockPath)) throw new DataDirInUseError(dataDir, process.pid);
  // Claimed before the first await, so that a second open in this process is refused even meanwhile.
  heldLocks.add(lockPath);
  try {
    await takeLockFile(lockPath, dataDir);
    return lockPath;
  } catch (error) {
    heldLocks.delete(lockPath);
    throw error;
  }
}

async function takeLockFile(lockPath: string, dataDir: string): Promise<void> {
  for (;;) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (!hasCode(error, 'EEXIST')) throw error;
    }
    // A lock file left empty by a process that died right after creating it reads as no pid: stale.
    const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    if (holder !== process.pid && isLive(holder)) throw new DataDirInUseError(dataDir, holder);
    await rm(lockPath, { force: true });
  }
}

export async function unlockDataDir(lockPath: string): Promise<void> {
  heldLocks.delete(lockPath);
  await rm(lockPath, { force: true });
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
  constructor(dataDir: string, pid: number) {
    super(`data directory ${dataDir} is in use by process ${pid} (lock file ${LOCK_FILE})`);
  }
}
