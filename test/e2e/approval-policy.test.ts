import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, controlsOf, type FakeMessage, type FakeUser } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, isAnswer, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { ADMINS_ROLE, CHANNEL, GUILD, OWNER, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';

const APPROVERS = { id: '350000000000000002', name: 'Approvers' };
const FINOPS = { id: '350000000000000003', name: 'FinOps' };
const ANNE: FakeUser = { id: '310000000000000011', username: 'anne', roles: [APPROVERS.id] };
const BEN: FakeUser = { id: '310000000000000012', username: 'ben', roles: [APPROVERS.id] };
const CARA: FakeUser = { id: '310000000000000013', username: 'cara', roles: [APPROVERS.id] };
const FRED: FakeUser = { id: '310000000000000014', username: 'fred', roles: [FINOPS.id] };

const fake = new FakeDiscord({
  token: 'fake-bot-token',
  applicationId: '330000000000000001',
  guilds: [{ id: GUILD, name: 'Ops', channels: [{ id: CHANNEL, name: 'deploys' }], members: [OWNER, ANNE, BEN, CARA, FRED], roles: [ADMINS_ROLE, APPROVERS, FINOPS] }],
});
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

type Option = { name: string; type: number; value: string | number | boolean };
const role = (list: string, id: string): Option[] => [{ name: 'list', type: 3, value: list }, { name: 'role', type: 8, value: id }];

/** `/cloud-policy <subcommand> …` as an admin; returns the ephemeral answer. */
async function policy(subcommand: string, options: Option[] = [], user: FakeUser = OWNER): Promise<FakeMessage> {
  const handle = await fake.sendSlashCommand({ name: 'cloud-policy', user, guildId: GUILD, options: [{ name: subcommand, type: 1, options }] });
  const reply = await fake.waitForReply(handle);
  expect(reply.ephemeral).toBe(true);
  return reply;
}

async function pressAs(message: FakeMessage, prefix: string, user: FakeUser): Promise<FakeMessage> {
  return fake.waitForReply(await press(fake, message, prefix, user));
}

const field = (message: FakeMessage | undefined, name: string) => message?.embeds[0]?.fields?.find((f) => f.name === name)?.value ?? '';

async function startBot() {
  await startInstallation(fake, installation(deployEnv().env));
  await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
}

/** The owner's bucket on payments-prod-42, planned, approved and deployed. */
async function deployedBucket(): Promise<void> {
  const { reply: plan } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
  const approvedAt = fake.now();
  await pressAs(plan, 'plan-approve', OWNER);
  await finalProgress(fake, await progressMessage(fake, approvedAt));
}

/** `/cloud-destroy` of payments-prod-42 as `user`, once its teardown plan asks for the confirmation. */
async function teardownPlan(user: FakeUser): Promise<FakeMessage> {
  const handle = await fake.sendSlashCommand({ name: 'cloud-destroy', user, guildId: GUILD, options: [{ name: 'project_id', type: 3, value: 'payments-prod-42' }] });
  return fake.waitForReply(handle, { predicate: isAnswer, timeoutMs: 20_000 });
}

describe('approval policy, end to end', () => {
  it('two distinct approvers: the requester refused, a double press counted once, a role removed after posting refused', async () => {
    await startBot();
    expect(textOf(await policy('show'))).toContain('This server has set no policy');
    // Refused when incoherent, and nothing saved.
    expect((await policy('approvals', [{ name: 'self_approval', type: 5, value: false }])).content).toMatch(/Not saved: .*approver_roles/);
    await policy('role', role('approve', APPROVERS.id));
    const saved = await policy('approvals', [{ name: 'self_approval', type: 5, value: false }, { name: 'deploy', type: 4, value: 2 }]);
    expect(saved.content).toBe('✅ Policy updated: self-approval off, approvers: deploy 2, teardown 1.');
    expect(field(saved, 'Approvers needed')).toBe('Deploy: 2 · Teardown: 1');
    expect((await policy('show', [], ANNE)).content).toMatch(/Manage Server/);

    const { reply: plan } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    expect(field(plan, 'Approvals')).toBe(`Needs 2 distinct approvers, not <@${OWNER.id}>; approvers: <@&${APPROVERS.id}>.\nStill needed: 2 more approvers.`);

    const own = await pressAs(plan, 'plan-approve', OWNER);
    expect(own).toMatchObject({ ephemeral: true });
    expect(own.content).toBe(`🚫 The policy of this server does not let you approve your own plan: someone with <@&${APPROVERS.id}> must.`);

    const first = await pressAs(plan, 'plan-approve', ANNE);
    expect(field(first, 'Approvals')).toMatch(new RegExp(`✅ <@${ANNE.id}> <t:\\d+:R>\\nStill needed: 1 more approver\\.$`));
    const twice = await pressAs(plan, 'plan-approve', ANNE);
    expect(twice.ephemeral).toBe(true);
    expect(twice.content).toMatch(/^🚫 You already approved this plan <t:\d+:R>; an approver counts once\. Still needed: 1 more approver\.$/);
    expect(controlsOf(fake.message(plan.id)!).length).toBe(2);

    fake.setMemberRoles(GUILD, BEN.id, []);
    const demoted = await pressAs(plan, 'plan-approve', BEN);
    expect(demoted.ephemeral).toBe(true);
    expect(demoted.content).toBe(`🚫 Approving needs one of the roles <@&${APPROVERS.id}>, and you have none of them now.`);
    expect((await pressAs(plan, 'plan-reject', BEN)).content).toMatch(/^🚫 Only <@310000000000000001>/);

    const approvedAt = fake.now();
    const last = await pressAs(plan, 'plan-approve', CARA);
    expect(last.content).toBe(`✅ Approved by <@${ANNE.id}>, <@${CARA.id}>; progress below.`);
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toMatch(/^✅ Deployment Complete!/);

    const audit = (await runCommand(fake, 'cloud-audit')).embeds[0]!.description!;
    for (const [who, action] of [[CARA, 'plan.approved'], [BEN, 'approval.refused'], [ANNE, 'plan.approved'], [OWNER, 'approval.refused'], [OWNER, 'plan.created'], [OWNER, 'policy.changed']] as const) {
      expect(audit).toMatch(new RegExp(`<@${who.id}> \\*\\*${action.replace('.', '\\.')}\\*\\*`));
    }
    expect(audit).toMatch(/approvers 2 · needed 2 · done true/);
  });

  it('a plan over budget says so with the numbers, then needs the budget role; with over_budget: refuse it cannot be approved', async () => {
    await startBot();
    expect((await policy('budget', [{ name: 'monthly_usd', type: 10, value: 100 }, { name: 'project', type: 3, value: 'payments-prod-42' }])).content).toMatch(/Not saved: .*budget_roles/);
    await policy('role', role('budget', FINOPS.id));
    await policy('budget', [{ name: 'monthly_usd', type: 10, value: 100 }, { name: 'project', type: 3, value: 'Payments-Prod-42' }]);
    expect(field(await policy('show'), 'Budgets (monthly)')).toBe('Server: none\n`payments-prod-42`: $100.00/month');

    const { reply: plan } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'n1-standard-4', name: 'api' });
    const budget = field(plan, '💸 Budget');
    expect(budget).toMatch(/^⚠️ \*\*Over budget\.\*\* Project budget \$100\.00\/month; running total \$(\d+\.\d\d)\/month \(\$0\.00 deployed \+ \$\1 this plan\): \*\*\$(\d+\.\d\d) over\*\*\./);
    const [, total, over] = /running total \$(\d+\.\d\d).*\*\*\$(\d+\.\d\d) over/.exec(budget)!;
    expect(Number(over)).toBeCloseTo(Number(total) - 100, 2);
    expect(budget).toContain(`It needs an approver with <@&${FINOPS.id}> (budget).`);

    // The one approval this plan needs must come from the budget role: the requester's own is refused.
    const own = await pressAs(plan, 'plan-approve', OWNER);
    expect(own.ephemeral).toBe(true);
    expect(own.content).toBe(`🚫 The approvals still needed must come from someone with <@&${FINOPS.id}> (budget).`);
    const approvedAt = fake.now();
    expect((await pressAs(plan, 'plan-approve', FRED)).content).toBe(`✅ Approved by <@${FRED.id}>; progress below.`);
    await finalProgress(fake, await progressMessage(fake, approvedAt));
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(new RegExp(`Budget: \\$${total}/month of \\$100\\.00/month for this project \\(\\$${over} over\\)`));

    await policy('budget', [{ name: 'monthly_usd', type: 10, value: 100 }, { name: 'project', type: 3, value: 'payments-prod-42' }, { name: 'over_budget', type: 3, value: 'refuse' }]);
    const second = (await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' })).reply;
    expect(isAnswer(second)).toBe(true);
    expect(second.content).toBe("🚫 Refused by this server's policy: It would go over budget, and the policy of this server refuses plans over budget.");
    expect(field(second, '💸 Budget')).toMatch(new RegExp(`running total \\$\\d+\\.\\d\\d/month \\(\\$${total} deployed \\+ \\$\\d+\\.\\d\\d this plan\\)`));
    expect(controlsOf(second).find((c) => c.label === 'Approve')?.disabled).toBe(true);
  });

  it("limits /cloud-destroy to the deployment's owner or a destroy role, and re-checks the Destroy press", async () => {
    await startBot();
    await deployedBucket();

    // Anne manages the server too and has her own session on the project, but the deployment is not hers.
    fake.setMemberRoles(GUILD, ANNE.id, [ADMINS_ROLE.id]);
    await openSession(fake, {}, { user: ANNE });
    const foreign = await runCommand(fake, 'cloud-destroy', { project_id: 'payments-prod-42' }, { user: ANNE });
    expect(foreign.content).toContain(`belongs to <@${OWNER.id}>: only they can tear it down.`);

    const confirm = await teardownPlan(OWNER);
    // Manage Server removed between the plan and the press: the Destroy press is refused.
    fake.setMemberRoles(GUILD, OWNER.id, []);
    const refused = await pressAs(confirm, 'plan-approve', OWNER);
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Manage Server');
    fake.setMemberRoles(GUILD, OWNER.id, [ADMINS_ROLE.id]);
    await policy('audit-channel', [{ name: 'channel', type: 7, value: CHANNEL }]);
    const confirmedAt = fake.now();
    expect((await pressAs(confirm, 'plan-approve', OWNER)).content).toContain('Teardown confirmed by <@310000000000000001>');
    expect((await finalProgress(fake, await progressMessage(fake, confirmedAt))).embeds[0]!.title).toMatch(/^✅ Teardown Complete!/);

    // The trail has the teardown's request and its end, and the audit channel got a copy of each new row.
    const audit = (await runCommand(fake, 'cloud-audit', { project: 'payments-prod-42' })).embeds[0]!.description!;
    expect(audit).toContain(`<@${OWNER.id}> **destroy.requested** · gcp \`payments-prod-42\` · bucket assets`);
    expect(audit).toMatch(/\*\*apply\.finished\*\* · gcp `payments-prod-42` · bucket assets · operation destroy · outcome succeeded/);
    const mirrored = await fake.waitForChannelMessage((m) => m.content.startsWith('🧾') && m.content.includes('**apply.finished**'), { channelId: CHANNEL });
    expect(mirrored.content).toContain('operation destroy');
  });

  it("a teardown by a destroy-role member is that member's run: only they may cancel it, and the owner is told so", { timeout: 60_000 }, async () => {
    await startInstallation(fake, installation(deployEnv({ delayScale: 1, planSeconds: 0.1, seconds: { google_project_service: 0.1, random_id: 0.1, google_storage_bucket: 3 } }).env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    await deployedBucket();

    await policy('role', role('destroy', FINOPS.id));
    fake.setMemberRoles(GUILD, FRED.id, [ADMINS_ROLE.id, FINOPS.id]);
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) }, { user: FRED });
    const confirm = await teardownPlan(FRED);
    const confirmedAt = fake.now();
    await pressAs(confirm, 'plan-approve', FRED);
    const teardown = await progressMessage(fake, confirmedAt);
    expect((await pressAs(teardown, 'run-cancel', OWNER)).content).toBe(`🚫 Only <@${FRED.id}> can cancel this run.`);
    expect((await finalProgress(fake, teardown)).embeds[0]!.title).toMatch(/^✅ Teardown Complete!/);
  });
});
