/** What the bot can price and deploy; the advisor, the templates and the commands all share this list. */
export const RESOURCE_KINDS = ['vm', 'k8s', 'database', 'bucket'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** How each kind is named to users. */
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  vm: 'Virtual machine',
  k8s: 'Kubernetes cluster',
  database: 'PostgreSQL database',
  bucket: 'Storage bucket',
};

/** Kinds sized by a machine type (VM size, node size, database tier); a bucket is not. */
export type SizedKind = Exclude<ResourceKind, 'bucket'>;

export function isSizedKind(kind: ResourceKind): kind is SizedKind {
  return kind !== 'bucket';
}

/** Nodes in a new cluster when the user names no count: what is priced is what is deployed. */
export const DEFAULT_K8S_NODE_COUNT = 3;
export const MAX_K8S_NODE_COUNT = 10;
