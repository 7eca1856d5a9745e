import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Workspaces } from '../terraform/workspaces.js';
import type { DeploymentStore } from './deployment-store.js';

export interface WorkspaceRetentionOptions {
  deployments: DeploymentStore;
  workspaces: Workspaces;
  clock: Clock;
  log: Logger;
  /** WORKSPACE_RETENTION_DAYS: how long a destroyed deployment's workspace is kept (its last state, for a look back). */
  retentionMs: number;
}

/**
 * Removes the workspaces of deployments with nothing left in the cloud (destroyed, or planned and never
 * applied) once they have been left alone for the retention period, and keeps every other workspace's
 * state files private. Run at startup and periodically. A workspace a run holds is left for next time;
 * one without a readable deployment row is never touched (its state may be all that is left of it).
 */
export function sweepWorkspaces({ deployments, workspaces, clock, log, retentionMs }: WorkspaceRetentionOptions): { removed: number } {
  let removed = 0;
  const onDisk = new Set(workspaces.ids());
  for (const deployment of deployments.emptySince(clock.now() - retentionMs)) {
    if (!onDisk.has(deployment.id)) continue;
    if (workspaces.remove(deployment.id)) {
      removed++;
      onDisk.delete(deployment.id);
    }
  }
  for (const id of onDisk) workspaces.protect(id);
  if (removed > 0) log.info({ removed, retentionDays: retentionMs / 86_400_000 }, 'removed the workspaces of destroyed deployments past their retention');
  return { removed };
}
