// The compiled bot in dist/, built only when it is out of date. Plain JavaScript: it runs before any build.
//
//   node scripts/built.mjs build               compile now (`npm run build`, and `prepare` after `npm ci`)
//   node scripts/built.mjs ensure              compile if a source changed since the last build
//   node scripts/built.mjs run <entry> [args]  ensure, then run dist/<entry> in this same process (signals reach it directly)
//
// "Changed" is a .ts source, a tsconfig or the lockfile newer than the start of the last successful
// build, or no build at all: an unchanged checkout starts at once, an edited one rebuilds first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'dist', '.build-stamp');
const SOURCE_DIRS = ['src', 'test', 'bench', 'scripts'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

const [mode, entry, ...args] = process.argv.slice(2);
if (mode === 'build') process.exitCode = build();
else if (mode === 'ensure') process.exitCode = ensureBuilt();
else if (mode === 'run' && entry) {
  // The entry runs in this very process (no child to forward signals to, or to orphan): npm start's
  // SIGTERM or a container's reaches the bot itself. Until the bot installs its own handlers, a stop
  // exits, also as a container's PID 1, where a signal without a handler does nothing.
  const exitOnSignal = (signal) => process.exit(128 + constants.signals[signal]);
  process.on('SIGINT', exitOnSignal).on('SIGTERM', exitOnSignal);
  const status = ensureBuilt();
  if (status !== 0) process.exit(status);
  process.argv = [process.argv[0], join(root, 'dist', entry), ...args];
  process.off('SIGINT', exitOnSignal).off('SIGTERM', exitOnSignal);
  await import(pathToFileURL(join(root, 'dist', entry)).href);
} else {
  process.stderr.write('Usage: node scripts/built.mjs build | ensure | run <entry under dist/> [args...]\n');
  process.exitCode = 2;
}

function ensureBuilt() {
  const changed = firstChangedSource(lastBuildStart());
  if (!changed) return 0;
  process.stderr.write(`${changed === stampFile ? 'No build yet' : `${changed.slice(root.length + 1)} changed since the last build`}: building (npm run build)…\n`);
  return build();
}

function build() {
  const started = Date.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('The TypeScript build failed (see above); dist/ was not updated.\n');
    return result.status ?? 1;
  }
  writeFileSync(stampFile, `${started}\n`);
  process.stderr.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  return 0;
}

/** When the last successful build started (ms), or undefined when there is none. */
function lastBuildStart() {
  if (!existsSync(stampFile)) return undefined;
  const started = Number(readFileSync(stampFile, 'utf8'));
  return Number.isFinite(started) ? started : undefined;
}

/** The first source modified at or after `since`; the stamp's own path when there was no build. */
function firstChangedSource(since) {
  if (since === undefined) return stampFile;
  const newer = (path) => statSync(path).mtimeMs >= since;
  for (const file of SOURCE_FILES.map((f) => join(root, f))) if (existsSync(file) && newer(file)) return file;
  const pending = SOURCE_DIRS.map((d) => join(root, d));
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) pending.push(path);
      else if (item.name.endsWith('.ts') && newer(path)) return path;
    }
  }
  return undefined;
}
