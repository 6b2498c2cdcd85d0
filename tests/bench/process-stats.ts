import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Linux's /proc: what a server process holds in memory and the CPU time it has used. */

let ticksPerSecond: number | undefined;

/** The kernel's clock tick (`getconf CLK_TCK`): /proc/<pid>/stat counts CPU time in these. */
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

/** Resident memory (VmRSS) of `pid`, in KB. */
export function residentKB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line.replace(/\D+/g, ''));
}

/** User plus system CPU seconds `pid` has used since it started. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5); `fields` starts at field 3.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / clockTicksPerSecond();
}

export const totalResidentKB = (pids: number[]): number => pids.reduce((sum, pid) => sum + residentKB(pid), 0);
export const totalCpuSeconds = (pids: number[]): number => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
