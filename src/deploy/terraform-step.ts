import type { CloudCredentials } from '../cloud/credentials.js';
import { parseJson } from '../json.js';
import {
  displayOutputs, isDataSource, outputsSchema, ProgressTracker, resourceTypeOf, type Diagnostic, type ProgressState,
} from '../terraform/progress/index.js';
import { TerraformError } from '../terraform/terraform-error.js';
import type { TerraformRun, TerraformRunner, TerraformStep } from '../terraform/terraform-runner.js';

export interface StepOptions {
  workspaceId: string;
  credentials?: CloudCredentials;
  env?: Record<string, string>;
  /** Shared across plan and apply so totals carry over; a fresh one by default. */
  tracker?: ProgressTracker;
  /** Called after every line with the tracker (the caller decides how often to show it). */
  onProgress?(tracker: ProgressTracker): void;
  /** Receives the run as soon as it starts, e.g. to cancel it. */
  onStart?(run: TerraformRun): void;
  /** For `apply`: the caller's description of the run, kept (sealed) in its run record. */
  context?: unknown;
}

const STEP_NAMES: Record<TerraformStep, string> = {
  init: 'terraform init', plan: 'terraform plan', 'plan-destroy': 'terraform plan -destroy', apply: 'terraform apply',
  output: 'terraform output', 'state-list': 'terraform state list', show: 'terraform show',
};

/** Runs one step to the end, feeding its output through a progress tracker; a failure becomes a TerraformError. */
export async function runStep(runner: TerraformRunner, step: TerraformStep, options: StepOptions): Promise<ProgressState> {
  const run = await runner.start({
    workspaceId: options.workspaceId, step, credentials: options.credentials, env: options.env, context: options.context,
  });
  options.onStart?.(run);
  return followStep(run, step, options);
}

/** Follows a started run (or one re-attached after a restart) to its end, as runStep does. */
export async function followStep(run: TerraformRun, step: TerraformStep, options: Pick<StepOptions, 'tracker' | 'onProgress'>): Promise<ProgressState> {
  const tracker = options.tracker ?? new ProgressTracker();
  for await (const line of run.lines) {
    tracker.writeLine(line);
    options.onProgress?.(tracker);
  }
  tracker.end();
  const result = await run.result;
  const state = tracker.state();
  if (result.ok) return state;

  // A state lock error (only a remote backend's lock can outlive a crash) is shown as Terraform words it, with
  // the lock's ID and holder: force-unlocking it automatically could break another machine's run.
  const errors = state.diagnostics.filter((d) => d.severity === 'error');
  const name = STEP_NAMES[step];
  if (result.detached) throw new TerraformError('detached', `\`${name}\` goes on without this bot process, which is stopping; the next one picks it up.`, { step });
  if (result.killed && !result.cancelled) {
    throw new TerraformError('killed', `\`${name}\` was killed before it could finish; it had no chance to save what was in flight.`, { step });
  }
  if (result.timedOut) throw new TerraformError('timed-out', `\`${name}\` took too long and was stopped.${describe(errors)}`, { step });
  // An interrupt seen in the log and not sent by this process: a Cancel pressed before the bot restarted.
  if (result.cancelled || state.interrupted) throw new TerraformError('cancelled', `\`${name}\` was cancelled; Terraform saved what it had done.`, { step });
  throw new TerraformError('failed', `\`${name}\` failed (exit code ${result.exitCode ?? 'unknown'}).${describe(errors)}`, { step, exitCode: result.exitCode });
}

/** Terraform's own words: summary and detail of each error, trimmed for a Discord message. */
function describe(errors: Diagnostic[]): string {
  if (errors.length === 0) return '';
  return '\n' + errors.slice(0, 3).map((d) => `**${d.summary}**${d.address ? ` (${d.address})` : ''}\n${d.detail.trim().slice(0, 500)}`).join('\n');
}

/** `terraform output -json` as display strings; sensitive values are never shown. */
export async function readOutputs(runner: TerraformRunner, options: ReadOptions): Promise<Record<string, string>> {
  const lines = await readAll(runner, 'output', options);
  // stderr shares the stream: Terraform may print a boxed warning (e.g. about its CLI configuration) around the JSON.
  const start = lines?.findIndex((line) => line.startsWith('{')) ?? -1;
  const end = lines?.findLastIndex((line) => line.endsWith('}')) ?? -1;
  const parsed = outputsSchema.safeParse(start >= 0 && end >= start ? parseJson(lines!.slice(start, end + 1).join('\n')) : undefined);
  return parsed.success ? displayOutputs(parsed.data) : {};
}

/**
 * The managed resources in the workspace's state (`terraform state list`, data sources left out): what
 * exists after a run, however it ended or was cut off. Undefined when Terraform cannot say.
 */
export async function readStateResources(runner: TerraformRunner, options: ReadOptions): Promise<string[] | undefined> {
  const lines = await readAll(runner, 'state-list', options);
  return lines?.map((line) => line.trim()).filter((address) => resourceTypeOf(address) !== '' && !address.includes(' ') && !isDataSource(address));
}

/** The saved plan as `terraform show -no-color` prints it (sensitive values redacted by Terraform), or undefined. */
export async function readPlanText(runner: TerraformRunner, options: ReadOptions): Promise<string | undefined> {
  const lines = await readAll(runner, 'show', options);
  return lines && lines.join('\n').trim() + '\n';
}

type ReadOptions = Pick<StepOptions, 'workspaceId' | 'credentials' | 'env'>;

/** The whole output of a step that only reads, or undefined if it failed. */
async function readAll(runner: TerraformRunner, step: 'output' | 'state-list' | 'show', options: ReadOptions): Promise<string[] | undefined> {
  const run = await runner.start({ ...options, step });
  const lines: string[] = [];
  for await (const line of run.lines) lines.push(line);
  return (await run.result).ok ? lines : undefined;
}
