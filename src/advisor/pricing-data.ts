/**
 * The bot's pricing catalog: public on-demand list prices (USD, Linux, no sustained-use or committed-use
 * discounts), one section per provider. Each provider names the pricing page of every service it bills
 * through (`sources`) and the month the figures are from (`pricesAsOf`): they were copied by hand from
 * those pages, not fetched live, so check a page before relying on a figure to the cent.
 *
 * Prices are stated for each provider's `baseRegion`. Every other priced region carries a multiplier for
 * compute (VMs, nodes, database tiers, and block disks, whose regional price moves with compute's to
 * within a few percent) and one for stored data (object storage, database storage), read off the same
 * pages. Regions not listed are still deployable: the bot says that it has no estimate for them rather
 * than guess a multiplier. IP addresses, cluster fees and secrets are priced the same in every region.
 *
 * `billed` lists, per resource kind, every line the bot's Terraform template creates that is billed
 * besides the machine/tier itself, as Infracost would price it from the plan (`createdBy` names the
 * template's resource). Usage-based charges (egress, requests, backup storage) cannot be known from a
 * plan and are left out, and the cost message says so.
 *
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
      pricesAsOf: '2025-06',
      sources: {
        compute: { name: 'Compute Engine VM instance pricing', url: 'https://cloud.google.com/compute/vm-instance-pricing' },
        disk: { name: 'Compute Engine disk pricing', url: 'https://cloud.google.com/compute/disks-image-pricing' },
        network: { name: 'VPC network pricing (IP addresses)', url: 'https://cloud.google.com/vpc/network-pricing#ipaddress' },
        kubernetes: { name: 'GKE pricing', url: 'https://cloud.google.com/kubernetes-engine/pricing' },
        database: { name: 'Cloud SQL pricing', url: 'https://cloud.google.com/sql/pricing' },
        objectStorage: { name: 'Cloud Storage pricing', url: 'https://cloud.google.com/storage/pricing' },
        secrets: { name: 'Secret Manager pricing', url: 'https://cloud.google.com/secret-manager/pricing' },
      },
      baseRegion: 'us-central1',
      regions: {
        // us-central1, us-east1 and us-west1 share Google's lowest price list.
        'us-central1': { computeMultiplier: 1, storageMultiplier: 1 },
        'us-east1': { computeMultiplier: 1, storageMultiplier: 1 },
        'us-west1': { computeMultiplier: 1, storageMultiplier: 1 },
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
      // $0.10 per cluster-hour, less the free tier's $74.40 a month per billing account, which applies
      // to zonal and Autopilot clusters only: the template's cluster is zonal.
      kubernetes: { service: 'GKE', tier: 'Standard, zonal', controlPlaneHourlyUsd: 0.1, freeTierCreditUsdPerMonth: 74.4 },
      database: {
        service: 'Cloud SQL for PostgreSQL',
        storageLabel: 'SSD storage',
        storageUsdPerGbMonth: 0.17,
        minStorageGb: 10,
        tiers: {
          'db-f1-micro': { vcpus: 1, memoryGb: 0.6, hourlyUsd: 0.0105, sharedCore: true },
          'db-g1-small': { vcpus: 1, memoryGb: 1.7, hourlyUsd: 0.035, sharedCore: true },
        },
      },
      objectStorage: { service: 'Cloud Storage (Standard, regional)', usdPerGbMonth: 0.02 },
      billed: {
        vm: [
          { label: '20 GB balanced persistent disk (boot)', createdBy: 'google_compute_instance boot_disk', service: 'disk', per: 'resource', monthlyUsd: 2, regional: 'compute' },
          { label: 'External IPv4 address', createdBy: 'google_compute_instance access_config', service: 'network', per: 'resource', hourlyUsd: 0.005, regional: 'flat' },
        ],
        k8s: [
          { label: '50 GB balanced persistent disk (node boot)', createdBy: 'google_container_node_pool disk_size_gb', service: 'disk', per: 'node', monthlyUsd: 5, regional: 'compute' },
          { label: 'External IPv4 address (node)', createdBy: 'google_container_node_pool (public nodes)', service: 'network', per: 'node', hourlyUsd: 0.005, regional: 'flat' },
        ],
        database: [
          { label: 'Secret Manager secret version (app password)', createdBy: 'google_secret_manager_secret_version', service: 'secrets', per: 'resource', monthlyUsd: 0.06, regional: 'flat' },
        ],
        bucket: [],
      },
      defaults: { vm: 'e2-medium', k8s: 'e2-standard-4', database: 'db-f1-micro' },
    },
    aws: {
      pricesAsOf: '2025-06',
      sources: {
        compute: { name: 'Amazon EC2 On-Demand pricing', url: 'https://aws.amazon.com/ec2/pricing/on-demand/' },
        disk: { name: 'Amazon EBS pricing', url: 'https://aws.amazon.com/ebs/pricing/' },
        network: { name: 'Amazon VPC pricing (public IPv4 addresses)', url: 'https://aws.amazon.com/vpc/pricing/' },
        kubernetes: { name: 'Amazon EKS pricing', url: 'https://aws.amazon.com/eks/pricing/' },
        database: { name: 'Amazon RDS for PostgreSQL pricing', url: 'https://aws.amazon.com/rds/postgresql/pricing/' },
        objectStorage: { name: 'Amazon S3 pricing', url: 'https://aws.amazon.com/s3/pricing/' },
        secrets: { name: 'AWS Secrets Manager pricing', url: 'https://aws.amazon.com/secrets-manager/pricing/' },
      },
      baseRegion: 'us-east-1',
      regions: {
        'us-east-1': { computeMultiplier: 1, storageMultiplier: 1 },
        'us-east-2': { computeMultiplier: 1, storageMultiplier: 1 },
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
      kubernetes: { service: 'EKS', tier: 'Standard support', controlPlaneHourlyUsd: 0.1, freeTierCreditUsdPerMonth: 0 },
      database: {
        service: 'Amazon RDS for PostgreSQL (Single-AZ)',
        storageLabel: 'gp3 storage',
        storageUsdPerGbMonth: 0.115,
        minStorageGb: 20,
        tiers: {
          'db.t3.micro': { vcpus: 2, memoryGb: 1, hourlyUsd: 0.018, sharedCore: true },
          'db.t3.small': { vcpus: 2, memoryGb: 2, hourlyUsd: 0.036, sharedCore: true },
          'db.t3.medium': { vcpus: 2, memoryGb: 4, hourlyUsd: 0.072, sharedCore: true },
        },
      },
      objectStorage: { service: 'Amazon S3 Standard', usdPerGbMonth: 0.023 },
      // Every public IPv4 address is billed at $0.005/h since February 2024, attached or not.
      billed: {
        vm: [
          { label: '20 GB gp3 EBS volume (root)', createdBy: 'aws_instance root_block_device', service: 'disk', per: 'resource', monthlyUsd: 1.6, regional: 'compute' },
          { label: 'Public IPv4 address', createdBy: 'aws_instance associate_public_ip_address', service: 'network', per: 'resource', hourlyUsd: 0.005, regional: 'flat' },
        ],
        k8s: [
          // A managed node group without a launch template gets a gp2 root volume of disk_size GB.
          { label: '20 GB gp2 EBS volume (node root)', createdBy: 'aws_eks_node_group disk_size', service: 'disk', per: 'node', monthlyUsd: 2, regional: 'compute' },
          { label: 'Public IPv4 address (node)', createdBy: 'aws_subnet map_public_ip_on_launch', service: 'network', per: 'node', hourlyUsd: 0.005, regional: 'flat' },
        ],
        database: [
          { label: 'Public IPv4 address', createdBy: 'aws_db_instance publicly_accessible', service: 'network', per: 'resource', hourlyUsd: 0.005, regional: 'flat' },
          { label: 'Secrets Manager secret (master password)', createdBy: 'aws_db_instance manage_master_user_password', service: 'secrets', per: 'resource', monthlyUsd: 0.4, regional: 'flat' },
        ],
        bucket: [],
      },
      defaults: { vm: 't3.micro', k8s: 't3.medium', database: 'db.t3.micro' },
    },
    azure: {
      pricesAsOf: '2025-06',
      sources: {
        compute: { name: 'Linux Virtual Machines pricing', url: 'https://azure.microsoft.com/pricing/details/virtual-machines/linux/' },
        disk: { name: 'Managed Disks pricing', url: 'https://azure.microsoft.com/pricing/details/managed-disks/' },
        network: { name: 'IP Addresses pricing', url: 'https://azure.microsoft.com/pricing/details/ip-addresses/' },
        kubernetes: { name: 'AKS pricing', url: 'https://azure.microsoft.com/pricing/details/kubernetes-service/' },
        database: { name: 'Azure Database for PostgreSQL Flexible Server pricing', url: 'https://azure.microsoft.com/pricing/details/postgresql/flexible-server/' },
        objectStorage: { name: 'Blob Storage pricing', url: 'https://azure.microsoft.com/pricing/details/storage/blobs/' },
        secrets: { name: 'Key Vault pricing', url: 'https://azure.microsoft.com/pricing/details/key-vault/' },
        loadBalancer: { name: 'Load Balancer pricing', url: 'https://azure.microsoft.com/pricing/details/load-balancer/' },
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
      kubernetes: { service: 'AKS', tier: 'Free tier (no uptime SLA; Standard tier is $0.10/h)', controlPlaneHourlyUsd: 0, freeTierCreditUsdPerMonth: 0 },
      database: {
        service: 'Azure Database for PostgreSQL Flexible Server (Burstable)',
        storageLabel: 'storage',
        storageUsdPerGbMonth: 0.115,
        minStorageGb: 32,
        tiers: {
          B_Standard_B1ms: { vcpus: 1, memoryGb: 2, hourlyUsd: 0.0207, sharedCore: true },
          B_Standard_B2s: { vcpus: 2, memoryGb: 4, hourlyUsd: 0.0828, sharedCore: true },
        },
      },
      objectStorage: { service: 'Blob Storage (Hot, LRS)', usdPerGbMonth: 0.0184 },
      // Key Vaults bill per operation (a few a month here: well under a cent), so they have no line.
      billed: {
        vm: [
          // The Debian image's 30 GiB OS disk is billed as the E4 (32 GiB) Standard SSD size.
          { label: 'E4 Standard SSD managed disk (OS, 32 GiB)', createdBy: 'azurerm_linux_virtual_machine os_disk', service: 'disk', per: 'resource', monthlyUsd: 2.4, regional: 'compute' },
          { label: 'Standard static public IPv4 address', createdBy: 'azurerm_public_ip', service: 'network', per: 'resource', hourlyUsd: 0.005, regional: 'flat' },
        ],
        k8s: [
          // AKS gives Dsv5 nodes (no cache or temp disk, so no ephemeral OS disk) a 128 GiB Premium SSD.
          { label: 'P10 Premium SSD managed disk (node OS, 128 GiB)', createdBy: 'azurerm_kubernetes_cluster default_node_pool', service: 'disk', per: 'node', monthlyUsd: 19.71, regional: 'compute' },
          // load_balancer_sku = "standard": AKS creates one for outbound traffic, with its own public IP.
          { label: 'Standard Load Balancer (outbound rules)', createdBy: 'azurerm_kubernetes_cluster network_profile', service: 'loadBalancer', per: 'resource', hourlyUsd: 0.025, regional: 'flat' },
          { label: 'Standard public IPv4 address (outbound)', createdBy: 'azurerm_kubernetes_cluster network_profile', service: 'network', per: 'resource', hourlyUsd: 0.005, regional: 'flat' },
        ],
        database: [],
        bucket: [],
      },
      defaults: { vm: 'Standard_B2s', k8s: 'Standard_D2s_v5', database: 'B_Standard_B1ms' },
    },
  },
} as const;
