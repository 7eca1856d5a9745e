import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Vitest global setup: one test run at a time on this machine. The end-to-end tests start real bot
 * and terraform processes with timeouts sized for a 2-core machine; two suites at once (two
 * checkouts, or a suite beside a benchmark) starve each other into timeouts that are not bugs.
 */
const LOCK_DIR = join(tmpdir(), 'cloud-chatops-test-run.lock');
const OWNER_FILE = join(LOCK_DIR, 'pid');

export default async function setup(): Promise<() => void> {
  let announced = false;
  let ownerless = 0;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(OWNER_FILE, String(process.pid));
      break;
    } catch {
      const owner = ownerPid();
      // No owner for a while: its creator died between making the directory and naming itself.
      ownerless = owner === undefined ? ownerless + 1 : 0;
      if ((owner !== undefined && !isAlive(owner)) || ownerless > 5) {
        ownerless = 0;
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        process.stdout.write(`Waiting for another test run on this machine to finish (pid ${owner ?? 'unknown'})…\n`);
        announced = true;
      }
      await sleep(1000);
    }
  }
  const release = () => {
    if (ownerPid() === process.pid) rmSync(LOCK_DIR, { recursive: true, force: true });
  };
  process.once('exit', release);
  return release;
}

function ownerPid(): number | undefined {
  try {
    const pid = Number(readFileSync(OWNER_FILE, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // being written or removed: look again next time
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
