// Well-known locations of the run/test infrastructure. Everything generated lives under
// `<repo>/.cache/` (git-ignored), so a fresh clone starts clean and `rm -rf .cache` resets it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (two levels above this file). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `<repo>/.cache` */
export const cacheRoot = path.join(repoRoot, '.cache');

/** Where code-server is installed (its own package.json + node_modules). Overridable for CI caches. */
export const codeServerDir = process.env.BATON_CODE_SERVER_DIR
  ? path.resolve(process.env.BATON_CODE_SERVER_DIR)
  : path.join(cacheRoot, 'code-server');

/** Persistent state of `npm start` (user data, extensions, XDG dirs, default workspace). */
export const startDir = path.join(cacheRoot, 'start');
