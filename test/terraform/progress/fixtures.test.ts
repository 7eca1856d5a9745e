import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../../src/paths.js';
import { ProgressTracker } from '../../../src/terraform/progress/index.js';

// Real Terraform output, each directory with a NOTE.md of its origin and an expected.json.
const FIXTURES = projectPath('test/fixtures/terraform');
const fixtures = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

interface Expected {
  total: number;
  completed: number;
  failed: number;
  noChanges?: boolean;
  diagnostics?: string[];
  /** Warning summaries, each once: never errors. */
  warnings?: string[];
}

function outputFiles(dir: string): string[] {
  return ['plan.log', 'plan.jsonl', 'apply.log', 'apply.jsonl'].map((f) => join(dir, f)).filter((f) => existsSync(f));
}

describe.each(fixtures)('fixture %s', (name) => {
  const dir = join(FIXTURES, name);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

  it('has a note of its origin', () => expect(readFileSync(join(dir, 'NOTE.md'), 'utf8').length).toBeGreaterThan(40));

  it.each([['whole', 0], ['in 7-byte chunks', 7], ['in 4 KiB chunks', 4096]])('gives the expected counts read %s', (_, size) => {
    const tracker = new ProgressTracker();
    for (const file of outputFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      if (size === 0) tracker.write(text);
      else for (let at = 0; at < text.length; at += size) tracker.write(text.slice(at, at + size));
      tracker.end();
    }
    const state = tracker.state();
    expect({ total: state.total, completed: state.completed, failed: state.failed }).toEqual({ total: expected.total, completed: expected.completed, failed: expected.failed });
    if (expected.noChanges !== undefined) expect(state.noChanges).toBe(expected.noChanges);
    if (expected.diagnostics) expect(state.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary)).toEqual(expected.diagnostics);
    if (expected.warnings) expect([...new Set(state.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.summary))]).toEqual(expected.warnings);
    expect(state.completed).toBeLessThanOrEqual(Math.max(state.total, 0));
  });
});

describe('npm run tf:progress', () => {
  it('replays a plan and an apply and ends with the final counts as JSON', () => {
    const dir = join(FIXTURES, 'gcp-vm-human');
    const output = execFileSync(process.execPath, [projectPath('dist/src/terraform/progress-cli.js'), '--plan', join(dir, 'plan.log'), '--apply', join(dir, 'apply.log')], { encoding: 'utf8' });
    const lines = output.trim().split('\n');
    expect(lines).toContain('[▓▓▓░░░░░░░] 33% (1/3 resources) Creating google_compute_firewall.allow_http… (0s so far)');
    expect(lines.at(-2)).toBe('✅ Deployment Complete! (3/3 resources)');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ total: 3, completed: 3, failed: 0, percent: 100 });
  });

  it('explains its usage when given nothing to read', () => {
    expect(() => execFileSync(process.execPath, [projectPath('dist/src/terraform/progress-cli.js')], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/Usage: npm run tf:progress/);
  });
});
