import { describe, expect, it } from 'vitest';
import { ProgressTracker, type ProgressState } from '../../../src/terraform/progress/index.js';

function read(...lines: string[]): ProgressState {
  const tracker = new ProgressTracker({ now: () => 0 });
  tracker.write(lines.join('\n') + '\n');
  tracker.end();
  return tracker.state();
}

describe('plan summaries', () => {
  it.each([
    ['Plan: 5 to add, 2 to change, 0 to destroy.', { add: 5, change: 2, destroy: 0, import: 0, forget: 0 }, 7],
    ['Plan: 1 to import, 2 to add, 0 to change, 0 to destroy.', { add: 2, change: 0, destroy: 0, import: 1, forget: 0 }, 2],
    ['Plan: 0 to add, 0 to change, 1 to destroy, 2 to forget.', { add: 0, change: 0, destroy: 1, import: 0, forget: 2 }, 1],
    ['Plan: 1 to add, 0 to change, 1 to destroy.', { add: 1, change: 0, destroy: 1, import: 0, forget: 0 }, 2],
  ])('%s', (line, summary, total) => {
    const state = read(line);
    expect(state.planSummary).toEqual(summary);
    expect(state).toMatchObject({ total, totalKnown: true, phase: 'planned' });
  });

  it('reads "No changes." as nothing to do', () => {
    const state = read('No changes. Your infrastructure matches the configuration.');
    expect(state).toMatchObject({ noChanges: true, total: 0, totalKnown: true });
  });

  it('lists the planned changes with their actions, whatever the address looks like', () => {
    const state = read(
      '  # aws_instance.web will be created',
      '  # module.vpc.aws_subnet.private[0] will be updated in-place',
      '  # module.app["eu west"].aws_instance.node["a.b c"] must be replaced',
      '  # google_compute_instance.vm will be replaced, as requested',
      '  # data.aws_ami.ubuntu will be read during apply',
      '  # aws_s3_bucket.old will be destroyed',
      '  # aws_instance.web (deposed object 1a2b3c4d) will be destroyed',
      '  # aws_instance.drifted has changed', // drift report, not a plan
      '    # (5 unchanged attributes hidden)',
    );
    expect(state.plannedChanges).toEqual([
      { address: 'aws_instance.web', resourceType: 'aws_instance', action: 'create' },
      { address: 'module.vpc.aws_subnet.private[0]', resourceType: 'aws_subnet', action: 'update' },
      { address: 'module.app["eu west"].aws_instance.node["a.b c"]', resourceType: 'aws_instance', action: 'replace' },
      { address: 'google_compute_instance.vm', resourceType: 'google_compute_instance', action: 'replace' },
      { address: 'data.aws_ami.ubuntu', resourceType: 'aws_ami', action: 'read' },
      { address: 'aws_s3_bucket.old', resourceType: 'aws_s3_bucket', action: 'delete' },
      { address: 'aws_instance.web (deposed object 1a2b3c4d)', resourceType: 'aws_instance', action: 'delete' },
    ]);
    // Without a summary line the total comes from the list: a replace is two operations, a read none.
    expect(state).toMatchObject({ total: 8, totalKnown: false });
  });
});

describe('apply lines', () => {
  it('counts creations, modifications and destructions, in both elapsed formats', () => {
    const state = read(
      'Plan: 1 to add, 1 to change, 1 to destroy.',
      'aws_s3_bucket.old: Destroying... [id=old-bucket]',
      'aws_s3_bucket.old: Destruction complete after 1s',
      'aws_instance.web: Modifying... [id=i-0abc]',
      'aws_instance.web: Still modifying... [10s elapsed]',
      'aws_instance.web: Modifications complete after 12s [id=i-0abc]',
      'aws_db_instance.main: Creating...',
      'aws_db_instance.main: Still creating... [00m10s elapsed]',
      'aws_db_instance.main: Still creating... [10m40s elapsed]',
    );
    expect(state).toMatchObject({ total: 3, completed: 2, failed: 0, percent: 66, phase: 'applying' });
    expect(state.inFlight.map((op) => op.address)).toEqual(['aws_db_instance.main']);
    expect(state.current).toMatchObject({ address: 'aws_db_instance.main', action: 'create', typicalDuration: 'may take 5-10 min' });
  });

  it('counts a replacement as a destroy and a create', () => {
    const state = read(
      '  # aws_instance.web must be replaced',
      'Plan: 1 to add, 0 to change, 1 to destroy.',
      'aws_instance.web: Destroying... [id=i-old]',
      'aws_instance.web: Destruction complete after 30s',
      'aws_instance.web: Creating...',
      'aws_instance.web: Creation complete after 40s [id=i-new]',
      '',
      'Apply complete! Resources: 1 added, 0 changed, 1 destroyed.',
    );
    expect(state).toMatchObject({ total: 2, completed: 2, percent: 100, phase: 'complete' });
  });

  it('does not count data-source reads or refreshes', () => {
    const state = read(
      'data.aws_ami.ubuntu: Reading...',
      'data.aws_ami.ubuntu: Read complete after 1s [id=ami-0123]',
      'aws_vpc.main: Refreshing state... [id=vpc-1]',
      'Plan: 1 to add, 0 to change, 0 to destroy.',
      'aws_instance.web: Creating...',
    );
    expect(state).toMatchObject({ total: 1, completed: 0, inFlight: [expect.objectContaining({ address: 'aws_instance.web' })] });
  });

  it('handles modules, count indexes and for_each keys with quotes, dots, spaces and colons', () => {
    const addresses = [
      'module.network.module.subnets.aws_subnet.this[2]',
      'aws_instance.web["web.example.com"]',
      'aws_instance.web["a b: c"]',
      'aws_iam_user.u["say \\"hi\\""]',
    ];
    const state = read(
      `Plan: ${addresses.length} to add, 0 to change, 0 to destroy.`,
      ...addresses.flatMap((a) => [`${a}: Creating...`, `${a}: Still creating... [10s elapsed]`]),
    );
    expect(state.inFlight.map((op) => [op.address, op.resourceType])).toEqual([
      [addresses[0], 'aws_subnet'], [addresses[1], 'aws_instance'], [addresses[2], 'aws_instance'], [addresses[3], 'aws_iam_user'],
    ]);
    const done = read(...addresses.map((a) => `${a}: Creation complete after 1s [id=x]`));
    expect(done.completed).toBe(4);
  });

  it('trusts the apply summary over lines it did not see', () => {
    const state = read('Plan: 3 to add, 0 to change, 0 to destroy.', 'Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    expect(state).toMatchObject({ completed: 3, percent: 100, phase: 'complete', inFlight: [] });
  });

  it('reads a destroy run to its end', () => {
    const state = read('Plan: 0 to add, 0 to change, 2 to destroy.', 'a_b.c: Destroying... [id=1]', 'a_b.c: Destruction complete after 0s', 'a_b.d: Destroying... [id=2]', 'a_b.d: Destruction complete after 1s', 'Destroy complete! Resources: 2 destroyed.');
    expect(state).toMatchObject({ total: 2, completed: 2, percent: 100, applySummary: { operation: 'destroy', destroy: 2 } });
  });

  it('notes an interrupt', () => {
    expect(read('Interrupt received.', 'Please wait for Terraform to exit or data loss may occur.', 'Gracefully shutting down...').interrupted).toBe(true);
  });

  it('collects outputs', () => {
    const state = read('Outputs:', '', 'instance_ip = "34.118.22.7"', 'ports = [', '  80,', ']', 'password = <sensitive>', 'done');
    expect(state.outputs).toEqual({ instance_ip: '34.118.22.7', ports: '[', password: '<sensitive>' });
  });
});

describe('diagnostics', () => {
  it('reads a boxed error, ties it to the resource in flight and keeps Terraform’s detail', () => {
    const state = read(
      'Plan: 2 to add, 0 to change, 0 to destroy.',
      'google_compute_network.main: Creating...',
      'google_compute_network.main: Creation complete after 22s [id=projects/p/global/networks/net]',
      'google_compute_instance.web: Creating...',
      '╷',
      '│ Error: Error creating instance: googleapi: Error 403: Required \'compute.instances.create\' permission for \'projects/p\', forbidden',
      '│ ',
      '│   with google_compute_instance.web,',
      '│   on main.tf line 12, in resource "google_compute_instance" "web":',
      '│   12: resource "google_compute_instance" "web" {',
      '│ ',
      '│ The service account lacks the Compute Instance Admin role.',
      '╵',
    );
    expect(state).toMatchObject({ completed: 1, failed: 1, inFlight: [] });
    expect(state.failures).toEqual([{ address: 'google_compute_instance.web', message: expect.stringContaining('Error 403') }]);
    expect(state.diagnostics).toEqual([{
      severity: 'error', address: 'google_compute_instance.web',
      summary: expect.stringContaining('Error creating instance'), detail: 'The service account lacks the Compute Instance Admin role.',
    }]);
  });

  it('reads a state lock error with its lock ID', () => {
    const state = read(
      '╷', '│ Error: Error acquiring the state lock', '│ ', '│ Error message: resource temporarily unavailable', '│ Lock Info:',
      '│   ID:        9db590f1-b6fe-c5f2-2678-8804f089deba', '│   Path:      terraform.tfstate', '│   Operation: OperationTypeApply', '│ ',
      '│ Terraform acquires a state lock to protect the state from being written', '│ by multiple users at the same time.', '╵',
    );
    expect(state.diagnostics[0]!.summary).toBe('Error acquiring the state lock');
    expect(state.diagnostics[0]!.detail).toMatch(/ID:\s+9db590f1-b6fe-c5f2-2678-8804f089deba/);
  });

  it('reads warnings and the unboxed errors of Terraform before 1.0', () => {
    const state = read(
      'Warning: Argument is deprecated', '', 'Use tags instead.', '',
      'aws_instance.web: Creating...',
      'Error: Error launching source instance: Unsupported: The requested configuration is currently not supported.', '',
      '  on main.tf line 1, in resource "aws_instance" "web":', '   1: resource "aws_instance" "web" {', '',
      'Please check the instance type.',
    );
    expect(state.diagnostics).toEqual([
      { severity: 'warning', summary: 'Argument is deprecated', detail: 'Use tags instead.' },
      // No `with` line before 1.0: the address comes from the block named in the location.
      { severity: 'error', summary: expect.stringMatching(/^Error launching source instance/), detail: 'Please check the instance type.', address: 'aws_instance.web' },
    ]);
    expect(state.failures).toEqual([{ address: 'aws_instance.web', message: expect.stringMatching(/^Error launching/) }]);
  });

  it('keeps a runaway diagnostic bounded', () => {
    const state = read('╷', '│ Error: boom', ...Array.from({ length: 10_000 }, (_, i) => `│ line ${i}`), '╵');
    expect(state.diagnostics[0]!.detail.split('\n').length).toBeLessThanOrEqual(60);
  });
});
