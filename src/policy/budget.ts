import { formatUsd } from '../advisor/cost-math.js';
import type { Policy } from './policy.js';

/** One budget measured against a plan: the running total is what is deployed plus this plan. */
export interface BudgetCheck {
  scope: 'project' | 'server';
  budgetUsd: number;
  deployedUsd: number;
  planUsd: number;
  totalUsd: number;
  /** How far over the budget the running total goes; 0 when within it. */
  overUsd: number;
}

export interface BudgetVerdict {
  checks: BudgetCheck[];
  /** A budget applies but the plan has no price, so it cannot be shown to fit. */
  unpriced: boolean;
  overBudget: boolean;
}

export interface SpendFacts {
  projectId: string;
  /** Undefined when the plan could not be priced. */
  planUsd: number | undefined;
  /** Monthly cost of what is deployed in the project, not counting the deployment this plan replaces. */
  projectDeployedUsd: number;
  serverDeployedUsd: number;
}

/** The budget a project has, if any: its own, else none (the server budget is checked on its own). */
export function projectBudget(policy: Policy, projectId: string): number | undefined {
  return policy.budgets.projects[projectId.toLowerCase()];
}

/** Checks the plan against the project's budget and the server's; over either is over budget. */
export function checkBudgets(policy: Policy, facts: SpendFacts): BudgetVerdict {
  const limits: [BudgetCheck['scope'], number | undefined, number][] = [
    ['project', projectBudget(policy, facts.projectId), facts.projectDeployedUsd],
    ['server', policy.budgets.serverUsd, facts.serverDeployedUsd],
  ];
  const applicable = limits.filter((l): l is [BudgetCheck['scope'], number, number] => l[1] !== undefined);
  if (facts.planUsd === undefined) return { checks: [], unpriced: applicable.length > 0, overBudget: applicable.length > 0 };
  const planUsd = facts.planUsd;
  const checks = applicable.map(([scope, budgetUsd, deployedUsd]) => {
    const totalUsd = round(deployedUsd + planUsd);
    return { scope, budgetUsd, deployedUsd: round(deployedUsd), planUsd: round(planUsd), totalUsd, overUsd: round(Math.max(0, totalUsd - budgetUsd)) };
  });
  return { checks, unpriced: false, overBudget: checks.some((c) => c.overUsd > 0) };
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/**
 * The monthly cost of what is deployed among `deployments`: those with resources in Terraform's state,
 * whatever their status, except `replacedId` (the deployment a plan would change, priced as the plan).
 */
export function deployedMonthlyUsd(deployments: readonly { id: string; status: string; details: { resources: readonly string[]; monthlyCostUsd?: number | undefined } }[], replacedId: string): number {
  return deployments
    .filter((d) => d.id !== replacedId && d.status !== 'DESTROYED' && d.details.resources.length > 0)
    .reduce((sum, d) => sum + (d.details.monthlyCostUsd ?? 0), 0);
}

/** `/cloud-status`'s line: monthly spend of what is deployed against the project's and the server's budgets. */
export function spendAgainstBudget(policy: Policy, projectId: string, projectUsd: number, serverUsd: number): string | undefined {
  const line = (label: string, spent: number, budget: number) => {
    const left = round(budget - spent);
    return `${label}: ${formatUsd(spent)}/month of ${formatUsd(budget)}/month (${left < 0 ? `${formatUsd(-left)} over` : `${formatUsd(left)} left`})`;
  };
  const project = projectBudget(policy, projectId);
  const lines = [
    ...(project !== undefined ? [line('Budget', projectUsd, project).replace(' (', ' for this project (')] : []),
    ...(policy.budgets.serverUsd !== undefined ? [line('Server budget', serverUsd, policy.budgets.serverUsd)] : []),
  ];
  return lines.length ? lines.join('\n') : undefined;
}
