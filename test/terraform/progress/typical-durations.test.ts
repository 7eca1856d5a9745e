import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topLevelBlocks } from '../../../src/deploy/hcl-scan.js';
import { BUNDLED_TEMPLATES_DIR } from '../../../src/deploy/terraform-templates.js';
import { typicalDuration } from '../../../src/terraform/progress/index.js';

/** Types in the bundled templates that usually take less than about 30 s to create: no hint. */
const QUICK = new Set([
  'google_compute_firewall', 'google_sql_user', 'google_storage_bucket', 'google_secret_manager_secret', 'google_secret_manager_secret_version',
  'aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_route_table', 'aws_route_table_association', 'aws_security_group', 'aws_db_subnet_group',
  'aws_iam_role', 'aws_iam_role_policy_attachment', 'aws_iam_instance_profile', 'aws_s3_bucket', 'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_versioning',
  'azurerm_resource_group', 'azurerm_virtual_network', 'azurerm_subnet', 'azurerm_network_security_group', 'azurerm_subnet_network_security_group_association',
  'azurerm_public_ip', 'azurerm_network_interface', 'azurerm_key_vault_secret', 'azurerm_storage_container', 'azurerm_storage_management_policy',
  'random_id', 'random_password', 'random_string', 'tls_private_key',
]);

function templateResourceTypes(dir = BUNDLED_TEMPLATES_DIR): Set<string> {
  const types = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.tf')) continue;
    for (const block of topLevelBlocks(readFileSync(join(entry.parentPath, entry.name), 'utf8'))) {
      if (block.type === 'resource') types.add(block.labels[0]!);
    }
  }
  return types;
}

describe('typical durations', () => {
  it('has a hint for every resource type of the bundled templates that takes more than about 30 s, and none for the quick ones', () => {
    const types = [...templateResourceTypes()].sort();
    expect(types.length).toBeGreaterThan(40);
    const unclassified = types.filter((type) => !QUICK.has(type) && typicalDuration(type) === undefined);
    expect(unclassified, 'each new resource type needs a typical duration, or a place in QUICK').toEqual([]);
    expect(types.filter((type) => QUICK.has(type) && typicalDuration(type) !== undefined)).toEqual([]);
  });

  it.each([
    ['google_compute_instance', 'may take 20 s-1 min'],
    ['google_project_service', 'may take 30 s-2 min'],
    ['azurerm_linux_virtual_machine', 'may take 1-3 min'],
    ['aws_instance', 'may take 30 s-2 min'],
    ['google_container_cluster', 'may take 5-10 min'],
  ])('hints %s: %s', (type, hint) => {
    expect(typicalDuration(type)).toBe(hint);
  });
});
