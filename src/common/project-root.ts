import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The directory holding Kasian's package.json (templates/ lives there), from src/ or from dist/src/. */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'templates'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Kasian project root (package.json beside templates/)');
    dir = parent;
  }
  root = dir;
  return dir;
}
