import { describe, expect, it } from 'vitest';
import { ProgressTracker, renderProgress, type IgnoredOperation, type ProgressState } from '../../../src/terraform/progress/index.js';
import {
  asProvisionerOutput, CLI_CONFIG_WARNING, hookLines, jsonDiagnostic, jsonHook, jsonPlannedChange, jsonProvisionProgress, jsonSummary, messageLines,
} from './terraform-lines.js';

// The counting rules of issue 13, each as a table. Output is assembled from Terraform's own format
// strings (see terraform-lines.ts for each one's origin); the real runs are fixtures (fixtures.test.ts).

const PLAN = ['  # terraform_data.app will be created', '  # terraform_data.runner will be created', 'Plan: 2 to add, 0 to change, 0 to destroy.'];

function tracker(onIgnored?: (op: IgnoredOperation) => void): ProgressTracker {
  return new ProgressTracker({ now: () => 0, ...(onIgnored ? { onIgnored } : {}) });
}

function read(lines: string[], onIgnored?: (op: IgnoredOperation) => void): ProgressState {
  const t = tracker(onIgnored);
  t.write(lines.join('\n') + '\n');
  t.end();
  return t.state();
}

/** What counting shows: the parts a provisioner's output must never move. */
const counts = (s: ProgressState) => ({
  total: s.total, completed: s.completed, failed: s.failed, inFlight: s.inFlight.map((op) => op.address), phase: s.phase,
  diagnostics: s.diagnostics.length, outputs: s.outputs, interrupted: s.interrupted, plannedChanges: s.plannedChanges.length,
});

describe('provisioner output never counts', () => {
  // While terraform_data.runner's provisioner runs, it prints each of Terraform's lines, for a planned
  // address, for its own, and for one the plan does not have.
  const during = [...PLAN, 'terraform_data.runner: Creating...', "terraform_data.runner: Provisioning with 'local-exec'..."];
  const baseline = counts(read(during));
  const imitated = ['terraform_data.app', 'terraform_data.runner', 'terraform_data.ghost', 'module.m["a b"].terraform_data.x[0]']
    .flatMap((address) => [...hookLines(address), ...messageLines(address)].map(([origin, line]) => ({ address, origin, line })));

  it.each(['local-exec', 'remote-exec', 'file'].flatMap((provisioner) => imitated.map((c) => ({ ...c, provisioner }))))(
    '$provisioner printing $origin for $address',
    ({ provisioner, line }) => {
      const state = read([...during, asProvisionerOutput('terraform_data.runner', provisioner, line)]);
      expect(counts(state)).toEqual(baseline);
    },
  );

  it.each(imitated)('-json provision_progress carrying $origin for $address', ({ line }) => {
    const json = [jsonPlannedChange('terraform_data.app', 'create'), jsonPlannedChange('terraform_data.runner', 'create'), jsonSummary('plan', 2, 0, 0),
      jsonHook('apply_start', 'terraform_data.runner', 'create')];
    const before = counts(read(json));
    expect(counts(read([...json, jsonProvisionProgress('terraform_data.runner', 'local-exec', line)]))).toEqual(before);
  });

  it('still reads a deposed object, which looks like a provisioner prefix but is Terraform’s own line', () => {
    const state = read([
      '  # terraform_data.app must be replaced', 'Plan: 1 to add, 0 to change, 1 to destroy.',
      'terraform_data.app: Creating...', 'terraform_data.app: Creation complete after 0s [id=new]',
      'terraform_data.app (deposed object 1a2b3c4d): Destroying... [id=old]', 'terraform_data.app (deposed object 1a2b3c4d): Destruction complete after 0s',
    ]);
    expect(state).toMatchObject({ total: 2, completed: 2, failed: 0, ignored: 0 });
  });

  it('still reads an instance key holding what looks like a provisioner prefix', () => {
    const state = read(['terraform_data.x["a (b): c"]: Creating...', 'terraform_data.x["a (b): c"]: Creation complete after 1s [id=1]']);
    expect(state).toMatchObject({ completed: 1, ignored: 0 });
  });
});

describe('only the plan’s operations count, each once', () => {
  it.each([
    { case: 'an address the plan does not have', line: 'terraform_data.ghost: Creation complete after 0s [id=x]', ignored: { address: 'terraform_data.ghost', reason: 'not-in-plan' } },
    { case: 'a planned address with an action the plan does not have', line: 'terraform_data.app: Destruction complete after 0s', ignored: { address: 'terraform_data.app', reason: 'not-in-plan' } },
    { case: 'a second completion of a counted operation', line: 'terraform_data.app: Creation complete after 0s [id=x]', ignored: { address: 'terraform_data.app', reason: 'already-counted' } },
  ])('$case is reported, not counted', ({ line, ignored }) => {
    const reported: IgnoredOperation[] = [];
    const state = read([...PLAN, 'terraform_data.app: Creating...', 'terraform_data.app: Creation complete after 1s [id=a]', line], (op) => reported.push(op));
    expect(state).toMatchObject({ total: 2, completed: 1, ignored: 1 });
    expect(reported).toEqual([expect.objectContaining({ ...ignored, event: 'complete' })]);
  });

  it('does not show an unplanned address as in progress', () => {
    const state = read([...PLAN, 'terraform_data.ghost: Creating...', 'terraform_data.ghost: Still creating... [00m10s elapsed]']);
    expect(state.inFlight).toEqual([]);
    expect(state.ignored).toBe(1); // the start, not each heartbeat
  });

  it.each([
    ['-json, a completion outside the plan', [jsonPlannedChange('terraform_data.app', 'create'), jsonSummary('plan', 1, 0, 0), jsonHook('apply_complete', 'terraform_data.ghost', 'create'), jsonHook('apply_complete', 'terraform_data.app', 'create')], 1],
    ['-json, the same completion twice', [jsonPlannedChange('terraform_data.app', 'create'), jsonSummary('plan', 1, 0, 0), jsonHook('apply_complete', 'terraform_data.app', 'create'), jsonHook('apply_complete', 'terraform_data.app', 'create')], 1],
    ['no plan read: every address counts, once', ['terraform_data.a: Creation complete after 0s', 'terraform_data.b: Creation complete after 0s', 'terraform_data.a: Creation complete after 0s'], 2],
    ['a plan listing fewer operations than its summary: unlisted addresses count', ['  # terraform_data.a will be created', 'Plan: 2 to add, 0 to change, 0 to destroy.', 'terraform_data.a: Creation complete after 0s', 'terraform_data.b: Creation complete after 0s'], 2],
    ['a replacement counts its destroy and its create', ['  # terraform_data.a must be replaced', 'Plan: 1 to add, 0 to change, 1 to destroy.', 'terraform_data.a: Destruction complete after 0s', 'terraform_data.a: Creation complete after 0s'], 2],
  ])('%s', (_, lines, completed) => expect(read(lines).completed).toBe(completed));
});

describe('the shown count never exceeds the total and never goes down', () => {
  const runs: Array<[string, string[]]> = [
    ['a nested apply printed without prefix (a wrapper that strips it)', [
      ...PLAN, 'terraform_data.app: Creating...', 'terraform_data.app: Creation complete after 0s', 'terraform_data.runner: Creating...',
      'terraform_data.one: Creation complete after 0s', 'terraform_data.two: Creation complete after 0s', 'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.',
      'terraform_data.runner: Creation complete after 1s', 'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.',
    ]],
    ['an apply summary claiming more than the plan', [...PLAN, 'terraform_data.app: Creation complete after 0s', 'Apply complete! Resources: 9 added, 0 changed, 0 destroyed.']],
    ['an apply summary claiming less than was seen', [...PLAN, 'terraform_data.app: Creation complete after 0s', 'terraform_data.runner: Creation complete after 0s', 'Apply complete! Resources: 0 added, 0 changed, 0 destroyed.']],
    ['-json with every kind of stray message', [
      jsonPlannedChange('terraform_data.app', 'create'), jsonSummary('plan', 1, 0, 0), jsonHook('apply_complete', 'terraform_data.app', 'create'),
      jsonHook('apply_complete', 'terraform_data.app', 'create'), jsonHook('apply_complete', 'terraform_data.other', 'create'), jsonSummary('apply', 3, 0, 0),
    ]],
  ];

  it.each(runs)('%s', (_, lines) => {
    const t = tracker();
    let shown = 0;
    for (const line of lines) {
      t.writeLine(line);
      const state = t.state();
      if (state.totalKnown) expect(state.completed).toBeLessThanOrEqual(state.total);
      expect(state.completed).toBeGreaterThanOrEqual(shown);
      expect(state.percent).toBeLessThanOrEqual(100);
      shown = state.completed;
    }
  });
});

describe('an error that names no resource fails what was in flight', () => {
  const inFlight = [...PLAN, 'terraform_data.app: Creating...', 'terraform_data.runner: Creating...', 'terraform_data.runner: Creation complete after 1s'];
  it.each<[string, string[], string[]]>([
    ['Terraform before 0.15: plain "Error:" at column 0 (DiagnosticPlain)', ['', 'Error: timeout while waiting for state to become \'done\'', '', '  on main.tf line 1:', '   1: resource "x" "y" {'], ['terraform_data.app']],
    ['a boxed diagnostic without a "with" line', ['╷', '│ Error: execution halted', '│', '╵'], ['terraform_data.app']],
    ['-no-color 1.x unboxed diagnostic without "with"', ['', 'Error: execution halted', ''], ['terraform_data.app']],
    ['-json diagnostic without address', [jsonDiagnostic('error', 'execution halted')], ['terraform_data.app']],
    ['pre-1.0 diagnostic naming the block in flight', ['Error: Error waiting for creation', '', '  on main.tf line 3, in resource "terraform_data" "app":'], ['terraform_data.app']],
  ])('%s', (_, errorLines, failed) => {
    const state = read([...inFlight, ...errorLines]);
    expect(state.failures.map((f) => f.address)).toEqual(failed);
    expect(state.inFlight).toEqual([]);
    const title = renderProgress(state, 'failed').title;
    expect(title).toMatch(/, 1 failed$/);
    expect(title).not.toMatch(/\b0 failed/);
  });

  it('keeps an addressed error’s own words when it comes after an unaddressed one', () => {
    const state = read([...inFlight, '', 'Error: execution halted', '', '', 'Error: local-exec provisioner error', '', '  with terraform_data.app,', '']);
    expect(state.failures).toEqual([{ address: 'terraform_data.app', message: 'local-exec provisioner error' }]);
  });

  it('fails nothing during a plan, where nothing is in flight', () => {
    expect(read(['Error: Invalid reference', '']).failed).toBe(0);
  });
});

describe('warnings are never errors, and are shown compactly', () => {
  const success = [...PLAN, 'terraform_data.app: Creation complete after 0s', 'terraform_data.runner: Creation complete after 0s'];
  it.each<[string, string[]]>([
    ['the boxed CLI configuration warning on stderr (Terraform 1.11)', CLI_CONFIG_WARNING],
    ['the same warning in the middle of a -json run', [jsonPlannedChange('terraform_data.x', 'create'), ...CLI_CONFIG_WARNING]],
    ['an unboxed warning before 1.0', ['', 'Warning: Unable to open CLI configuration file', '', 'The CLI configuration file at "/root/.terraformrc" does not exist.', '']],
    ['a -json warning diagnostic', [jsonDiagnostic('warning', 'Unable to open CLI configuration file')]],
  ])('%s', (_, warning) => {
    const state = read([...warning, ...success, ...CLI_CONFIG_WARNING]);
    expect(state.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(state).toMatchObject({ completed: 2, failed: 0 });
    const view = renderProgress(state, 'failed');
    expect(view.details).toEqual([]);
    expect(view.warnings).toBe('⚠️ Terraform warned: Unable to open CLI configuration file (×2)');
    expect(renderProgress(state, 'succeeded').warnings).toBe(view.warnings);
  });

  it('puts several warnings on one bounded line', () => {
    const many = Array.from({ length: 40 }, (_, i) => jsonDiagnostic('warning', `Deprecated attribute number ${i}`));
    const line = renderProgress(read(many)).warnings;
    expect(line.split('\n')).toHaveLength(1);
    expect(line.length).toBeLessThanOrEqual(230);
  });

  it('shows no warning line when there were none', () => expect(renderProgress(read(success)).warnings).toBe(''));
});
