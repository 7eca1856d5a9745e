import { hasAnyRole, mayDeploy, mayDestroy, type Actor, type Policy } from './policy.js';

/** A role a plan's approvers must include at least once. */
export type RoleNeed = 'finance' | 'budget';

/** What a plan is, for the policy. */
export interface PlanFacts {
  requesterId: string;
  /** Who owns the deployment (for a teardown: who may tear it down without a destroy role). */
  ownerId: string;
  operation: 'apply' | 'destroy';
  /** Undefined when it could not be priced. */
  monthlyUsd: number | undefined;
  /** The plan would push a budget over its limit (or could not be priced against a budget). */
  overBudget: boolean;
}

/** What a plan needs before it runs: this many distinct approvers, among them each role named. */
export interface Requirements {
  approvers: number;
  roles: RoleNeed[];
  /** Set when the policy refuses the plan outright (over budget with `over_budget: refuse`). */
  refused?: string;
}

/** One approval, as recorded at its press: who, when, and which role needs their roles met then. */
export interface RecordedApproval {
  userId: string;
  at: number;
  meets: RoleNeed[];
}

export interface ApprovalProgress {
  done: boolean;
  missingApprovers: number;
  missingRoles: RoleNeed[];
}

export type PressDecision =
  | { kind: 'refused'; reason: string; notYours?: true }
  | { kind: 'duplicate'; approval: RecordedApproval }
  | { kind: 'counted'; approval: RecordedApproval; progress: ApprovalProgress };

export function requirementsFor(policy: Policy, plan: PlanFacts): Requirements {
  if (plan.operation === 'destroy') return { approvers: policy.approvals.destroy, roles: [] };
  const gate = policy.costGate;
  const gated = gate !== undefined && (plan.monthlyUsd === undefined || plan.monthlyUsd > gate.aboveUsd);
  const roles: RoleNeed[] = [];
  if (gated && gate.finance) roles.push('finance');
  if (plan.overBudget) {
    if (policy.overBudget === 'refuse') return { approvers: policy.approvals.apply, roles, refused: 'It would go over budget, and the policy of this server refuses plans over budget.' };
    roles.push('budget');
  }
  return { approvers: Math.max(policy.approvals.apply, gated ? gate.approvals : 1), roles };
}

export function progressOf(requirements: Requirements, approvals: readonly RecordedApproval[]): ApprovalProgress {
  const missingApprovers = Math.max(0, requirements.approvers - new Set(approvals.map((a) => a.userId)).size);
  const missingRoles = requirements.roles.filter((need) => !approvals.some((a) => a.meets.includes(need)));
  return { done: missingApprovers === 0 && missingRoles.length === 0, missingApprovers, missingRoles };
}

export const rolesFor = (policy: Policy, need: RoleNeed) => (need === 'finance' ? policy.financeRoles : policy.budgetRoles);

/**
 * Decides an Approve press against the policy as it is now and the presser's roles as they are now. The
 * same person pressing twice is one approver; the requester counts only where self-approval is allowed.
 */
export function decideApproval(
  policy: Policy, plan: PlanFacts, requirements: Requirements, approvals: readonly RecordedApproval[], actor: Actor, now: number,
): PressDecision {
  if (requirements.refused) return { kind: 'refused', reason: `This plan cannot be approved. ${requirements.refused}` };
  const previous = approvals.find((a) => a.userId === actor.userId);
  const meets = requirements.roles.filter((need) => hasAnyRole(actor, rolesFor(policy, need)));
  if (actor.userId === plan.requesterId) {
    if (!policy.selfApproval) return { kind: 'refused', reason: `The policy of this server does not let you approve your own plan: someone with ${mentionRoles(policy.approverRoles)} must.` };
    if (!mayActAsRequester(policy, plan, actor)) return { kind: 'refused', reason: lostRights(policy, plan) };
  } else {
    const approver = hasAnyRole(actor, plan.operation === 'destroy' ? [...policy.approverRoles, ...policy.destroyRoles] : policy.approverRoles);
    if (!approver && meets.length === 0) {
      if (policy.approverRoles.length === 0) return { kind: 'refused', reason: `Only <@${plan.requesterId}>, who asked for this plan, can answer it.`, notYours: true };
      return { kind: 'refused', reason: `Approving needs one of the roles ${mentionRoles(policy.approverRoles)}, and you have none of them now.` };
    }
  }
  if (previous) return { kind: 'duplicate', approval: previous };

  const before = progressOf(requirements, approvals);
  const helps = before.missingRoles.some((need) => meets.includes(need));
  if (!helps && before.missingRoles.length > 0 && before.missingApprovers <= before.missingRoles.length) {
    return { kind: 'refused', reason: `The approvals still needed must come from ${before.missingRoles.map((n) => `someone with ${mentionRoles(rolesFor(policy, n))} (${n})`).join(' and ')}.` };
  }
  const approval: RecordedApproval = { userId: actor.userId, at: now, meets };
  return { kind: 'counted', approval, progress: progressOf(requirements, [...approvals, approval]) };
}

/** May this member reject (or withdraw) the plan: its requester, or anyone who may approve it. */
export function mayReject(policy: Policy, plan: PlanFacts, actor: Actor): boolean {
  if (actor.userId === plan.requesterId) return mayActAsRequester(policy, plan, actor);
  const roles = [...policy.approverRoles, ...policy.financeRoles, ...policy.budgetRoles, ...(plan.operation === 'destroy' ? policy.destroyRoles : [])];
  return hasAnyRole(actor, roles);
}

function mayActAsRequester(policy: Policy, plan: PlanFacts, actor: Actor): boolean {
  return plan.operation === 'destroy' ? mayDestroy(policy, actor, plan.ownerId) : mayDeploy(policy, actor);
}

function lostRights(policy: Policy, plan: PlanFacts): string {
  if (plan.operation === 'destroy' && plan.ownerId !== plan.requesterId) return `Tearing down a deployment of <@${plan.ownerId}> needs one of the roles ${mentionRoles(policy.destroyRoles)}, and you have none of them now.`;
  return policy.deployRoles.length === 0
    ? 'Deploying needs the Manage Server permission, and you do not have it any more.'
    : `Deploying needs one of the roles ${mentionRoles(policy.deployRoles)}, and you have none of them now.`;
}

export function mentionRoles(roles: readonly string[]): string {
  return roles.length === 0 ? '(no role set)' : roles.map((r) => `<@&${r}>`).join(', ');
}

/** "1 more approver, among them someone with <@&…> (finance)": what a plan still waits for. */
export function describeMissing(policy: Policy, progress: ApprovalProgress): string {
  const parts: string[] = [];
  if (progress.missingApprovers > 0) parts.push(`${progress.missingApprovers} more approver${progress.missingApprovers > 1 ? 's' : ''}`);
  for (const need of progress.missingRoles) parts.push(`someone with ${mentionRoles(rolesFor(policy, need))} (${need})`);
  return parts.join(', among them ');
}
