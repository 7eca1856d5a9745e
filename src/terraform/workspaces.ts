import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isAlive, processRef, processRefSchema, type ProcessRef } from './process-identity.js';
import { TerraformError } from './terraform-error.js';

const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** What Terraform writes that holds the state's secrets in clear (generated passwords, private keys). */
const SECRET_FILES = ['terraform.tfstate', 'terraform.tfstate.backup', 'tfplan'];
const RUN_LOCK = '.chatops-run.lock';

/** The plan file every workspace uses between `plan` and `apply`. */
export const PLAN_FILE = 'tfplan';

/**
 * Per-deployment working directories under WORKSPACE_DIR (0700), and the lock that keeps two runs
 * off one workspace. The lock is held in memory and mirrored in a file naming our PID, so a lock
 * left by a process that died is recognised as stale and taken over.
 */
export class Workspaces {
  readonly root: string;
  readonly #held = new Map<string, string>();

  constructor(root: string) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
  }

  dir(id: string): string {
    if (!WORKSPACE_ID.test(id)) throw new Error(`invalid workspace id ${JSON.stringify(id)}`);
    const dir = join(this.root, id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /** Writes the configuration; user values go only into terraform.tfvars.json, never into HCL text. */
  writeConfig(id: string, files: Record<string, string>, variables: Record<string, unknown>): void {
    const dir = this.dir(id);
    for (const [name, content] of Object.entries(files)) {
      if (!/^[a-z0-9_-]+\.tf$/.test(name)) throw new Error(`refusing to write ${name}: not a .tf file name`);
      writeFileSync(join(dir, name), content, { mode: 0o600 });
    }
    writeFileSync(join(dir, 'terraform.tfvars.json'), JSON.stringify(variables, null, 2) + '\n', { mode: 0o600 });
  }

  /**
   * Makes the workspace 0700 and its state and plan files 0600, whatever wrote them: Terraform creates
   * files under its umask (0644 under the usual 022). The bot runs Terraform under umask 077 anyway;
   * this covers a plan written before that, or by an operator's own `terraform` in the directory.
   */
  protect(id: string): void {
    const dir = this.dir(id);
    chmodSync(dir, 0o700);
    for (const name of SECRET_FILES) {
      try {
        chmodSync(join(dir, name), 0o600);
      } catch {
        // Not written (yet): nothing to protect.
      }
    }
  }

  /** The IDs of the workspaces on disk (the plugin cache and other dot-directories are not workspaces). */
  ids(): string[] {
    return readdirSync(this.root, { withFileTypes: true }).filter((e) => e.isDirectory() && WORKSPACE_ID.test(e.name)).map((e) => e.name);
  }

  /**
   * Deletes a workspace, configuration, state and all, unless a run holds it (here or in another bot
   * process, or a Terraform that outlived one). Returns whether it is gone.
   */
  remove(id: string): boolean {
    if (!WORKSPACE_ID.test(id)) throw new Error(`invalid workspace id ${JSON.stringify(id)}`);
    if (!existsSync(join(this.root, id))) return true;
    let release: () => void;
    try {
      release = this.acquire(id, 'removal');
    } catch {
      return false;
    }
    try {
      rmSync(join(this.root, id), { recursive: true, force: true });
    } finally {
      release();
    }
    return true;
  }

  /** Takes the workspace for one run, or explains who holds it. Returns the release function. */
  acquire(id: string, label: string): () => void {
    const holder = this.#held.get(id);
    if (holder) throw new TerraformError('busy', `Another Terraform run (${holder}) is already working on this deployment; wait for it or cancel it first.`);
    const lockPath = join(this.dir(id), RUN_LOCK);
    try {
      writeFileSync(lockPath, lockRecord(label), { flag: 'wx', mode: 0o600 });
    } catch {
      const owner = readOwner(lockPath);
      if (owner && owner.bot.pid !== process.pid && isAlive(owner.bot)) {
        throw new TerraformError('busy', `Another bot process (PID ${owner.bot.pid}) is running Terraform (${owner.label}) on this deployment.`);
      }
      // The bot died but its terraform may not have yet: it stops at its next output line (broken pipe).
      if (owner?.terraform && isAlive(owner.terraform)) {
        throw new TerraformError('busy', `Terraform from before the bot restarted (PID ${owner.terraform.pid}) is still finishing on this deployment; try again in a minute.`);
      }
      // Left by a process that is gone: the run it guarded is over.
      writeFileSync(lockPath, lockRecord(label), { mode: 0o600 });
    }
    this.#held.set(id, label);
    return () => {
      this.#held.delete(id);
      rmSync(lockPath, { force: true });
    };
  }

  /**
   * Takes over the workspace of a run an earlier bot process started and this one re-attaches to: the
   * lock file then names this process beside the run's. Returns the release function.
   */
  adopt(id: string, label: string, run: ProcessRef): () => void {
    const lockPath = join(this.dir(id), RUN_LOCK);
    this.#held.set(id, label);
    writeFileSync(lockPath, JSON.stringify({ bot: processRef(process.pid), terraform: run, label, at: Date.now() }), { mode: 0o600 });
    return () => {
      this.#held.delete(id);
      rmSync(lockPath, { force: true });
    };
  }

  /** Notes the terraform process in the lock file, so a restarted bot can tell whether it outlived us. */
  recordChild(id: string, childPid: number | undefined): void {
    const label = this.#held.get(id);
    if (!label || childPid === undefined) return;
    writeFileSync(join(this.dir(id), RUN_LOCK), lockRecord(label, childPid), { mode: 0o600 });
  }
}

const runLockSchema = z.object({ bot: processRefSchema, terraform: processRefSchema.optional(), label: z.string(), at: z.number() });

function lockRecord(label: string, terraformPid?: number): string {
  return JSON.stringify({ bot: processRef(process.pid), ...(terraformPid ? { terraform: processRef(terraformPid) } : {}), label, at: Date.now() });
}

function readOwner(path: string): z.infer<typeof runLockSchema> | undefined {
  try {
    const parsed = runLockSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
