import { describe, expect, it } from 'vitest';
import { ProgressTracker, renderProgress, renderProgressBar, typicalDuration } from '../../../src/terraform/progress/index.js';

describe('renderProgressBar', () => {
  it.each([
    [0, '[░░░░░░░░░░] 0%'],
    [9, '[░░░░░░░░░░] 9%'],
    [42, '[▓▓▓▓░░░░░░] 42%'],
    [50, '[▓▓▓▓▓░░░░░] 50%'],
    [99, '[▓▓▓▓▓▓▓▓▓░] 99%'],
    [100, '[▓▓▓▓▓▓▓▓▓▓] 100%'],
    [140, '[▓▓▓▓▓▓▓▓▓▓] 100%'],
  ])('%i%% → %s', (percent, bar) => expect(renderProgressBar(percent)).toBe(bar));
});

function tracker(lines: string[]): ProgressTracker {
  const t = new ProgressTracker({ now: () => 0 });
  t.write(lines.join('\n') + '\n');
  t.end();
  return t;
}

describe('renderProgress', () => {
  const plan = 'Plan: 7 to add, 0 to change, 0 to destroy.';
  const created = (n: number) => Array.from({ length: n }, (_, i) => [`aws_subnet.s[${i}]: Creating...`, `aws_subnet.s[${i}]: Creation complete after 1s [id=s-${i}]`]).flat();

  it('shows the step, the bar and the counts while running', () => {
    const view = renderProgress(tracker([plan, ...created(3), 'aws_instance.web: Creating...']).state());
    expect(view.bar).toBe('[▓▓▓▓░░░░░░] 42%');
    expect(view.step).toBe('Creating aws_instance.web… (may take 30 s-2 min, 0s so far)');
    expect(view.counts).toBe('(3/7 resources)');
  });

  it('shows the time spent on the current resource, and the run’s, moving while Terraform prints nothing', () => {
    let now = 1_000;
    const t = new ProgressTracker({ now: () => now });
    for (const line of [plan, ...created(3)]) t.writeLine(line);
    now += 5_000;
    t.writeLine('aws_s3_bucket.logs: Creating...');
    now += 65_000;
    const state = t.state();
    expect(renderProgress(state).step).toBe('Creating aws_s3_bucket.logs… (1m 05s so far)');
    expect(state.elapsedMs).toBe(70_000);
  });

  it('starts the apply’s clock at its first line, not at the plan it waited on', () => {
    let now = 0;
    const t = new ProgressTracker({ now: () => now });
    t.writeLine(plan);
    t.end();
    now = 600_000; // ten minutes waiting for Approve
    expect(t.state().elapsedMs).toBe(0);
    t.writeLine('aws_subnet.s[0]: Creating...');
    now += 3_000;
    expect(t.state().elapsedMs).toBe(3_000);
    t.end();
    now += 60_000;
    expect(t.state().elapsedMs).toBe(63_000);
  });

  it('adds the typical duration of a slow resource', () => {
    const view = renderProgress(tracker(['Plan: 1 to add, 0 to change, 0 to destroy.', 'aws_db_instance.main: Creating...']).state());
    expect(view.step).toBe('Creating aws_db_instance.main… (may take 5-10 min, 0s so far)');
    expect(typicalDuration('google_container_cluster')).toBe('may take 5-10 min');
    expect(typicalDuration('aws_s3_bucket')).toBeUndefined();
  });

  it('ends with the complete line at 100%', () => {
    const view = renderProgress(tracker([plan, ...created(7), 'Apply complete! Resources: 7 added, 0 changed, 0 destroyed.']).state(), 'succeeded');
    expect(view.title).toBe('✅ Deployment Complete! (7/7 resources)');
    expect(view.bar).toBe('[▓▓▓▓▓▓▓▓▓▓] 100%');
  });

  it('summarises a failure with the resource and Terraform’s message', () => {
    const state = tracker([
      plan, ...created(2), 'aws_instance.web: Creating...',
      '╷', '│ Error: creating EC2 Instance: InvalidAMIID.NotFound', '│ ', '│   with aws_instance.web,', '│   on main.tf line 9:', '│ ', '╵',
    ]).state();
    const view = renderProgress(state, 'failed');
    expect(view.title).toBe('❌ Deployment failed (2/7 resources), 1 failed');
    expect(view.details).toEqual(['• aws_instance.web: creating EC2 Instance: InvalidAMIID.NotFound']);
  });

  it('names a teardown as such', () => {
    const state = tracker(['Plan: 0 to add, 0 to change, 2 to destroy.', 'aws_instance.web: Destroying... [id=i-1]']).state();
    expect(renderProgress(state, 'running', 'destroy')).toMatchObject({ title: '🧹 Tearing down', step: 'Destroying aws_instance.web… (0s so far)', counts: '(0/2 resources)' });
    expect(renderProgress(state, 'cancelled', 'destroy').title).toBe('🛑 Teardown cancelled (0/2 resources)');
    expect(renderProgress(state, 'interrupted', 'destroy').title).toBe('⚠️ Teardown interrupted (0/2 resources)');
  });
});
