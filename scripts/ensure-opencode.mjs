#!/usr/bin/env node
// Makes sure OpenCode (the external ACP agent the unit tier drives as a real process) is
// installed, pinned, in `<repo>/.cache/opencode/`, from the npm registry (its native binary
// comes in an optional dependency; nothing else is downloaded). Not a dependency of Baton.
//
//   import { ensureOpenCode } from './ensure-opencode.mjs';
//   await ensureOpenCode();              // returns the path of the opencode executable
//   node scripts/ensure-opencode.mjs [--force]
//
// The install ends with a warm-up: OpenCode fetches `@opencode-ai/plugin` from npm into its
// config folder the first time it starts, in the background. The warm-up starts it once with
// the config and cache folders the tests use (`.cache/opencode/xdg/`) and waits for that
// fetch, so no test depends on its timing. Idempotent: a marker written after a verified,
// warmed install makes later calls return at once.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './lib/lock.mjs';
import { elapsed, info, reportError, UserError } from './lib/log.mjs';
import { folderMb, npmInstallInto, readMarker } from './lib/npm-cache-install.mjs';
import { cacheRoot } from './lib/paths.mjs';

export const OPENCODE_VERSION = '1.18.33';
export const opencodeDir = process.env.BATON_OPENCODE_DIR ? path.resolve(process.env.BATON_OPENCODE_DIR) : path.join(cacheRoot, 'opencode');
const binPath = path.join(opencodeDir, 'node_modules', '.bin', 'opencode');
const markerPath = path.join(opencodeDir, '.baton-installed.json');
const logPath = path.join(cacheRoot, 'opencode-install.log');
/** XDG config and cache folders shared by the warm-up and the tests (data and state are per test). */
const xdgConfig = path.join(opencodeDir, 'xdg', 'config');
const xdgCache = path.join(opencodeDir, 'xdg', 'cache');
const pluginDir = path.join(xdgConfig, 'opencode', 'node_modules', '@opencode-ai', 'plugin');

export function isOpenCodeInstalled() {
  const marker = readMarker(markerPath);
  return marker?.version === OPENCODE_VERSION && marker.warm === true && fs.existsSync(binPath);
}

/** @param {{ force?: boolean }} [opts] */
export async function ensureOpenCode(opts = {}) {
  if (!opts.force && isOpenCodeInstalled()) return binPath;
  return withLock(
    path.join(cacheRoot, 'opencode.lock'),
    async () => {
      if (!opts.force && isOpenCodeInstalled()) return binPath;
      await install();
      return binPath;
    },
    { what: 'installing OpenCode' },
  );
}

async function install() {
  const started = Date.now();
  info(`Installing OpenCode ${OPENCODE_VERSION} (opencode-ai, about 350 MB) into ${path.relative(process.cwd(), opencodeDir) || '.'} for the tests`);
  info(`[1/3] npm install opencode-ai@${OPENCODE_VERSION}`);
  await npmInstallInto({ dir: opencodeDir, name: 'baton-opencode-cache', dependencies: { 'opencode-ai': OPENCODE_VERSION }, logPath, allowScripts: { 'opencode-ai': true } });
  const installedIn = Date.now() - started;

  info('[2/3] verify: opencode --version');
  const v = spawnSync(binPath, ['--version'], { encoding: 'utf8', timeout: 120_000, env: openCodeEnv() });
  const version = `${v.stdout || ''}`.trim();
  if (v.status !== 0 || version !== OPENCODE_VERSION) {
    throw new UserError(`OpenCode was installed but '${binPath} --version' said ${JSON.stringify(version)} (exit ${v.status ?? v.signal}): ${v.stderr || ''}`);
  }

  info('[3/3] warm-up: OpenCode fetches @opencode-ai/plugin on its first start');
  const warmStarted = Date.now();
  await warmUp();
  const mb = folderMb(opencodeDir);
  fs.writeFileSync(
    markerPath,
    JSON.stringify({ version: OPENCODE_VERSION, warm: true, installMs: installedIn, warmUpMs: Date.now() - warmStarted, sizeMb: mb, installedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  info(`OpenCode ${OPENCODE_VERSION} ready in ${elapsed(started)} (npm install ${Math.round(installedIn / 1000)} s, warm-up ${elapsed(warmStarted)}, ${mb} MB)`);
}

/** Environment of every OpenCode run of the warm-up and the tests: offline-friendly, inside the cache. */
function openCodeEnv(extra = {}) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: xdgConfig,
    XDG_CACHE_HOME: xdgCache,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
    ...extra,
  };
}

/** Starts `opencode acp`, opens a session (which loads its config folder), waits for the plugin fetch. */
async function warmUp() {
  fs.mkdirSync(xdgConfig, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(opencodeDir, 'warm-'));
  const env = openCodeEnv({ HOME: scratch, XDG_DATA_HOME: path.join(scratch, 'data'), XDG_STATE_HOME: path.join(scratch, 'state') });
  const child = spawn(binPath, ['acp'], { cwd: scratch, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const send = (id, method, params) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
  send(1, 'initialize', { protocolVersion: 1, clientCapabilities: {} });
  send(2, 'session/new', { cwd: scratch, mcpServers: [] });
  const deadline = Date.now() + 240_000;
  try {
    while (!fs.existsSync(path.join(pluginDir, 'package.json'))) {
      if (child.exitCode !== null) throw new UserError(`OpenCode exited during the warm-up (exit ${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new UserError(`OpenCode did not fetch @opencode-ai/plugin within 4 minutes (is the npm registry reachable?):\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The fetch writes the package before its lock file: give it a moment to finish.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  } finally {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const t = Date.now();
  ensureOpenCode({ force: process.argv.includes('--force') }).then(
    (bin) => {
      info(`OpenCode ${OPENCODE_VERSION}: ${bin} (${elapsed(t)})`);
      process.stdout.write(`${bin}\n`);
    },
    (err) => {
      process.exitCode = reportError(err);
    },
  );
}
