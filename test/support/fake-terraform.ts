import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../src/paths.js';
import type { Scenario } from '../fakes/terraform/scenario.js';
import { tempDir } from './temp-dir.js';

/** The fake terraform executable (needs `npm run build`, which `npm test` does first). */
export const FAKE_TERRAFORM = projectPath('test', 'fakes', 'terraform', 'bin', 'terraform');

/** Writes a scenario file and returns the TF_* variable that points the fake at it. */
export function fakeTerraformEnv(scenario: Partial<Scenario> = {}, dir = tempDir('tf-scenario-')): Record<string, string> {
  const path = join(dir, 'scenario.json');
  writeFileSync(path, JSON.stringify({ delayScale: 0.02, ...scenario }));
  return { TF_FAKE_SCENARIO: path };
}

export interface RecordedInvocation {
  command: string;
  names: string[];
  credentialsFile: { path: string; exists: boolean; mode: number; dirMode: number } | null;
}

/** What the fake recorded of each invocation's environment (`recordEnvTo`). */
export function recordedInvocations(path: string): RecordedInvocation[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RecordedInvocation);
}

export const GCP_MAIN_TF = `
resource "google_compute_network" "main" {
  name = "\${var.name}-net"
}
resource "google_compute_instance" "vm" {
  name = var.name
}
output "instance_ip" {
  value = google_compute_instance.vm.network_interface[0].access_config[0].nat_ip
}
`;
