import { execa } from 'execa';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROVIDERS } from '../../src/cloud/providers.js';
import { RESOURCE_KINDS } from '../../src/cloud/resource-kinds.js';
import { topLevelBlocks } from '../../src/deploy/hcl-scan.js';
import { renderDeploymentFiles, templateDirectory, type DeploymentInput } from '../../src/deploy/terraform-templates.js';
import { describeWithTerraform, realTerraform } from '../support/real-terraform.js';
import { tempDir } from '../support/temp-dir.js';

const PROJECTS = { gcp: 'payments-prod-42', aws: '123456789012', azure: '4d110979-de81-47ca-ae8e-6eb3494bcf2e' } as const;
const REGIONS = { gcp: 'us-central1', aws: 'eu-west-1', azure: 'westeurope' } as const;
const CASES = PROVIDERS.flatMap((provider) => RESOURCE_KINDS.map((kind) => [provider, kind] as const));

function blocksOf(dir: string, type: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.tf'))
    .flatMap((file) => topLevelBlocks(readFileSync(join(dir, file), 'utf8')))
    .filter((block) => block.type === type)
    .map((block) => block.labels[0]!);
}

describeWithTerraform('the offline templates', () => {
  it.concurrent.each(CASES)('%s %s plans with the variables the bot passes, one resource per resource of its real twin, the same outputs', async (provider, kind) => {
    const input: DeploymentInput = {
      provider, kind, projectId: PROJECTS[provider], region: REGIONS[provider], name: kind === 'bucket' && provider === 'azure' ? 'assets42' : 'api',
      labels: { team: 'payments' },
    };
    const { files, variables } = renderDeploymentFiles(input, realTerraform!.templatesDir);
    const workspace = tempDir('offline-plan-');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(workspace, name), text);
    writeFileSync(join(workspace, 'terraform.tfvars.json'), JSON.stringify(variables));

    // Built-in resources only: no init needed, and no network.
    const plan = await execa(realTerraform!.bin, ['plan', '-input=false', '-no-color', '-json'], { cwd: workspace, reject: false });
    expect(plan.exitCode, plan.stdout + plan.stderr).toBe(0);
    const events = plan.stdout.split('\n').map((line) => JSON.parse(line) as { type: string; change?: { action: string; resource: { addr: string } } });
    const created = events.filter((e) => e.type === 'planned_change' && e.change?.action === 'create').map((e) => e.change!.resource.addr);
    const real = templateDirectory(provider, kind);
    expect(created).toHaveLength(blocksOf(real, 'resource').length);
    expect(created.every((address) => address.startsWith('terraform_data.'))).toBe(true);
    expect(Object.keys(files).filter((f) => f.endsWith('outputs.tf'))).toHaveLength(1);
    expect(topLevelBlocks(files['outputs.tf']!).map((b) => b.labels[0]).sort()).toEqual(blocksOf(real, 'output').sort());
  });
});
