import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process identity and liveness by pid. A pid alone can be reused after the process dies, so a
 * replica is identified by its pid and its start time (field 22 of /proc/<pid>/stat, in clock ticks
 * since boot). Where /proc is missing, the start time is undefined and only the pid is checked.
 */
export function processStartTime(pid: number): string | undefined {
  const stat = readStat(pid);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); the start time is field 22.
  return fields[19];
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  const stat = readStat(pid);
  if (!stat) return false;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}

/** True while the process exists (not a zombie) and, when `startTime` is given, is the same process. */
export function isAlive(pid: number, startTime?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (isZombie(pid)) return false;
  if (startTime !== undefined) {
    const now = processStartTime(pid);
    if (now !== undefined && now !== startTime) return false;
  }
  return true;
}

/**
 * True while a live (non-zombie) process of the group `pgid` exists. Reads /proc where it can, because
 * zombies left for an init that does not reap them would otherwise look alive forever.
 */
export function groupAlive(pgid: number): boolean {
  let entries: string[] | undefined;
  try {
    entries = readdirSync('/proc');
  } catch {
    entries = undefined;
  }
  if (!entries) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state (field 3), fields[2] the process group (field 5).
    if (fields[2] === String(pgid) && fields[0] !== 'Z') return true;
  }
  return false;
}

/** Sends `signal` to every process of the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
