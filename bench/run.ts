import { benchEditBudget } from './edit-budget.js';
import { benchInteractionAck } from './interaction-ack.js';
import { benchParserThroughput } from './parser-throughput.js';
import { benchReattachLatency } from './reattach-latency.js';
import { benchRecoveryLatency } from './recovery-latency.js';
import type { BenchResult } from './result.js';
import { benchStartupAndIdleMemory, benchVaultMemory } from './startup-and-memory.js';
import { benchWorkspaceDisk } from './workspace-disk.js';
import { benchTerraformOverhead } from './terraform-overhead.js';

/** `npm run bench`: every benchmark, then one table of figure, target and baseline. Exit 1 if a target is missed. */
const suites: [string, () => Promise<BenchResult | BenchResult[]> | BenchResult][] = [
  ['parser throughput', benchParserThroughput],
  ['recovery latency', benchRecoveryLatency],
  ['interaction acknowledgement', benchInteractionAck],
  ['startup and idle memory', benchStartupAndIdleMemory],
  ['vault memory', benchVaultMemory],
  ['edit budget', benchEditBudget],
  ['restart to re-attached', benchReattachLatency],
  ['disk per deployment', benchWorkspaceDisk],
  ['overhead over raw terraform', benchTerraformOverhead],
];

const results: BenchResult[] = [];
const started = performance.now();
for (const [label, run] of suites) {
  process.stderr.write(`running ${label}…\n`);
  const t = performance.now();
  results.push(...[await run()].flat());
  process.stderr.write(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

const rows = [['benchmark', 'measured', 'target', 'baseline', ''], ...results.map((r) => [r.name, r.measured, r.target, r.baseline, r.pass ? 'PASS' : 'MISS'])];
const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
for (const [i, row] of rows.entries()) {
  process.stdout.write(`| ${row.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |\n`);
  if (i === 0) process.stdout.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
}
process.stdout.write(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s on ${process.version}.\n`);
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
