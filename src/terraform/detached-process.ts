import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseJson } from '../json.js';
import { isAlive, processRef, type ProcessRef } from './process-identity.js';

/**
 * The wrapper Terraform runs under, as `sh -c WRAPPER sh <status file> <credentials dir> <terraform> <args…>`:
 * nothing from the user is in the script; everything comes as arguments. It waits for a go-ahead on its
 * stdin (the bot writes one once the run record is saved; EOF means the bot died first, so Terraform
 * never starts), then runs Terraform with stdin from /dev/null, and when it exits, removes the run's
 * credential directory and writes how it ended to the status file atomically (a rename), whether or not
 * the bot is still there to see it. Its traps keep it alive through the SIGINT of a Cancel (sent to the
 * whole group, as a terminal's Ctrl-C is) so it can record the outcome; a trap with a command is reset
 * in children, so Terraform keeps its own signal handling. Its umask 077 makes the state Terraform writes
 * (which holds generated passwords and keys in clear) 0600, and its directories 0700.
 */
const WRAPPER = `umask 077
trap : INT TERM HUP
status=$1 creds=$2
shift 2
if ! read -r go; then
  [ -n "$creds" ] && rm -rf -- "$creds"
  exit 0
fi
"$@" </dev/null
code=$?
[ -n "$creds" ] && rm -rf -- "$creds"
if [ "$code" -gt 128 ]; then body="{\\"signal\\":$((code - 128))}"; else body="{\\"exitCode\\":$code}"; fi
printf '%s\\n' "$body" > "$status.tmp" && mv -f -- "$status.tmp" "$status"
`;

/** How Terraform ended, as its wrapper recorded it. */
export type ExitStatus = { exitCode: number } | { signal: number };
const exitStatusSchema = z.union([z.object({ exitCode: z.number().int() }), z.object({ signal: z.number().int() })]);

export interface DetachedSpawn {
  bin: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logPath: string;
  statusPath: string;
  /** Removed by the wrapper when Terraform exits; empty for none. */
  credentialsDir: string;
}

/** A started wrapper, waiting for {@link DetachedProcess.go}. */
export interface DetachedProcess {
  readonly ref: ProcessRef;
  readonly child: ChildProcess;
  /** Lets Terraform start (call once its run record is saved). */
  go(): void;
}

/**
 * Starts the wrapper in a new session (setsid: its own process group, no controlling terminal), with
 * stdout and stderr on the log file itself, not a pipe, so Terraform never dies of SIGPIPE with the bot.
 * It is unref'd: the bot can exit while it runs.
 */
export function spawnDetached(options: DetachedSpawn): DetachedProcess {
  const log = openSync(options.logPath, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', WRAPPER, 'sh', options.statusPath, options.credentialsDir, options.bin, ...options.args], {
      cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', log, log],
    });
  } finally {
    closeSync(log);
  }
  if (child.pid === undefined) throw new Error('the Terraform wrapper did not start');
  child.unref();
  child.stdin?.on('error', () => undefined); // the wrapper is gone; its exit tells the rest
  const ref = processRef(child.pid);
  return { ref, child, go: () => child.stdin?.end('go\n') };
}

/** The exit status beside a log, if the wrapper wrote one. */
export function readExitStatus(statusPath: string): ExitStatus | undefined {
  let text: string;
  try {
    text = readFileSync(statusPath, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = exitStatusSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Where a run stands from the outside: ended (with its status), still running, or gone without a word
 * (the wrapper was killed too, e.g. a reboot or a kill of the whole group).
 */
export function probe(ref: ProcessRef, statusPath: string): { state: 'ended'; status: ExitStatus } | { state: 'running' } | { state: 'vanished' } {
  const status = readExitStatus(statusPath);
  if (status) return { state: 'ended', status };
  if (isAlive(ref)) return { state: 'running' };
  // The wrapper writes the status just before it exits: look once more after seeing it gone.
  const late = readExitStatus(statusPath);
  return late ? { state: 'ended', status: late } : { state: 'vanished' };
}

/** Signals the run's whole process group, if its leader is still the process recorded. */
export function signalGroup(ref: ProcessRef, signal: NodeJS.Signals): boolean {
  if (!isAlive(ref)) return false;
  try {
    process.kill(-ref.pid, signal);
    return true;
  } catch {
    return false;
  }
}
