import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * What the fake terraform should do, from the JSON file named by TF_FAKE_SCENARIO (TF_* variables are
 * the ones the bot lets through to terraform). Everything is optional: by default it behaves like a
 * healthy Terraform 1.9 whose resources are the `resource` blocks of ./main.tf.
 */
export const scenarioSchema = z.object({
  /** `terraform version` answer; below 0.15.3 there is no `-json` UI. */
  version: z.string().default('1.9.8'),
  product: z.enum(['terraform', 'opentofu']).default('terraform'),
  /** Multiplies every delay; tests use 0.01-0.05. */
  delayScale: z.number().nonnegative().default(1),
  /** Apply fails at this address with a real-format diagnostic. */
  failAt: z.string().optional(),
  failSummary: z.string().default('Error creating instance: googleapi: Error 403: Required \'compute.instances.create\' permission for \'projects/demo\', forbidden'),
  /** Overrides main.tf: `count` generated resources (for load tests), each printing `progressLines` Still-creating lines. */
  bulk: z.object({ count: z.number().int().positive(), progressLines: z.number().int().nonnegative().default(0), seconds: z.number().nonnegative().default(1) }).optional(),
  /** Seconds each resource type takes before delayScale (default by type). */
  seconds: z.record(z.string(), z.number()).default({}),
  /** Writes the names (never values) of the environment, and facts about credentials, to this file. */
  recordEnvTo: z.string().optional(),
  /** Appends `create <address>` / `destroy <address>` when each change starts, as the offline templates' ledger does. */
  ledgerTo: z.string().optional(),
  /** Appends `{ command, lastOutputAt }` (epoch ms) to this file when a command ends, for benchmarks. */
  recordTimingTo: z.string().optional(),
  /** Init fails as when a provider cannot be installed. */
  failInit: z.boolean().default(false),
  /** Plan fails as when the provider rejects the credentials (a real google provider diagnostic). */
  failPlan: z.boolean().default(false),
  /** Seconds plan takes before delayScale is applied (default 0.3), e.g. to restart the bot mid-plan. */
  planSeconds: z.number().nonnegative().default(0.3),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export function loadScenario(): Scenario {
  const path = process.env.TF_FAKE_SCENARIO;
  return scenarioSchema.parse(path && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});
}

export interface FakeResource {
  address: string;
  type: string;
  name: string;
  seconds: number;
  progressLines?: number;
}

const DEFAULT_SECONDS: [RegExp, number][] = [
  [/sql_database_instance|db_instance|postgresql_flexible_server/, 40],
  [/container_cluster|eks_cluster|kubernetes_cluster/, 60],
  [/node_pool|node_group/, 30],
  [/compute_instance|aws_instance|linux_virtual_machine/, 12],
];

/** The resources to manage: generated in bulk, or the `resource "type" "name"` blocks of ./main.tf. */
export function resourcesOf(scenario: Scenario, mainTf: string | undefined): FakeResource[] {
  if (scenario.bulk) {
    const { count, progressLines, seconds } = scenario.bulk;
    return Array.from({ length: count }, (_, i) => ({ address: `null_resource.item[${i}]`, type: 'null_resource', name: 'item', seconds, progressLines }));
  }
  const resources: FakeResource[] = [];
  const text = mainTf ?? '';
  for (const match of text.matchAll(/^resource\s+"([^"]+)"\s+"([^"]+)"/gm)) {
    const [, type = '', name = ''] = match;
    const seconds = scenario.seconds[type] ?? DEFAULT_SECONDS.find(([pattern]) => pattern.test(type))?.[1] ?? 2;
    const body = text.slice(match.index, text.indexOf('\n}', match.index));
    for (const key of instanceKeys(body)) resources.push({ address: `${type}.${name}${key}`, type, name, seconds });
  }
  return resources;
}

/** As Terraform expands a block: `for_each = toset([...])` and `count = N` with literal values; else one instance. */
function instanceKeys(body: string): string[] {
  const forEach = /^\s*for_each\s*=\s*toset\(\[([^\]]*)\]\)/m.exec(body);
  if (forEach) return [...forEach[1]!.matchAll(/"([^"]*)"/g)].map((key) => `["${key[1]}"]`);
  const count = /^\s*count\s*=\s*(\d+)\s*$/m.exec(body);
  if (count) return Array.from({ length: Number(count[1]) }, (_, i) => `[${i}]`);
  return [''];
}

/** `output "name"` blocks of ./main.tf (and outputs.tf), with made-up but plausible values. */
export function outputsOf(configText: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  let i = 0;
  for (const match of configText.matchAll(/^output\s+"([^"]+)"/gm)) outputs[match[1]!] = /ip/i.test(match[1]!) ? `34.118.22.${7 + i++}` : `fake-${match[1]}`;
  return outputs;
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
