import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { projectPath } from '../src/paths.js';
import { renderPreview } from './preview-html.js';
import { PREVIEW_CHANNEL, PREVIEW_USERS, runJourneys } from './preview-journeys.js';

// `npm run preview [-- --out file.html]`: drives every journey through the real bot against the fake
// Discord and writes what each message looked like to one HTML page laid out like Discord.
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 && process.argv[outArg + 1] ? process.argv[outArg + 1]! : projectPath('dist', 'preview', 'journeys.html'));
const workDir = mkdtempSync(join(tmpdir(), 'chatops-preview-'));
try {
  const started = Date.now();
  const journeys = await runJourneys(workDir);
  const html = renderPreview(journeys, { botName: 'Cloud ChatOps', users: PREVIEW_USERS, channels: [PREVIEW_CHANNEL], renderedAt: Date.now() });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  const messages = journeys.reduce((n, j) => n + j.steps.reduce((m, s) => m + s.shots.length, 0), 0);
  process.stdout.write(`${journeys.length} journeys, ${messages} messages, in ${((Date.now() - started) / 1000).toFixed(1)} s\nPreview written to ${out}\n`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
