import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { parseDeployTemplates } from '../support/template-modules.js';
import type { HclBody, TerraformModule, TypedBlock } from '../support/terraform-modules.js';

const modules = new Map((await parseDeployTemplates()).map((module) => [module.label, module]));

function module(label: string): TerraformModule {
  const found = modules.get(label);
  if (!found) throw new Error(`no template ${label}`);
  return found;
}

function blocks(label: string, type: string, mode: TypedBlock['mode'] = 'resource'): TypedBlock[] {
  return module(label).blocks.filter((block) => block.type === type && block.mode === mode);
}

function only(label: string, type: string, mode: TypedBlock['mode'] = 'resource'): HclBody {
  const found = blocks(label, type, mode);
  expect(found, `${label} ${type}`).toHaveLength(1);
  return found[0]!.body;
}

function lifecycleIgnores(body: HclBody): string[] {
  return ((body.lifecycle ?? []) as HclBody[]).flatMap((block) => (block.ignore_changes ?? []) as string[]).map((entry) => entry.replace(/^\$\{|\}$/g, ''));
}

describe('the templates, as HashiCorp\'s parser reads them', () => {
  it.each([
    ['gcp/vm', ['compute.googleapis.com', 'iap.googleapis.com', 'oslogin.googleapis.com']],
    ['gcp/k8s', ['compute.googleapis.com', 'container.googleapis.com']],
    ['gcp/database', ['sqladmin.googleapis.com', 'secretmanager.googleapis.com']],
  ])('%s enables the APIs it needs and leaves them on after a destroy', (label, services) => {
    const apis = only(label, 'google_project_service');
    expect(apis.disable_on_destroy).toBe(false);
    expect(apis.for_each).toBe(`\${toset(${JSON.stringify(services)})}`.replaceAll('","', '", "'));
  });

  it('gcp/bucket enables the storage API and leaves it on after a destroy', () => {
    expect(only('gcp/bucket', 'google_project_service')).toMatchObject({ service: 'storage.googleapis.com', disable_on_destroy: false });
  });

  it.each([
    ['gcp/vm', 'google_compute_instance', 'zone'],
    ['gcp/k8s', 'google_container_cluster', 'location'],
  ])('%s picks among zones that are UP, and a later zone-list change does not replace it', (label, type, argument) => {
    expect(only(label, 'google_compute_zones', 'data')).toMatchObject({ status: 'UP' });
    expect(lifecycleIgnores(only(label, type))).toEqual([argument]);
  });

  it('gives GCP networks and Azure resource groups names that carry the kind', () => {
    const gcpNames = ['gcp/vm', 'gcp/k8s'].flatMap((label) =>
      ['google_compute_network', 'google_compute_subnetwork'].map((type) => String(only(label, type).name)),
    );
    expect(gcpNames).toEqual(['${var.name}-vm-net', '${var.name}-vm-subnet', '${var.name}-k8s-net', '${var.name}-k8s-subnet']);
    const groups = ['vm', 'k8s', 'database', 'bucket'].map((kind) => String(only(`azure/${kind}`, 'azurerm_resource_group').name));
    expect(new Set(groups).size).toBe(4);
    expect(only('azure/k8s', 'azurerm_kubernetes_cluster').node_resource_group).toBe('rg-${var.name}-k8s-nodes');
  });

  it.each(['aws/vm', 'aws/k8s', 'aws/database'])('%s creates its own VPC instead of needing a default one', (label) => {
    expect(blocks(label, 'aws_vpc', 'data')).toEqual([]);
    expect(blocks(label, 'aws_vpc')).toHaveLength(1);
    expect(blocks(label, 'aws_internet_gateway')).toHaveLength(1);
    for (const subnet of blocks(label, 'aws_subnet')) expect(lifecycleIgnores(subnet.body)).toEqual(['availability_zone']);
  });

  it('deletes a bucket with its contents on every cloud (what /cloud-destroy warns about)', () => {
    expect(only('aws/bucket', 'aws_s3_bucket').force_destroy).toBe(true);
    expect(only('gcp/bucket', 'google_storage_bucket').force_destroy).toBe(true);
    // An Azure storage account goes with its blobs; there is no setting to refuse.
    expect(blocks('azure/bucket', 'azurerm_storage_account')).toHaveLength(1);
  });

  it('expires old versions on every cloud, and AWS delete markers left with no versions', () => {
    const rule = (only('aws/bucket', 'aws_s3_bucket_lifecycle_configuration').rule as HclBody[])[0]!;
    expect(rule.expiration).toEqual([{ expired_object_delete_marker: true }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    const azure = JSON.stringify(only('azure/bucket', 'azurerm_storage_management_policy'));
    expect(azure).toContain('"delete_after_days_since_creation":30');
    expect(JSON.stringify(only('gcp/bucket', 'google_storage_bucket'))).toContain('"days_since_noncurrent_time":30');
  });

  it('keeps generated secrets in the cloud\'s secret manager', () => {
    expect(only('gcp/database', 'google_secret_manager_secret_version').secret_data).toBe('${random_password.app.result}');
    expect(only('gcp/database', 'google_sql_user').password).toBe('${random_password.app.result}');
    expect(only('aws/database', 'aws_db_instance').manage_master_user_password).toBe(true);
    expect(only('azure/database', 'azurerm_key_vault_secret').value).toBe('${random_password.admin.result}');
    expect(only('azure/vm', 'azurerm_key_vault_secret').value).toBe('${tls_private_key.ssh.private_key_openssh}');
  });

  it('admits SSH to the Azure VM, with Entra ID sign-in and boot diagnostics', () => {
    const nsg = JSON.stringify(only('azure/vm', 'azurerm_network_security_group'));
    expect(nsg).toContain('"destination_port_range":"22"');
    expect(only('azure/vm', 'azurerm_virtual_machine_extension')).toMatchObject({ type: 'AADSSHLoginForLinux' });
    expect(only('azure/vm', 'azurerm_linux_virtual_machine')).toMatchObject({ boot_diagnostics: [{}], disable_password_authentication: true });
  });

  it.each([...modules.keys()])('%s outputs no secret value', (label) => {
    const outputs = module(label).references.filter((reference) => reference.file === 'outputs.tf').map((reference) => reference.value);
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.filter((value) => /^random_password\.|private_key_(openssh|pem)|\.value$|secret_data|administrator_password/.test(value))).toEqual([]);
  });

  it('is formatted as terraform fmt writes it', async () => {
    const { stdout } = await execa('terraform', ['fmt', '-check', '-recursive', '-list=true', projectPath('templates')], { reject: false });
    expect(stdout.trim()).toBe('');
  });
});
