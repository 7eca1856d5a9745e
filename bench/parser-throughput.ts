import { once } from 'node:events';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ProgressTracker } from '../src/terraform/progress/index.js';
import { writeApplyStream, type GeneratedStream, type StreamFormat } from './apply-stream.js';
import type { BenchResult } from './result.js';
import { summarize } from './stats.js';

const LINES = 1_000_000;
const ROUNDS = 3;
const TARGETS: Record<StreamFormat, number> = { human: 0.5, json: 0.3 };

/**
 * How fast the progress tracker reads a 1,000,000-line apply, human and `-json`, from a file stream in
 * 64 KiB chunks, against the floor of any line-oriented reader: node:readline merely splitting the same
 * bytes into lines. Median of 3 alternating runs each.
 */
export async function benchParserThroughput(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-parser-'));
  try {
    const results: BenchResult[] = [];
    for (const format of ['human', 'json'] as const) {
      const path = join(dir, `apply-${format}.log`);
      const stream = writeApplyStream(path, format, LINES);
      results.push(await measure(path, format, stream));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(path: string, format: StreamFormat, stream: GeneratedStream): Promise<BenchResult> {
  const tracker: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(await readlineMs(path, stream.lines));
    tracker.push(await trackerMs(path, stream.resources));
  }
  const rate = stream.lines / (summarize(tracker).p50 / 1000);
  const base = stream.lines / (summarize(baseline).p50 / 1000);
  const share = rate / base;
  const megabytes = (stream.bytes / 2 ** 20).toFixed(0);
  return {
    name: `Parser throughput, ${format} (${(stream.lines / 1e6).toFixed(0)}M lines, ${megabytes} MiB, ${stream.resources.toLocaleString('en')} resources)`,
    measured: `${perSecond(rate)} lines/s (${(share * 100).toFixed(0)}% of baseline)`,
    target: `≥ ${TARGETS[format] * 100}% of baseline`,
    baseline: `${perSecond(base)} lines/s readline`,
    pass: share >= TARGETS[format],
  };
}

/** The tracker reading the file as the runner hands it output: decoded chunks that split lines anywhere. */
async function trackerMs(path: string, resources: number): Promise<number> {
  const tracker = new ProgressTracker();
  const started = performance.now();
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) tracker.write(chunk as string);
  tracker.end();
  const ms = performance.now() - started;
  // Checked after timing, and it keeps the work from being optimised away.
  const { completed, total, percent, phase } = tracker.state();
  if (completed !== resources || total !== resources || percent !== 100 || phase !== 'complete') {
    throw new Error(`the tracker read ${completed}/${total} (${percent}%, ${phase}) of ${resources} resources`);
  }
  return ms;
}

async function readlineMs(path: string, lines: number): Promise<number> {
  const started = performance.now();
  const reader = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let count = 0;
  reader.on('line', () => count++);
  await once(reader, 'close');
  const ms = performance.now() - started;
  if (count !== lines) throw new Error(`readline counted ${count} lines of ${lines}`);
  return ms;
}

function perSecond(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)}M` : `${(rate / 1e3).toFixed(0)}k`;
}
