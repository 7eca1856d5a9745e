import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CostAdvisor, type CostNarrative } from '../../src/advisor/cost-advisor.js';
import { loadPricingCatalog } from '../../src/advisor/pricing-catalog.js';
import type { ResourceDescription } from '../../src/advisor/resource.js';
import { COST_FIELD_NAMES, costNarrativeEmbed } from '../../src/discord/cost-embed.js';

const advisor = new CostAdvisor({ catalog: loadPricingCatalog(), lattePriceUsd: 3.6, log: pino({ level: 'silent' }) });

async function templateFor(resource: ResourceDescription): Promise<CostNarrative> {
  const result = await advisor.narrate(resource, { projectName: 'Acme', resourceName: 'web' });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Discord's own rule: title + description + field names and values + footer + author ≤ 6,000. */
function embedLength(data: ReturnType<ReturnType<typeof costNarrativeEmbed>['toJSON']>): number {
  return (
    (data.title?.length ?? 0) +
    (data.description?.length ?? 0) +
    (data.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0) +
    (data.footer?.text.length ?? 0) +
    (data.author?.name.length ?? 0)
  );
}

describe('costNarrativeEmbed', () => {
  it.each([
    ['database', 'https://cloud.google.com/sql/pricing'],
    ['bucket', 'https://cloud.google.com/storage/pricing'],
    ['k8s', 'https://cloud.google.com/kubernetes-engine/pricing'],
  ] as const)('cites the %s service\'s own pricing page in the footer, not Compute Engine\'s', async (kind, url) => {
    const embed = costNarrativeEmbed(await templateFor({ provider: 'gcp', region: 'us-central1', kind })).toJSON();
    expect(embed.footer?.text).toBe(`Template narrative · List prices from ${url} (2025-06)`);
  });

  it('shows the GKE fee with the free zonal-cluster credit taken off, and the condition of the credit', async () => {
    const embed = costNarrativeEmbed(await templateFor({ provider: 'gcp', region: 'us-central1', kind: 'k8s', nodeCount: 3 })).toJSON();
    const monthly = embed.fields!.find((f) => f.name === COST_FIELD_NAMES.monthly)!.value;
    expect(monthly).toContain('GKE cluster fee (Standard, zonal)](https://cloud.google.com/kubernetes-engine/pricing): $73.00');
    expect(monthly).toContain('GKE free tier credit](https://cloud.google.com/kubernetes-engine/pricing): −$73.00');
    expect(monthly).toContain('3 × 50 GB balanced persistent disk (node boot)');
    expect(monthly).toContain('if another cluster already uses it, add $73.00/month');
  });

  it('shows the four labelled parts and the plain monthly cost', async () => {
    const embed = costNarrativeEmbed(await templateFor({ provider: 'gcp', region: 'us-central1', kind: 'vm', machineType: 'n1-standard-4' })).toJSON();
    expect(embed.fields?.map((f) => f.name)).toEqual(['☕ Coffee Cup Cost', '🎯 Real-World Use', '💥 Blast Radius', '💎 Treasure', 'Monthly cost']);
    const value = (name: string) => embed.fields!.find((f) => f.name === name)!.value;
    expect(value(COST_FIELD_NAMES.coffee)).toBe('1.3 lattes/day ($4.75/day)');
    // Every billed line, linked to its own pricing page, then what the total leaves out.
    expect(value(COST_FIELD_NAMES.monthly)).toBe([
      '$144.35/month on-demand (730 h)',
      '• [n1-standard-4 VM](https://cloud.google.com/compute/vm-instance-pricing): $138.70',
      '• [20 GB balanced persistent disk (boot)](https://cloud.google.com/compute/disks-image-pricing): $2.00',
      '• [External IPv4 address](https://cloud.google.com/vpc/network-pricing#ipaddress): $3.65',
      '_Not included: network egress and snapshots, which depend on use._',
    ].join('\n'));
    expect(value(COST_FIELD_NAMES.treasure)).toContain('Save $109.57/month (76%)');
    expect(embed.description).toBe('Google Cloud n1-standard-4 in us-central1');
  });

  it('says in the footer that the template narrated, and leaves why to the log', async () => {
    const narrative = { ...(await templateFor({ provider: 'aws', region: 'us-east-1', kind: 'bucket' })), fallbackReason: 'the storyteller answered HTTP 500' };
    const embed = costNarrativeEmbed(narrative).toJSON();
    expect(embed.footer?.text).toMatch(/^Template narrative · List prices from https:\/\/aws\.amazon\.com/);
    expect(embed.footer?.text).not.toMatch(/HTTP 500|OpenAI|storyteller/);
  });

  it('names the model in the footer when the storyteller narrated', async () => {
    const narrative = { ...(await templateFor({ provider: 'azure', region: 'eastus', kind: 'k8s' })), source: 'llm' as const, model: 'gpt-4o-mini', fallbackReason: undefined };
    const embed = costNarrativeEmbed(narrative).toJSON();
    expect(embed.footer?.text).toMatch(/^Narrated by gpt-4o-mini · /);
    expect(embed.fields!.at(-1)!.value).toContain('[AKS cluster fee (Free tier');
    expect(embed.footer?.text).toContain('List prices from https://azure.microsoft.com/pricing/details/kubernetes-service/ (2025-06)');
  });

  it('stays within Discord limits whatever the story says', async () => {
    const narrative = await templateFor({ provider: 'gcp', region: 'us-central1', kind: 'k8s', nodeCount: 10 });
    const huge = 'Once upon a time '.repeat(500);
    const embed = costNarrativeEmbed(
      { ...narrative, realWorldAnalogy: huge, blastRadius: huge, coffeeCupCost: huge, treasureHunt: { optimization: huge, estimatedSavings: huge }, source: 'template', fallbackReason: huge },
      huge,
    ).toJSON();
    for (const field of embed.fields!) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
  });
});
