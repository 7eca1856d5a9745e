import type { Provider } from './providers.js';

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

/** The smallest node a managed Kubernetes service runs well on: the floor of the k8s size list. */
export interface NodeMinimum {
  vcpus: number;
  memoryGb: number;
  /** Whether burstable (shared-core, CPU-credit) sizes may be nodes at all. */
  burstable: boolean;
  /** Why, in the provider's terms, for the message that refuses a smaller size. */
  why: string;
}

export const K8S_NODE_MINIMUMS: Record<Provider, NodeMinimum> = {
  gcp: {
    vcpus: 2,
    memoryGb: 4,
    burstable: true,
    why: 'GKE rejects micro types for insufficient memory, and its system pods take most of anything below 4 GB',
  },
  aws: {
    vcpus: 2,
    memoryGb: 4,
    burstable: true,
    why: 'EKS runs at most 4 pods on a t3.micro and 11 on a t3.small (one IP per pod), fewer than its own add-ons need',
  },
  azure: {
    vcpus: 2,
    memoryGb: 4,
    burstable: false,
    why: 'AKS requires at least 2 vCPUs and 4 GB for the system node pool, and advises against burstable B-series sizes there',
  },
};

/** Whether a machine type is large enough to be a node of this provider's Kubernetes service. */
export function meetsNodeMinimum(provider: Provider, size: { vcpus: number; memoryGb: number; burstable: boolean }): boolean {
  const minimum = K8S_NODE_MINIMUMS[provider];
  return size.vcpus >= minimum.vcpus && size.memoryGb >= minimum.memoryGb && (minimum.burstable || !size.burstable);
}
