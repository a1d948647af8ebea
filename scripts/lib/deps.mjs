// Makes sure the project's npm dependencies are installed, so `npm start` and `npm test` work
// from a fresh clone with nothing but Node and npm: runs `npm ci` when node_modules is missing
// or older than package-lock.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { info, UserError } from './log.mjs';
import { repoRoot } from './paths.mjs';

export function ensureDeps() {
  const lock = path.join(repoRoot, 'package-lock.json');
  const modules = path.join(repoRoot, 'node_modules');
  // A symlinked node_modules is shared with other checkouts (git worktrees): `npm ci` here would
  // empty it under them. Whoever made the link keeps it installed.
  if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink()) return;
  const installed = path.join(modules, '.package-lock.json');
  const fresh = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  info('Installing npm dependencies (npm ci; about a minute the first time) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new UserError(`npm ci failed (exit ${result.status}); see its output above.`);
}
