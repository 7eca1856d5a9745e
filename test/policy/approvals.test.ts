import { describe, expect, it } from 'vitest';
import { decideApproval, mayReject, progressOf, requirementsFor, type PlanFacts, type RecordedApproval } from '../../src/policy/approvals.js';
import { checkBudgets, deployedMonthlyUsd } from '../../src/policy/budget.js';
import { DEFAULT_POLICY, incoherence, mayDeploy, mayDestroy, policySchema, type Actor, type Policy } from '../../src/policy/policy.js';

const APPROVER = '900000000000000001';
const FINANCE = '900000000000000002';
const BUDGET = '900000000000000003';
const DESTROYER = '900000000000000004';
const DEPLOYER = '900000000000000005';

const requester: Actor = { userId: 'req', roleIds: [], manageGuild: true };
const member = (userId: string, roleIds: string[] = [], manageGuild = false): Actor => ({ userId, roleIds, manageGuild });
const plan = (over: Partial<PlanFacts> = {}): PlanFacts => ({ requesterId: 'req', ownerId: 'req', operation: 'apply', monthlyUsd: 50, overBudget: false, ...over });
const policy = (over: Partial<Policy> = {}): Policy => policySchema.parse({ ...over });

function press(p: Policy, facts: PlanFacts, approvals: RecordedApproval[], actor: Actor) {
  return decideApproval(p, facts, requirementsFor(p, facts), approvals, actor, 1000);
}

describe('defaults: the behaviour before policies', () => {
  it('lets the requester approve alone, and nobody else', () => {
    const decision = press(DEFAULT_POLICY, plan(), [], requester);
    expect(decision).toMatchObject({ kind: 'counted', progress: { done: true } });
    expect(press(DEFAULT_POLICY, plan(), [], member('other', [], true))).toEqual({ kind: 'refused', reason: 'Only <@req>, who asked for this plan, can answer it.', notYours: true });
  });
  it('refuses a requester who lost Manage Server since the plan was posted', () => {
    expect(press(DEFAULT_POLICY, plan(), [], { ...requester, manageGuild: false })).toMatchObject({ kind: 'refused', reason: expect.stringContaining('Manage Server') });
  });
  it('ignores cost when no gate is set', () => {
    expect(requirementsFor(DEFAULT_POLICY, plan({ monthlyUsd: 99_999 }))).toEqual({ approvers: 1, roles: [] });
  });
});

describe('N-of-M approvals', () => {
  const two = policy({ approverRoles: [APPROVER], approvals: { apply: 2, destroy: 2 }, selfApproval: false });

  it('counts the same approver once', () => {
    const first = press(two, plan(), [], member('a', [APPROVER]));
    expect(first).toMatchObject({ kind: 'counted', progress: { done: false, missingApprovers: 1 } });
    const approvals = first.kind === 'counted' ? [first.approval] : [];
    expect(press(two, plan(), approvals, member('a', [APPROVER]))).toMatchObject({ kind: 'duplicate' });
    expect(press(two, plan(), approvals, member('b', [APPROVER]))).toMatchObject({ kind: 'counted', progress: { done: true } });
  });
  it('refuses the requester where self-approval is off', () => {
    expect(press(two, plan(), [], { ...requester, roleIds: [APPROVER] })).toMatchObject({ kind: 'refused', reason: expect.stringContaining('your own plan') });
  });
  it('refuses a member whose approver role is gone', () => {
    expect(press(two, plan(), [], member('a', []))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('none of them now') });
  });
});

describe('cost gate and budgets', () => {
  const gated = policy({ approverRoles: [APPROVER], financeRoles: [FINANCE], budgetRoles: [BUDGET], costGate: { aboveUsd: 100, approvals: 2, finance: true } });

  it.each([
    [50, { approvers: 1, roles: [] }],
    [100, { approvers: 1, roles: [] }],
    [100.01, { approvers: 2, roles: ['finance'] }],
    [undefined, { approvers: 2, roles: ['finance'] }],
  ])('a plan of $%s a month needs %j', (monthlyUsd, expected) => {
    expect(requirementsFor(gated, plan({ monthlyUsd }))).toEqual(expected);
  });

  it('keeps the last slot for the finance approver', () => {
    const facts = plan({ monthlyUsd: 500 });
    const first = press(gated, facts, [], member('a', [APPROVER]));
    const approvals = first.kind === 'counted' ? [first.approval] : [];
    expect(press(gated, facts, approvals, member('b', [APPROVER]))).toMatchObject({ kind: 'refused', reason: expect.stringContaining(`<@&${FINANCE}> (finance)`) });
    expect(press(gated, facts, approvals, member('f', [FINANCE]))).toMatchObject({ kind: 'counted', progress: { done: true } });
  });

  it('over budget: needs a budget approver, or is refused', () => {
    expect(requirementsFor(gated, plan({ overBudget: true }))).toEqual({ approvers: 1, roles: ['budget'] });
    const refusing = { ...gated, overBudget: 'refuse' as const };
    expect(requirementsFor(refusing, plan({ overBudget: true })).refused).toMatch(/over budget/);
    expect(press(refusing, plan({ overBudget: true }), [], requester)).toMatchObject({ kind: 'refused' });
    expect(progressOf({ approvers: 1, roles: ['budget'] }, [{ userId: 'req', at: 1, meets: [] }])).toEqual({ done: false, missingApprovers: 0, missingRoles: ['budget'] });
  });

  it('measures the running total against the project and server budgets', () => {
    const budgets = policy({ budgets: { serverUsd: 1000, projects: { 'shop-prod': 200 } } });
    expect(checkBudgets(budgets, { projectId: 'SHOP-prod', planUsd: 80, projectDeployedUsd: 150, serverDeployedUsd: 400 })).toEqual({
      unpriced: false, overBudget: true, checks: [
        { scope: 'project', budgetUsd: 200, deployedUsd: 150, planUsd: 80, totalUsd: 230, overUsd: 30 },
        { scope: 'server', budgetUsd: 1000, deployedUsd: 400, planUsd: 80, totalUsd: 480, overUsd: 0 },
      ],
    });
    expect(checkBudgets(budgets, { projectId: 'other', planUsd: undefined, projectDeployedUsd: 0, serverDeployedUsd: 0 })).toEqual({ checks: [], unpriced: true, overBudget: true });
    expect(checkBudgets(DEFAULT_POLICY, { projectId: 'other', planUsd: undefined, projectDeployedUsd: 0, serverDeployedUsd: 0 }).overBudget).toBe(false);
  });

  it('counts what has resources and is not the deployment being replaced', () => {
    const d = (id: string, status: string, usd: number, resources = ['a.b']) => ({ id, status, details: { resources, monthlyCostUsd: usd } });
    expect(deployedMonthlyUsd([d('1', 'COMPLETED', 10), d('2', 'FAILED', 5), d('3', 'DESTROYED', 100), d('4', 'PLANNED', 7, []), d('me', 'COMPLETED', 50)], 'me')).toBe(15);
  });
});

describe('who may deploy, destroy and reject', () => {
  const roles = policy({ deployRoles: [DEPLOYER], destroyRoles: [DESTROYER], approverRoles: [APPROVER] });
  it.each([
    ['default, Manage Server', DEFAULT_POLICY, member('x', [], true), true],
    ['default, ordinary member', DEFAULT_POLICY, member('x'), false],
    ['deploy role set, has it', roles, member('x', [DEPLOYER]), true],
    ['deploy role set, only Manage Server', roles, member('x', [], true), false],
  ])('mayDeploy: %s', (_label, p, actor, expected) => {
    expect(mayDeploy(p, actor)).toBe(expected);
  });
  it("limits teardown to the owner, or a destroy role", () => {
    expect(mayDestroy(DEFAULT_POLICY, member('owner', [], true), 'owner')).toBe(true);
    expect(mayDestroy(DEFAULT_POLICY, member('other', [], true), 'owner')).toBe(false);
    expect(mayDestroy(roles, member('other', [DESTROYER]), 'owner')).toBe(true);
  });
  it('lets the requester or an approver reject, nobody else', () => {
    expect(mayReject(roles, plan(), member('req', [DEPLOYER]))).toBe(true);
    expect(mayReject(roles, plan(), member('a', [APPROVER]))).toBe(true);
    expect(mayReject(roles, plan(), member('z', [], true))).toBe(false);
  });
});

describe('incoherent policies are named', () => {
  it.each([
    [{ selfApproval: false }, /approver_roles/],
    [{ approvals: { apply: 2, destroy: 1 } }, /2 approvers/],
    [{ approverRoles: [APPROVER], costGate: { aboveUsd: 1, approvals: 2, finance: true } }, /finance_roles/],
    [{ budgets: { serverUsd: 100, projects: {} } }, /budget_roles/],
  ])('%j', (over, message) => {
    expect(incoherence(policy(over as Partial<Policy>))).toMatch(message);
  });
  it('accepts the defaults', () => expect(incoherence(DEFAULT_POLICY)).toBeUndefined());
});
