import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { recordedInvocations } from '../support/fake-terraform.js';
import { createFakeDiscord, installation, openSession, startInstallation, textOf } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const PROVIDERS = [
  {
    provider: 'aws', project_id: '123456789012', region: 'eu-west-1', machine_type: 't3.small',
    credentials: { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    env: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
    instance: 'aws_instance.this',
  },
  {
    provider: 'azure', project_id: '4d110979-de81-47ca-ae8e-6eb3494bcf2e', region: 'westeurope', machine_type: 'Standard_B2s',
    credentials: { appId: '0f3a7c1e-2b4d-4e6f-8a9b-1c2d3e4f5a6b', password: 'azure-sp-secret-value', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    env: ['ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_SUBSCRIPTION_ID', 'ARM_TENANT_ID'],
    instance: 'azurerm_linux_virtual_machine.this',
  },
] as const;

describe('/cloud-deploy-v2 on AWS and Azure', () => {
  it.each(PROVIDERS)('deploys a $provider VM with the credentials as environment variables, never a file', async (p) => {
    const { env, recordEnvTo } = deployEnv();
    const install = installation(env);
    await startInstallation(fake, install);
    await openSession(fake, { provider: p.provider, project_name: 'Shop', project_id: p.project_id, region: p.region, service_account_json: JSON.stringify(p.credentials) });

    const { reply } = await sendDeploy(fake, { project_id: p.project_id, resource_type: 'vm', machine_type: p.machine_type, name: 'web' });
    expect(textOf(reply)).toContain(`+ ${p.instance}`);
    expect(reply.embeds[0]!.fields!.find((f) => f.name === 'Monthly cost')?.value).toMatch(/^\$\d+\.\d\d\/month on-demand/);
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const final = await finalProgress(fake, await progressMessage(fake, approvedAt));
    expect(final.embeds[0]!.title).toMatch(/^✅ Deployment Complete! \((\d+)\/\1 resources\)$/);

    const invocations = recordedInvocations(recordEnvTo);
    for (const invocation of invocations.filter((i) => i.command !== 'version')) {
      expect(invocation.names).toEqual(expect.arrayContaining([...p.env]));
      expect(invocation.names).not.toContain('GOOGLE_APPLICATION_CREDENTIALS');
      expect(invocation.credentialsFile).toBeNull();
    }
    expect(readdirSync(join(install.dataDir, 'tmp'))).toEqual([]);
  });
});
