import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up to package.json: the same code runs from `src/` (tests)
 * and from `dist/src/` (the built bot), at different depths.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

const root = findProjectRoot();

/** An absolute path inside the repository, e.g. `projectPath('migrations')`. */
export function projectPath(...segments: string[]): string {
  return join(root, ...segments);
}
