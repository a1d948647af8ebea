#!/usr/bin/env node
// `npm test`: every test tier, in order, stopping at the first failure. Installs the npm
// dependencies first when they are missing (a fresh clone needs nothing but Node and npm).
//   npm test                 # typecheck, lint, unit, and the VS Code tiers that exist
//   npm test -- --only=unit  # one tier: typecheck | lint | unit
import { spawnSync } from 'node:child_process';
import { ensureDeps } from './lib/deps.mjs';
import { elapsed, info, reportError } from './lib/log.mjs';
import { repoRoot } from './lib/paths.mjs';

const TIERS = [
  ['typecheck', ['npx', 'tsc', '-p', '.', '--noEmit']],
  ['lint', ['npx', 'eslint', 'src', 'webview-ui', 'test', '--max-warnings', '0']],
  ['unit', ['npx', 'mocha']],
];

function main() {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  ensureDeps();
  for (const [name, [cmd, ...args]] of TIERS) {
    if (only && only !== name) continue;
    const start = Date.now();
    info(`${name}: ${cmd} ${args.join(' ')}`);
    const result = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) {
      info(`${name} FAILED (exit ${result.status}) after ${elapsed(start)}`);
      process.exit(result.status ?? 1);
    }
    info(`${name} passed in ${elapsed(start)}`);
  }
}

try {
  main();
} catch (error) {
  reportError(error);
  process.exit(1);
}
