#!/usr/bin/env node
// Installs the external ACP agents of the opt-in tier (`npm run test:agents`), pinned, into
// `<repo>/.cache/agents/` from the npm registry: Claude Agent and Codex. Hundreds of MB (their
// native binaries come in optional dependencies), so not part of `npm test`, and never a
// dependency of Baton. Idempotent (a marker after a verified install).
//
//   node scripts/ensure-agents.mjs [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './lib/lock.mjs';
import { elapsed, info, reportError, UserError } from './lib/log.mjs';
import { folderMb, npmInstallInto, readMarker } from './lib/npm-cache-install.mjs';
import { cacheRoot } from './lib/paths.mjs';

export const AGENT_PACKAGES = {
  '@agentclientprotocol/claude-agent-acp': '0.101.0',
  '@agentclientprotocol/codex-acp': '2.6.0',
};
export const agentsDir = process.env.BATON_AGENTS_DIR ? path.resolve(process.env.BATON_AGENTS_DIR) : path.join(cacheRoot, 'agents');
const markerPath = path.join(agentsDir, '.baton-installed.json');
const logPath = path.join(cacheRoot, 'agents-install.log');
const bins = ['claude-agent-acp', 'codex-acp'].map((b) => path.join(agentsDir, 'node_modules', '.bin', b));

export function areAgentsInstalled() {
  const marker = readMarker(markerPath);
  return JSON.stringify(marker?.packages) === JSON.stringify(AGENT_PACKAGES) && bins.every((b) => fs.existsSync(b));
}

/** @param {{ force?: boolean }} [opts] */
export async function ensureAgents(opts = {}) {
  if (!opts.force && areAgentsInstalled()) return agentsDir;
  return withLock(
    path.join(cacheRoot, 'agents.lock'),
    async () => {
      if (!opts.force && areAgentsInstalled()) return agentsDir;
      const started = Date.now();
      info(`Installing the opt-in tier's agents into ${path.relative(process.cwd(), agentsDir) || '.'}: ${Object.entries(AGENT_PACKAGES).map(([n, v]) => `${n}@${v}`).join(', ')}`);
      await npmInstallInto({ dir: agentsDir, name: 'baton-agents-cache', dependencies: AGENT_PACKAGES, logPath, allowScripts: Object.fromEntries(Object.keys(AGENT_PACKAGES).map((n) => [n, true])) });
      const missing = bins.filter((b) => !fs.existsSync(b));
      if (missing.length) throw new UserError(`installed, but ${missing.join(', ')} is missing (log: ${logPath})`);
      const mb = folderMb(agentsDir);
      fs.writeFileSync(markerPath, JSON.stringify({ packages: AGENT_PACKAGES, installMs: Date.now() - started, sizeMb: mb, installedAt: new Date().toISOString() }, null, 2) + '\n');
      info(`Agents ready in ${elapsed(started)} (${mb} MB)`);
      return agentsDir;
    },
    { what: 'installing the external agents' },
  );
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  ensureAgents({ force: process.argv.includes('--force') }).then(
    (dir) => process.stdout.write(`${dir}\n`),
    (err) => {
      process.exitCode = reportError(err);
    },
  );
}
