#!/usr/bin/env node
// `npm run test:agents`: the opt-in tier. Installs Claude Agent and Codex (pinned, into
// .cache/agents; hundreds of MB, which is why this is not part of `npm test`) and drives them
// as Baton children against the scripted model server, offline.
import { spawnSync } from 'node:child_process';
import { ensureAgents } from './ensure-agents.mjs';
import { ensureDeps } from './lib/deps.mjs';
import { elapsed, info, reportError } from './lib/log.mjs';
import { repoRoot } from './lib/paths.mjs';

async function main() {
  ensureDeps();
  await ensureAgents();
  const start = Date.now();
  const result = spawnSync('npx', ['mocha', '--no-config', '-r', 'tsx/cjs', '-t', '300000', 'test/agents/**/*.test.ts'], { cwd: repoRoot, stdio: 'inherit' });
  info(`agents tier ${result.status === 0 ? 'passed' : 'FAILED'} in ${elapsed(start)}`);
  process.exit(result.status ?? 1);
}

main().catch((error) => process.exit(reportError(error)));
