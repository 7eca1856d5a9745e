import { describe, expect, it } from 'vitest';
import type { ResourceKind } from '../../src/cloud/resource-kinds.js';
import type { PlannedRun } from '../../src/deploy/deployment-service.js';
import { planEmbed } from '../../src/discord/deploy-embeds.js';
import { ProgressTracker } from '../../src/terraform/progress/progress-tracker.js';

function plannedRun(kind: ResourceKind, operation: PlannedRun['operation']): PlannedRun {
  const deployment = { details: { kind, name: 'zqx-files', monthlyCostUsd: 1.5 } } as unknown as PlannedRun['deployment'];
  return { deployment, operation, changes: [], tracker: new ProgressTracker(), planId: 1, carriedOver: 0 };
}

function fields(run: PlannedRun): Record<string, string> {
  const embed = planEmbed(run, 'Storage bucket `zqx-files`', undefined, '310000000000000001', Date.now() + 60_000).toJSON();
  return Object.fromEntries((embed.fields ?? []).map((field) => [field.name, field.value]));
}

describe('the plan embed', () => {
  it('says before Destroy that a bucket goes with everything in it', () => {
    expect(fields(plannedRun('bucket', 'destroy'))['⚠️ Data']).toContain('deletes the bucket **and everything in it**, every object version included, on every cloud');
  });

  it('says before Destroy that a database goes with its data and backups', () => {
    expect(fields(plannedRun('database', 'destroy'))['⚠️ Data']).toContain('its data and its automatic backups');
  });

  it.each([
    ['a VM teardown', plannedRun('vm', 'destroy')],
    ['a bucket deploy', plannedRun('bucket', 'apply')],
  ])('has no data warning for %s', (_name, run) => {
    expect(fields(run)['⚠️ Data']).toBeUndefined();
  });
});
