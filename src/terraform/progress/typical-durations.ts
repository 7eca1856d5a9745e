/**
 * How long resource types that take more than about 30 s usually take to create, so a user watching
 * "Creating..." for minutes knows that is normal. Every such type in the bundled templates has one
 * (test/terraform/progress/typical-durations.test.ts checks). From the providers' documentation and
 * common experience; a hint, not a promise.
 */
const TYPICAL_DURATIONS: Array<[RegExp, string]> = [
  // Google Cloud
  [/^google_project_service$/, '30 s-2 min'],
  [/^google_compute_network$/, '20 s-1 min'],
  [/^google_compute_subnetwork$/, '10-40 s'],
  [/^google_compute_instance$/, '20 s-1 min'],
  [/^google_container_cluster$/, '5-10 min'],
  [/^google_container_node_pool$/, '3-6 min'],
  [/^google_sql_database_instance$/, '5-8 min'],
  [/^google_sql_database$/, '20 s-1 min'],
  [/^google_redis_instance$/, '4-6 min'],
  // AWS
  [/^aws_instance$/, '30 s-2 min'],
  [/^aws_eks_cluster$/, '8-12 min'],
  [/^aws_eks_node_group$/, '3-6 min'],
  [/^aws_db_instance$/, '5-10 min'],
  [/^aws_rds_cluster(_instance)?$/, '5-10 min'],
  [/^aws_elasticache_(cluster|replication_group)$/, '5-10 min'],
  [/^aws_cloudfront_distribution$/, '3-10 min'],
  // Azure
  [/^azurerm_linux_virtual_machine$/, '1-3 min'],
  [/^azurerm_virtual_machine_extension$/, '1-5 min'],
  [/^azurerm_key_vault$/, '1-3 min'],
  [/^azurerm_storage_account$/, '20 s-1 min'],
  [/^azurerm_kubernetes_cluster$/, '5-10 min'],
  [/^azurerm_kubernetes_cluster_node_pool$/, '3-6 min'],
  [/^azurerm_(postgresql|mysql)_flexible_server$/, '5-10 min'],
  [/^azurerm_(postgresql|mysql)_flexible_server_database$/, '30 s-1 min'],
  [/^azurerm_mssql_(server|database)$/, '2-5 min'],
  [/^azurerm_redis_cache$/, '15-20 min'],
];

// Applies start thousands of operations over a few dozen types: look each type up once.
const hints = new Map<string, string | undefined>();

/** "may take 5-8 min" for a slow resource type; undefined for the quick ones. */
export function typicalDuration(resourceType: string): string | undefined {
  if (hints.has(resourceType)) return hints.get(resourceType);
  const match = TYPICAL_DURATIONS.find(([pattern]) => pattern.test(resourceType));
  const hint = match && `may take ${match[1]}`;
  if (hints.size < 1000) hints.set(resourceType, hint);
  return hint;
}
