import { formatUsd, type CostFigures } from '../advisor/cost-math.js';
import type { ResourceKind } from '../cloud/resource-kinds.js';
import type { ApplyOutcome } from '../deploy/deployment-service.js';
import { resourceTypeOf, type PlanAction, type ProgressState, type RunOutcome } from '../terraform/progress/index.js';
import { resumeHint, type RunEnding } from './progress-message.js';

/**
 * Which resource of a template bills which line of the estimate. A line the catalog says a resource
 * type creates (a disk, an address) goes to that type; a main line (the machine, the nodes, the fee)
 * to the first rule whose `line` test passes (none: every line) and whose resource type the deployment
 * has (planned or in its state). Everything else a template makes (networks, API enablements, IAM) has
 * no line of its own.
 */
const BILLED_BY: Record<ResourceKind, Array<{ resource: RegExp; line?: RegExp }>> = {
  vm: [{ resource: /^(google_compute_instance|aws_instance|azurerm_linux_virtual_machine)$/ }],
  k8s: [
    { resource: /^(google_container_cluster|aws_eks_cluster|azurerm_kubernetes_cluster)$/, line: /cluster fee|free tier credit|control plane/i },
    // Azure's nodes are the cluster's default pool; the other clouds have a node pool of their own.
    { resource: /^(google_container_node_pool|aws_eks_node_group|azurerm_kubernetes_cluster)$/ },
  ],
  database: [{ resource: /^(google_sql_database_instance|aws_db_instance|azurerm_postgresql_flexible_server)$/ }],
  bucket: [{ resource: /^(google_storage_bucket|aws_s3_bucket|azurerm_storage_account)$/ }],
};

const MAX_LISTED = 10;

/** The estimate's lines, each with the resource type that bills it (if the deployment has one) and whether that exists now. */
export function billedLines(kind: ResourceKind, figures: Pick<CostFigures, 'breakdown'>, presentTypes: ReadonlySet<string>, existingTypes: ReadonlySet<string>) {
  return figures.breakdown.map((line) => {
    // A per-node line is billed by the nodes, whatever resource its setting sits on (a subnet's public IPs).
    const perNode = kind === 'k8s' && /\(node\b/i.test(line.label);
    let type = perNode ? undefined : line.createdBy?.split(' ')[0];
    if (type && !presentTypes.has(type)) type = undefined;
    for (const rule of type ? [] : BILLED_BY[kind]) {
      if (rule.line && !rule.line.test(line.label)) continue;
      type = [...presentTypes].find((t) => rule.resource.test(t));
      if (type) break;
    }
    return { ...line, resourceType: type, exists: type !== undefined && existingTypes.has(type) };
  });
}

/** What a run left undone, by address: planned and not made (or made broken), or for a teardown, still there. */
export function undoneChanges(state: ProgressState, existing: readonly string[], destroying: boolean): string[] {
  const present = new Set(existing);
  const failed = new Map(state.failures.map((f) => [f.address, f]));
  const undone: string[] = [];
  // An apply of a saved plan lists its changes again: each address once.
  const planned = new Map(state.plannedChanges.map((change) => [change.address, change.action]));
  for (const [address, action] of planned) {
    if (destroying ? (action === 'delete' || action === 'replace') && present.has(address) : failed.has(address)) {
      undone.push(`\`${address}\`${destroying ? '' : failedSuffix(action, present.has(address))}`);
    } else if (!destroying && (action === 'create' || action === 'replace') && !present.has(address)) {
      undone.push(`\`${address}\` (not created)`);
    }
  }
  return undone;
}

/** Why a change that failed is undone: a create cut off mid-way leaves a tainted resource in the state. */
function failedSuffix(action: PlanAction, inState: boolean): string {
  if (!inState) return ' (failed: not created)';
  return action === 'update' ? ' (its change failed)' : ' (cut off mid-change: Terraform marked it tainted, and the next run replaces it)';
}

interface EndingInput {
  outcome: ApplyOutcome;
  ownerId: string;
  /** The estimate for the deployment, from the advisor; undefined when it cannot be priced. */
  figures?: CostFigures | undefined;
}

/** How a run ended, in words that say what exists now, what it costs, what is left, and what to do next. */
export function describeEnding({ outcome, ownerId, figures }: EndingInput): [Exclude<RunOutcome, 'running'>, RunEnding] {
  const { error, deployment, state } = outcome;
  if (!error) {
    const late = state.interrupted ? 'Cancel came after every change was made: there was nothing left to cancel.' : undefined;
    return ['succeeded', { outputs: deployment.details.outputs, ...(late ? { next: late } : {}) }];
  }
  const destroying = deployment.details.operation === 'destroy';
  const existing = deployment.details.resources;
  const undone = undoneChanges(state, existing, destroying);
  const fields = [{ name: 'Exists now', value: existsNow(deployment.details.kind, existing, state, figures, destroying) }];
  if (undone.length > 0) fields.push({ name: 'Left undone', value: listed(undone) });
  if (error.failure === 'killed') return ['interrupted', { next: `${killedWarning(state)}\n${resumeHint(ownerId)}`, fields }];
  if (error.failure === 'cancelled') {
    const next = undone.length === 0
      ? 'Nothing was left to do: every change was made before Cancel took effect.'
      : destroying
        ? 'To finish the teardown, run `/cloud-destroy` again.'
        : 'To finish, run `/cloud-deploy-v2` for the same resource and press **Resume**; or remove what exists with `/cloud-destroy`.';
    return ['cancelled', { fields, next: error.details.byShutdown ? `${error.message}\n${next}` : next, hideFailures: true }];
  }
  const next = destroying
    ? 'Fix the cause under **What failed**, then run `/cloud-destroy` again: it removes what is left.'
    : existing.length === 0
      ? 'Fix the cause under **What failed**, then run `/cloud-deploy-v2` again.'
      : 'Fix the cause under **What failed**, then run `/cloud-deploy-v2` again: Terraform keeps what exists and creates the rest. Or remove what exists with `/cloud-destroy`.';
  return ['failed', { error: error.message, fields, next }];
}

/** The estimate's lines for what a run left in the state, and what those that exist bill per month together. */
export function billedNow(kind: ResourceKind, existing: readonly string[], state: ProgressState, figures: Pick<CostFigures, 'breakdown'>) {
  const existingTypes = new Set(existing.map(resourceTypeOf));
  const present = new Set([...existingTypes, ...state.plannedChanges.map((c) => c.resourceType)]);
  const lines = billedLines(kind, figures, present, existingTypes);
  const billed = lines.filter((l) => l.exists);
  return { lines, billed, monthlyUsd: billed.reduce((sum, l) => sum + l.monthlyUsd, 0) };
}

function existsNow(kind: ResourceKind, existing: readonly string[], state: ProgressState, figures: CostFigures | undefined, destroying: boolean): string {
  if (existing.length === 0) return destroying ? 'Nothing: every resource was torn down, so nothing is billed.' : 'Nothing: no resource was created, so nothing is billed.';
  if (!figures) return `${listed(existing.map((address) => `\`${address}\``))}\nNo estimate is available for these.`;
  const { lines, billed, monthlyUsd: total } = billedNow(kind, existing, state, figures);
  // What bills comes first: in a long list, it is what must not be cut off.
  const billing = new Set(billed.map((l) => l.resourceType));
  const names = listed([...existing].sort((a, b) => Number(billing.has(resourceTypeOf(b))) - Number(billing.has(resourceTypeOf(a)))).map((address) => `\`${address}\``));
  if (billed.length === 0) {
    const priced = [...new Set(lines.flatMap((l) => (l.resourceType ? [`\`${l.resourceType}\``] : [])))];
    const notCreated = priced.length ? `: what the estimate prices (${priced.join(', ')}) was not created` : '';
    return `${names}\nNothing here is billed on its own${notCreated}.`;
  }
  const each = billed.map((l) => `${l.label}: ${formatUsd(l.monthlyUsd)}`).join('; ');
  // A credit can cover what exists (GKE's free zonal cluster): billed lines, but nothing to pay for now.
  if (total < 0.005) return `${names}\nBilled lines, covered for now: **${formatUsd(0)}/month** net (${each}).`;
  return `${names}\nBilled until removed: about **${formatUsd(total)}/month** (${each}).`;
}

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).map((item) => `• ${item}`);
  if (items.length > MAX_LISTED) shown.push(`… and ${items.length - MAX_LISTED} more`);
  return shown.join('\n');
}

/** Terraform was killed: what was in flight may have been made without Terraform recording it. */
function killedWarning(state: ProgressState): string {
  const addresses = state.inFlight.map((op) => `\`${op.address}\``);
  if (addresses.length === 0) return 'Terraform itself was killed mid-run; nothing was in flight at that moment.';
  const many = addresses.length > 1;
  return `Terraform itself was killed mid-run, while working on ${addresses.join(', ')}: ${many ? 'they' : 'it'} may exist in the cloud without being in Terraform's state. Check before resuming; Resume creates what is not in the state.`;
}
