import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A process as a lock file records it: the PID, and its start time so a reused PID is not mistaken for it. */
export const processRefSchema = z.object({ pid: z.number().int().positive(), startTime: z.string().optional() });
export type ProcessRef = z.infer<typeof processRefSchema>;

export function processRef(pid: number): ProcessRef {
  const startTime = procStat(pid)?.startTime;
  return { pid, ...(startTime ? { startTime } : {}) };
}

/**
 * Whether `pid` is still the process we recorded: not gone, not a zombie (exited, only not yet reaped by
 * an init that does not reap), and not an unrelated process that reused the PID after a reboot.
 */
export function isAlive({ pid, startTime }: ProcessRef): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return true; // no /proc (not Linux): the signal check is all we have
  return stat.state !== 'Z' && (startTime === undefined || stat.startTime === startTime);
}

/** State and start time (clock ticks since boot) from /proc/<pid>/stat; the name field may hold spaces and parentheses. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}
