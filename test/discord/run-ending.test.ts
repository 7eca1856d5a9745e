import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/advisor/cost-math.js';
import { loadPricingCatalog } from '../../src/advisor/pricing-catalog.js';
import { billedLines, undoneChanges } from '../../src/discord/run-ending.js';
import { ProgressTracker } from '../../src/terraform/progress/index.js';

const catalog = loadPricingCatalog();
function figures(resource: Parameters<typeof estimateCost>[1]) {
  const estimate = estimateCost(catalog, resource, 3.6);
  if (!estimate.ok) throw new Error(estimate.error);
  return estimate.value;
}
const billedBy = (lines: ReturnType<typeof billedLines>) => Object.fromEntries(lines.map((l) => [l.label, l.resourceType]));

describe('billedLines', () => {
  it('gives each line of an Azure VM to the resource that bills it: the address to the public IP, the rest to the VM', () => {
    const present = new Set(['azurerm_resource_group', 'azurerm_public_ip', 'azurerm_network_interface', 'azurerm_linux_virtual_machine']);
    const lines = billedLines('vm', figures({ provider: 'azure', region: 'westeurope', kind: 'vm', machineType: 'Standard_B2s' }), present, new Set(['azurerm_public_ip']));
    expect(billedBy(lines)).toMatchObject({ 'Standard_B2s VM': 'azurerm_linux_virtual_machine', 'Standard static public IPv4 address': 'azurerm_public_ip' });
    expect(lines.filter((l) => l.exists).map((l) => l.label)).toEqual(['Standard static public IPv4 address']);
  });

  it('bills the per-node lines of a cluster to its nodes, even when the setting behind them sits on a subnet', () => {
    const present = new Set(['aws_subnet', 'aws_eks_cluster', 'aws_eks_node_group']);
    const lines = billedLines('k8s', figures({ provider: 'aws', region: 'eu-west-1', kind: 'k8s', machineType: 't3.medium' }), present, new Set(['aws_subnet', 'aws_eks_cluster']));
    for (const line of lines) expect(line.resourceType, line.label).toBe(/cluster fee/.test(line.label) ? 'aws_eks_cluster' : 'aws_eks_node_group');
  });

  it('gives no line to a resource the deployment does not have (an offline stand-in, say)', () => {
    const lines = billedLines('bucket', figures({ provider: 'gcp', region: 'us-central1', kind: 'bucket' }), new Set(['terraform_data']), new Set(['terraform_data']));
    expect(lines.every((l) => l.resourceType === undefined && !l.exists)).toBe(true);
  });
});

describe('undoneChanges', () => {
  const tracker = (lines: string[]) => {
    const t = new ProgressTracker();
    for (const line of lines) t.writeLine(line);
    return t.state();
  };
  const PLAN = ['  # a_b.one will be created', '  # a_b.two will be created', '  # a_b.three will be created', 'Plan: 3 to add, 0 to change, 0 to destroy.'];

  it('names what was not created, and what was cut off mid-create and is tainted in the state', () => {
    const state = tracker([...PLAN, 'a_b.one: Creating...', 'a_b.one: Creation complete after 1s [id=1]', 'a_b.two: Creating...', '╷', '│ Error: quota exceeded', '│ ', '│   with a_b.two,', '╵']);
    expect(undoneChanges(state, ['a_b.one', 'a_b.two'], false)).toEqual([
      '`a_b.two` (cut off mid-change: Terraform marked it tainted, and the next run replaces it)', '`a_b.three` (not created)',
    ]);
  });

  it('tells a failed create that left nothing in the state from one that was never tried', () => {
    const state = tracker([...PLAN, 'a_b.one: Creating...', 'a_b.one: Creation complete after 1s [id=1]', 'a_b.two: Creating...', '╷', '│ Error: quota exceeded', '│ ', '│   with a_b.two,', '╵']);
    expect(undoneChanges(state, ['a_b.one'], false)).toEqual(['`a_b.two` (failed: not created)', '`a_b.three` (not created)']);
  });

  it('for a teardown, names what is still there', () => {
    const state = tracker(['  # a_b.one will be destroyed', '  # a_b.two will be destroyed', 'Plan: 0 to add, 0 to change, 2 to destroy.', 'a_b.one: Destroying... [id=1]', 'a_b.one: Destruction complete after 1s']);
    expect(undoneChanges(state, ['a_b.two'], true)).toEqual(['`a_b.two`']);
  });
});
