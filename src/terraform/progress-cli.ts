/**
 * Replays saved Terraform output through the progress model, for debugging the parser:
 *   npm run tf:progress -- --plan plan.log [--apply apply.log]
 * Prints each distinct progress line, then one JSON line with the final counts.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { LineSplitter, ProgressTracker, renderProgress } from './progress/index.js';

const USAGE = 'Usage: npm run tf:progress -- --plan <file> [--apply <file>]   (human or -json output, detected per line)';

async function main(): Promise<number> {
  let files: { plan?: string | undefined; apply?: string | undefined };
  try {
    files = parseArgs({ options: { plan: { type: 'string' }, apply: { type: 'string' } } }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!files.plan && !files.apply) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const tracker = new ProgressTracker();
  let last = '';
  let seen = tracker.changes;
  // Line by line, so every intermediate state is shown, not one per read chunk.
  const splitter = new LineSplitter((line) => {
    tracker.writeLine(line);
    if (tracker.changes === seen) return;
    seen = tracker.changes;
    const view = renderProgress(tracker.state());
    const text = `${view.bar} ${view.counts}${view.step ? ` ${view.step}` : ''}`;
    if (text !== last) process.stdout.write(`${text}\n`);
    last = text;
  });
  for (const file of [files.plan, files.apply]) {
    if (!file) continue;
    try {
      for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
        splitter.write(chunk as string);
      }
      splitter.end();
    } catch (error) {
      process.stderr.write(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 2;
    }
    tracker.end();
  }
  const final = tracker.state();
  const outcome = final.phase === 'complete' ? 'succeeded' : final.failed > 0 || final.diagnostics.some((d) => d.severity === 'error') ? 'failed' : 'running';
  const view = renderProgress(final, outcome);
  process.stdout.write(`${view.title}\n${view.details.map((d) => `${d}\n`).join('')}`);
  process.stdout.write(`${JSON.stringify({ total: final.total, completed: final.completed, failed: final.failed, percent: final.percent })}\n`);
  return 0;
}

process.exitCode = await main();
