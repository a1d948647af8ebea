#!/usr/bin/env node
// `npm test`: every test tier, in order, stopping at the first failure. Installs the npm
// dependencies first when they are missing (a fresh clone needs nothing but Node and npm).
//   npm test                        # typecheck, lint, unit, integration, e2e
//   npm test -- --only=integration  # one tier: typecheck | lint | unit | integration | e2e
// The integration tier runs the suite inside a real VS Code (test/integration/runTests.mjs); where
// VS Code cannot be downloaded it uses code-server in Debian's Chromium, installed first here.
// The e2e tier (test/e2e/run.ts) clicks through Baton, installed from its .vsix, in code-server.
import { spawnSync } from 'node:child_process';
import { ensureOpenCode } from './ensure-opencode.mjs';
import { ensureDeps } from './lib/deps.mjs';
import { elapsed, info, reportError, UserError } from './lib/log.mjs';
import { repoRoot } from './lib/paths.mjs';
import { ensureVsCodeTestEnvironment, useCodeServer } from './lib/vscode-test-env.mjs';

/** @type {{ name: string, command: string[], prepare?: () => Promise<void> }[]} */
const TIERS = [
  { name: 'typecheck', command: ['npx', 'tsc', '-p', '.', '--noEmit'] },
  { name: 'lint', command: ['npx', 'eslint', 'src', 'webview-ui', 'test', '--max-warnings', '0'] },
  // OpenCode (pinned, into .cache/opencode) for the tests that drive a real external ACP agent.
  { name: 'unit', command: ['npx', 'mocha'], prepare: async () => void (await ensureOpenCode()) },
  {
    name: 'integration',
    command: [process.execPath, 'test/integration/runTests.mjs'],
    // code-server and Chromium, when the tests will run there (runTests.mjs checks again, cheaply).
    prepare: async () => {
      if (useCodeServer().codeServer) await ensureVsCodeTestEnvironment();
    },
  },
  { name: 'e2e', command: ['npx', 'tsx', 'test/e2e/run.ts'], prepare: ensureVsCodeTestEnvironment },
];

async function main() {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (only && !TIERS.some((t) => t.name === only)) {
    throw new UserError(`unknown tier "${only}": one of ${TIERS.map((t) => t.name).join(', ')}`);
  }
  ensureDeps();
  for (const { name, command, prepare } of TIERS) {
    if (only && only !== name) continue;
    const [cmd, ...args] = command;
    const start = Date.now();
    if (prepare) await prepare();
    info(`${name}: ${cmd === process.execPath ? 'node' : cmd} ${args.join(' ')}`);
    const result = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) {
      info(`${name} FAILED (exit ${result.status ?? result.signal}) after ${elapsed(start)}`);
      process.exit(result.status ?? 1);
    }
    info(`${name} passed in ${elapsed(start)}`);
  }
}

main().catch((error) => {
  process.exit(reportError(error));
});
