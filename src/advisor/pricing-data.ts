/**
 * The bot's pricing catalog: public on-demand list prices (USD, Linux, no sustained-use or committed-use
 * discounts), one section per provider, each naming its source and the date the figures were taken.
 *
 * Prices are stated for each provider's `baseRegion`; every other priced region carries a multiplier
 * for compute (VMs, nodes, database tiers) and one for storage, taken from the same pricing pages.
 * Managed Kubernetes control-plane fees are flat across regions, so they are never multiplied.
 * Spot/preemptible discounts float with demand; the figures below are the typical published discount
 * per machine family, and the advisor says so when it suggests them.
 *
 * Kept as TypeScript rather than JSON because the build does not copy JSON into `dist/`;
 * `pricing-catalog.ts` validates it with zod at load, so a typo here fails at startup, not mid-deploy.
 */
export const PRICING_DATA = {
  hoursPerMonth: 730,
  providers: {
    gcp: {
      source: {
        name: 'Google Cloud pricing: Compute Engine VM instances, GKE, Cloud SQL, Cloud Storage',
        url: 'https://cloud.google.com/compute/vm-instance-pricing',
        retrievedOn: '2025-06-01',
      },
      baseRegion: 'us-central1',
      regions: {
        'us-central1': { computeMultiplier: 1, storageMultiplier: 1 },
        'us-east1': { computeMultiplier: 1, storageMultiplier: 1 },
        'europe-west1': { computeMultiplier: 1.1, storageMultiplier: 1 },
        'asia-southeast1': { computeMultiplier: 1.234, storageMultiplier: 1 },
      },
      machineTypes: {
        'e2-micro': { family: 'e2', vcpus: 2, memoryGb: 1, hourlyUsd: 0.008376, burstable: true },
        'e2-small': { family: 'e2', vcpus: 2, memoryGb: 2, hourlyUsd: 0.016751, burstable: true },
        'e2-medium': { family: 'e2', vcpus: 2, memoryGb: 4, hourlyUsd: 0.033503, burstable: true },
        'e2-standard-2': { family: 'e2', vcpus: 2, memoryGb: 8, hourlyUsd: 0.067006, burstable: false },
        'e2-standard-4': { family: 'e2', vcpus: 4, memoryGb: 16, hourlyUsd: 0.134012, burstable: false },
        'e2-standard-8': { family: 'e2', vcpus: 8, memoryGb: 32, hourlyUsd: 0.268024, burstable: false },
        'n1-standard-1': { family: 'n1', vcpus: 1, memoryGb: 3.75, hourlyUsd: 0.0475, burstable: false },
        'n1-standard-2': { family: 'n1', vcpus: 2, memoryGb: 7.5, hourlyUsd: 0.095, burstable: false },
        'n1-standard-4': { family: 'n1', vcpus: 4, memoryGb: 15, hourlyUsd: 0.189999, burstable: false },
        'n1-standard-8': { family: 'n1', vcpus: 8, memoryGb: 30, hourlyUsd: 0.379998, burstable: false },
        'n2-standard-2': { family: 'n2', vcpus: 2, memoryGb: 8, hourlyUsd: 0.097118, burstable: false },
        'n2-standard-4': { family: 'n2', vcpus: 4, memoryGb: 16, hourlyUsd: 0.194236, burstable: false },
        'n2-standard-8': { family: 'n2', vcpus: 8, memoryGb: 32, hourlyUsd: 0.388472, burstable: false },
      },
      spot: { label: 'Spot VMs', discountByFamily: { e2: 0.7, n1: 0.79, n2: 0.7 } },
      kubernetes: { service: 'GKE', tier: 'Standard (zonal or regional)', controlPlaneHourlyUsd: 0.1 },
      database: {
        service: 'Cloud SQL for PostgreSQL',
        storageUsdPerGbMonth: 0.17,
        minStorageGb: 10,
        tiers: {
          'db-f1-micro': { vcpus: 1, memoryGb: 0.6, hourlyUsd: 0.0105, sharedCore: true },
          'db-g1-small': { vcpus: 1, memoryGb: 1.7, hourlyUsd: 0.035, sharedCore: true },
        },
      },
      objectStorage: { service: 'Cloud Storage (Standard, regional)', usdPerGbMonth: 0.02 },
      defaults: { vm: 'e2-medium', k8s: 'e2-standard-4', database: 'db-f1-micro' },
    },
    aws: {
      source: {
        name: 'AWS pricing: Amazon EC2 On-Demand, Amazon EKS, Amazon RDS for PostgreSQL, Amazon S3',
        url: 'https://aws.amazon.com/ec2/pricing/on-demand/',
        retrievedOn: '2025-06-01',
      },
      baseRegion: 'us-east-1',
      regions: {
        'us-east-1': { computeMultiplier: 1, storageMultiplier: 1 },
        'us-west-2': { computeMultiplier: 1, storageMultiplier: 1 },
        'eu-west-1': { computeMultiplier: 1.1, storageMultiplier: 1 },
        'ap-southeast-1': { computeMultiplier: 1.25, storageMultiplier: 1.087 },
      },
      machineTypes: {
        't3.micro': { family: 't3', vcpus: 2, memoryGb: 1, hourlyUsd: 0.0104, burstable: true },
        't3.small': { family: 't3', vcpus: 2, memoryGb: 2, hourlyUsd: 0.0208, burstable: true },
        't3.medium': { family: 't3', vcpus: 2, memoryGb: 4, hourlyUsd: 0.0416, burstable: true },
        't3.large': { family: 't3', vcpus: 2, memoryGb: 8, hourlyUsd: 0.0832, burstable: true },
        't3.xlarge': { family: 't3', vcpus: 4, memoryGb: 16, hourlyUsd: 0.1664, burstable: true },
        'm5.large': { family: 'm5', vcpus: 2, memoryGb: 8, hourlyUsd: 0.096, burstable: false },
        'm5.xlarge': { family: 'm5', vcpus: 4, memoryGb: 16, hourlyUsd: 0.192, burstable: false },
        'm5.2xlarge': { family: 'm5', vcpus: 8, memoryGb: 32, hourlyUsd: 0.384, burstable: false },
        'c5.large': { family: 'c5', vcpus: 2, memoryGb: 4, hourlyUsd: 0.085, burstable: false },
        'c5.xlarge': { family: 'c5', vcpus: 4, memoryGb: 8, hourlyUsd: 0.17, burstable: false },
        'c5.2xlarge': { family: 'c5', vcpus: 8, memoryGb: 16, hourlyUsd: 0.34, burstable: false },
      },
      spot: { label: 'Spot Instances', discountByFamily: { t3: 0.7, m5: 0.6, c5: 0.6 } },
      kubernetes: { service: 'EKS', tier: 'Standard support', controlPlaneHourlyUsd: 0.1 },
      database: {
        service: 'Amazon RDS for PostgreSQL (Single-AZ)',
        storageUsdPerGbMonth: 0.115,
        minStorageGb: 20,
        tiers: {
          'db.t3.micro': { vcpus: 2, memoryGb: 1, hourlyUsd: 0.018, sharedCore: true },
          'db.t3.small': { vcpus: 2, memoryGb: 2, hourlyUsd: 0.036, sharedCore: true },
          'db.t3.medium': { vcpus: 2, memoryGb: 4, hourlyUsd: 0.072, sharedCore: true },
        },
      },
      objectStorage: { service: 'Amazon S3 Standard', usdPerGbMonth: 0.023 },
      defaults: { vm: 't3.micro', k8s: 't3.medium', database: 'db.t3.micro' },
    },
    azure: {
      source: {
        name: 'Azure pricing: Linux Virtual Machines, AKS, Database for PostgreSQL Flexible Server, Blob Storage',
        url: 'https://azure.microsoft.com/pricing/details/virtual-machines/linux/',
        retrievedOn: '2025-06-01',
      },
      baseRegion: 'eastus',
      regions: {
        eastus: { computeMultiplier: 1, storageMultiplier: 1 },
        westus2: { computeMultiplier: 1, storageMultiplier: 1 },
        westeurope: { computeMultiplier: 1.15, storageMultiplier: 1.08 },
        southeastasia: { computeMultiplier: 1.2, storageMultiplier: 1.1 },
      },
      machineTypes: {
        Standard_B1s: { family: 'B', vcpus: 1, memoryGb: 1, hourlyUsd: 0.0104, burstable: true },
        Standard_B2s: { family: 'B', vcpus: 2, memoryGb: 4, hourlyUsd: 0.0416, burstable: true },
        Standard_B2ms: { family: 'B', vcpus: 2, memoryGb: 8, hourlyUsd: 0.0832, burstable: true },
        Standard_B4ms: { family: 'B', vcpus: 4, memoryGb: 16, hourlyUsd: 0.166, burstable: true },
        Standard_D2s_v5: { family: 'Dsv5', vcpus: 2, memoryGb: 8, hourlyUsd: 0.096, burstable: false },
        Standard_D4s_v5: { family: 'Dsv5', vcpus: 4, memoryGb: 16, hourlyUsd: 0.192, burstable: false },
        Standard_D8s_v5: { family: 'Dsv5', vcpus: 8, memoryGb: 32, hourlyUsd: 0.384, burstable: false },
        // AMD EPYC twins of Dsv5, a common AKS node choice at about 10% less.
        Standard_D2as_v5: { family: 'Dasv5', vcpus: 2, memoryGb: 8, hourlyUsd: 0.086, burstable: false },
        Standard_D4as_v5: { family: 'Dasv5', vcpus: 4, memoryGb: 16, hourlyUsd: 0.172, burstable: false },
      },
      // Azure Spot is not offered for the B (burstable) series, so only Dsv5 has a discount.
      spot: { label: 'Spot VMs', discountByFamily: { Dsv5: 0.8 } },
      kubernetes: { service: 'AKS', tier: 'Free tier (no uptime SLA; Standard tier is $0.10/h)', controlPlaneHourlyUsd: 0 },
      database: {
        service: 'Azure Database for PostgreSQL Flexible Server (Burstable)',
        storageUsdPerGbMonth: 0.115,
        minStorageGb: 32,
        tiers: {
          B_Standard_B1ms: { vcpus: 1, memoryGb: 2, hourlyUsd: 0.0207, sharedCore: true },
          B_Standard_B2s: { vcpus: 2, memoryGb: 4, hourlyUsd: 0.0828, sharedCore: true },
        },
      },
      objectStorage: { service: 'Blob Storage (Hot, LRS)', usdPerGbMonth: 0.0184 },
      defaults: { vm: 'Standard_B2s', k8s: 'Standard_D2s_v5', database: 'B_Standard_B1ms' },
    },
  },
} as const;
