import { z } from 'zod';

const roleIds = z.array(z.string().regex(/^\d{17,20}$/)).max(25);
const usd = z.number().positive().max(10_000_000);

/**
 * A server's approval policy. Role lists name Discord role IDs. Every field has a default, and the
 * defaults are the bot's behaviour before policies existed: the requester (a Manage Server member)
 * approves their own plan alone, whatever it costs, and only a deployment's owner tears it down.
 */
export const policySchema = z.object({
  /** Who may deploy (and press a plan's buttons as its requester). Empty: members with Manage Server. */
  deployRoles: roleIds.default([]),
  /** Who may approve others' plans. Empty: nobody but the requester approves. */
  approverRoles: roleIds.default([]),
  /** Who may tear down a deployment they do not own. Empty: the owner only. */
  destroyRoles: roleIds.default([]),
  /** Whose approval a costly plan needs (see `costGate`). */
  financeRoles: roleIds.default([]),
  /** Whose approval a plan over budget needs (see `overBudget`). */
  budgetRoles: roleIds.default([]),
  /** Whether the requester's own approval counts. */
  selfApproval: z.boolean().default(true),
  /** Distinct approvers each operation needs. */
  approvals: z.object({ apply: z.number().int().min(1).max(5).default(1), destroy: z.number().int().min(1).max(5).default(1) }).default({ apply: 1, destroy: 1 }),
  /** Above `aboveUsd` a month (or with no price), a plan needs `approvals` approvers, one with a finance role if `finance`. */
  costGate: z.object({ aboveUsd: z.number().nonnegative().max(10_000_000), approvals: z.number().int().min(1).max(5), finance: z.boolean() }).optional(),
  /** Monthly budgets: for the whole server, and per project ID (lower case). */
  budgets: z.object({ serverUsd: usd.optional(), projects: z.record(z.string().max(64), usd).default({}) }).default({ projects: {} }),
  /** A plan over budget: needs an approver with a budget role, or is refused. */
  overBudget: z.enum(['budget-role', 'refuse']).default('budget-role'),
  /** Where every audit entry is also posted. */
  auditChannelId: z.string().regex(/^\d{17,20}$/).optional(),
});
export type Policy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});

/** Who pressed (or typed): as Discord says at that moment, never as it was when the message was posted. */
export interface Actor {
  userId: string;
  roleIds: readonly string[];
  /** Manage Server (Administrator implies it). */
  manageGuild: boolean;
}

export const hasAnyRole = (actor: Actor, roles: readonly string[]) => roles.some((role) => actor.roleIds.includes(role));

/** May this member start a deployment, or still act on one as its requester? */
export function mayDeploy(policy: Policy, actor: Actor): boolean {
  return policy.deployRoles.length === 0 ? actor.manageGuild : hasAnyRole(actor, policy.deployRoles);
}

/** May this member tear down a deployment whose owner is `ownerId`? */
export function mayDestroy(policy: Policy, actor: Actor, ownerId: string): boolean {
  if (actor.userId === ownerId) return mayDeploy(policy, actor);
  return hasAnyRole(actor, policy.destroyRoles);
}

/**
 * A policy that can never be satisfied (more approvers than anyone may give), named in plain words;
 * undefined when it is coherent. Refused by /cloud-policy before it is saved.
 */
export function incoherence(policy: Policy): string | undefined {
  const others = policy.approverRoles.length > 0;
  if (!policy.selfApproval && !others) return 'With self-approval off, set `approver_roles` too, or nobody can approve a plan.';
  const most = Math.max(policy.approvals.apply, policy.approvals.destroy, policy.costGate?.approvals ?? 1);
  if (most > 1 && !others) return `A plan needing ${most} approvers needs \`approver_roles\`: without them only the requester can approve.`;
  if (policy.costGate?.finance && policy.financeRoles.length === 0) return 'The cost gate asks for a finance approver: set `finance_roles` first.';
  const budgeted = policy.budgets.serverUsd !== undefined || Object.keys(policy.budgets.projects).length > 0;
  if (budgeted && policy.overBudget === 'budget-role' && policy.budgetRoles.length === 0) return 'Over-budget plans need an approver with a budget role: set `budget_roles`, or `over_budget: refuse`.';
  return undefined;
}
