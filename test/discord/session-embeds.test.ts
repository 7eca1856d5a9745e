import { describe, expect, it } from 'vitest';
import type { Deployment, DeploymentState } from '../../src/deploy/deployment-store.js';
import { sessionRecoveredEmbed } from '../../src/discord/session-embeds.js';
import { ManualClock, makeSession } from '../support/sessions.js';

const clock = new ManualClock();
const session = makeSession({}, clock);

function deployment(name: string, status: DeploymentState, updatedAt: number): Deployment {
  return {
    id: `dep-${name}`, guildId: session.guildId, projectKey: 'gcp:payments-prod-42', sessionId: session.id, userId: session.userId, status,
    details: { provider: 'gcp', projectId: 'payments-prod-42', projectName: 'Payments API', region: 'us-central1', kind: 'vm', name, resources: [], outputs: {} },
    createdAt: 0, updatedAt,
  };
}

function deploymentField(deployments: Deployment[], blobStatus: Parameters<typeof sessionRecoveredEmbed>[2] = 'COMPLETED') {
  const fields = sessionRecoveredEmbed(session, deployments, blobStatus, clock.now()).toJSON().fields ?? [];
  return fields.find((f) => /deployment/i.test(f.name));
}

describe('sessionRecoveredEmbed', () => {
  it('names the interrupted deployment that its Resume button is for, even when a later one completed', () => {
    // The recovery blob only knows the last run (COMPLETED): the records know the cluster was cut off.
    const field = deploymentField([deployment('web', 'COMPLETED', 2), deployment('apps', 'INTERRUPTED', 1)]);
    expect(field?.name).toBe('⚠️ Deployment interrupted');
    expect(field?.value).toContain('`apps` stopped before its end');
    expect(field?.value).not.toContain('web');
  });

  it('says a re-attached run is still running, not that it can be resumed', () => {
    expect(deploymentField([deployment('web', 'ACTIVE', 1)], 'ACTIVE')?.name).toBe('🚀 Deployment running');
  });

  it('names how the latest run ended, skipping plans that never ran', () => {
    const field = deploymentField([deployment('web', 'FAILED', 1), deployment('db', 'DESTROYED', 3), deployment('later', 'PLANNED', 4)]);
    expect(field).toEqual({ name: 'Last deployment', value: '`db`: 🗑️ Torn down' });
  });

  it('falls back to the recovery blob when no record can be read', () => {
    expect(deploymentField([], 'ACTIVE')?.name).toBe('⚠️ Deployment interrupted');
    expect(deploymentField([], null)).toBeUndefined();
  });
});
