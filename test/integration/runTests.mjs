#!/usr/bin/env node
// `npm run test:integration`: the mocha suite in test/integration/suite, run inside a real
// VS Code's extension host against the real Baton, by @vscode/test-electron's runTests().
//
// Which VS Code:
//   - BATON_VSCODE=code-server, or CI=true, or no display on Linux, or the download fails:
//     code-server 4.100.3 (VS Code 1.100.3 from npm) in Debian's Chromium, through
//     scripts/lib/vscode-test-launcher.mjs passed to runTests() as `vscodeExecutablePath`;
//   - otherwise (or BATON_VSCODE=desktop): the desktop VS Code runTests() downloads.
//
//   node test/integration/runTests.mjs [--no-build]
//
// Each run gets a fresh temporary workspace and user-data folder (kept, with its path printed,
// when the run fails). Screenshots and the workbench log go to test-results/integration/.
// The run cannot hang: the launcher gives up after BATON_IT_TIMEOUT_MS (default 240 s), and
// this script after that plus a margin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { ensureVsCodeTestEnvironment, useCodeServer } from '../../scripts/lib/vscode-test-env.mjs';
import { elapsed, info, reportError, UserError } from '../../scripts/lib/log.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const outDir = path.join(repoRoot, 'out', 'test', 'integration');
const launcher = path.join(repoRoot, 'scripts', 'lib', 'vscode-test-launcher.mjs');
const resultsDir = path.join(repoRoot, 'test-results', 'integration');
const DESKTOP_VERSION = '1.100.3';

async function buildExtension() {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new UserError(`the extension build (node esbuild.mjs) failed with ${r.status ?? r.signal}`);
}

/** One CommonJS bundle of the suite (mocha and vscode come from the extension host). */
async function buildSuite() {
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(here, 'suite', 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}

/** A fresh workspace and user-data folder, with user settings for a quiet, scripted run. */
function prepareRunDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-it-'));
  const workspace = path.join(dir, 'workspace');
  const userData = path.join(dir, 'user-data');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Baton integration test workspace\n');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    // The scripted model: real tasks that delegate and complete, with no model server to reach.
    'baton.provider': 'demo',
    'baton.autoApprove.writes': true,
  };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return { dir, workspace, userData, extensions: path.join(dir, 'extensions') };
}

/** The desktop VS Code, or undefined when it cannot be had here (so code-server it is). */
async function desktopVsCode() {
  try {
    const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
    return await downloadAndUnzipVSCode({ version: DESKTOP_VERSION, timeout: 10_000 });
  } catch (e) {
    info(`desktop VS Code is not available (${e instanceof Error ? e.message : e}): using code-server`);
    return undefined;
  }
}

async function main() {
  const t0 = Date.now();
  const build = !process.argv.includes('--no-build');
  if (build) {
    info('building Baton (node esbuild.mjs) and the integration suite ...');
    await buildExtension();
  }
  const testsPath = await buildSuite();

  let vscodeExecutablePath;
  const choice = useCodeServer();
  if (choice.codeServer) info(`VS Code: code-server in Chromium (${choice.why})`);
  else vscodeExecutablePath = await desktopVsCode();
  const viaLauncher = choice.codeServer || vscodeExecutablePath === undefined;
  if (viaLauncher) {
    await ensureVsCodeTestEnvironment();
    fs.chmodSync(launcher, 0o755);
    vscodeExecutablePath = launcher;
  }

  const run = prepareRunDir();
  const timeoutMs = Number(process.env.BATON_IT_TIMEOUT_MS) || 240_000;
  // Last resort: the launcher enforces the timeout itself; this covers a desktop VS Code.
  const watchdog = setTimeout(() => {
    process.stderr.write(`\n[baton] ERROR: the integration tests did not finish within ${(timeoutMs + 60_000) / 1000}s; run folder: ${run.dir}\n`);
    process.exit(124);
  }, timeoutMs + 60_000);
  watchdog.unref();

  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  let code = 1;
  try {
    code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsPath,
      launchArgs: [run.workspace, `--user-data-dir=${run.userData}`, `--extensions-dir=${run.extensions}`, '--disable-extensions'],
      extensionTestsEnv: {
        BATON_IT_USER_DATA: run.userData,
        BATON_IT_RESULTS: resultsDir,
        BATON_IT_TIMEOUT_MS: String(timeoutMs),
      },
    });
  } catch (e) {
    code = typeof e?.code === 'number' ? e.code : 1;
  }
  clearTimeout(watchdog);
  if (code === 0) {
    fs.rmSync(run.dir, { recursive: true, force: true });
    info(`integration tests passed in ${elapsed(t0)}`);
  } else {
    info(`integration tests FAILED (exit ${code}) after ${elapsed(t0)}; run folder kept: ${run.dir}; screenshots and logs: ${resultsDir}`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => process.exit(reportError(e)),
);
