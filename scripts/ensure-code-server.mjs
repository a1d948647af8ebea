#!/usr/bin/env node
// Makes sure code-server (the real VS Code 1.100.3, served to a browser) is installed in
// `<repo>/.cache/code-server/`, without downloading anything from GitHub or Microsoft:
// code-server comes from the npm registry, its build tools and ripgrep from Debian.
//
//   import { ensureCodeServer } from './ensure-code-server.mjs';
//   const bin = await ensureCodeServer();   // absolute path of the code-server executable
//
//   node scripts/ensure-code-server.mjs [--force]   # CLI: prints the path on stdout
//
// Idempotent: when the install is already there (bin present, version 4.100.3, install marker
// written after a verified install with this Node ABI) it returns at once.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_SERVER_BUILD_PACKAGES, ensureDebPackages } from './lib/apt.mjs';
import { withLock } from './lib/lock.mjs';
import { elapsed, info, reportError, UserError } from './lib/log.mjs';
import { cacheRoot, codeServerDir } from './lib/paths.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep version code-server 4.100.3 depends on, and the asset its postinstall wants. */
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const pkgDir = path.join(codeServerDir, 'node_modules', 'code-server');
const binPath = path.join(codeServerDir, 'node_modules', '.bin', 'code-server');
const markerPath = path.join(codeServerDir, '.baton-installed.json');
const logPath = path.join(cacheRoot, 'code-server-install.log');

/** Path of the code-server executable inside the cache (whether or not it is installed). */
export function codeServerBin() {
  return binPath;
}

/** True when a verified install of the right version for this Node is present. Fast (no spawn). */
export function isCodeServerInstalled() {
  try {
    const marker = JSON.parse(fs.readFileSync(markerPath, 'utf8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    return (
      marker.version === CODE_SERVER_VERSION &&
      pkg.version === CODE_SERVER_VERSION &&
      marker.nodeModules === process.versions.modules &&
      fs.existsSync(binPath) &&
      fs.existsSync(path.join(pkgDir, 'lib', 'vscode', 'node_modules'))
    );
  } catch {
    return false;
  }
}

/**
 * Installs code-server into `.cache/code-server` if needed and returns the path of its executable.
 * @param {{ force?: boolean }} [opts]
 * @returns {Promise<string>}
 */
export async function ensureCodeServer(opts = {}) {
  if (!opts.force && isCodeServerInstalled()) return binPath;
  return withLock(
    path.join(cacheRoot, 'code-server.lock'),
    async () => {
      // Another process may have finished the install while we waited for the lock.
      if (!opts.force && isCodeServerInstalled()) return binPath;
      await install();
      return binPath;
    },
    { what: 'installing code-server' },
  );
}

async function install() {
  const started = Date.now();
  info(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), codeServerDir) || '.'} (takes 1-2 minutes once)`);

  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) {
    throw new UserError(
      `code-server ${CODE_SERVER_VERSION} needs Node 20, but this is Node ${process.versions.node}. ` +
        'Run with Node 20 (the project targets Node 20).',
    );
  }

  info('[1/4] Debian build packages and ripgrep');
  ensureDebPackages(CODE_SERVER_BUILD_PACKAGES, { why: "to build code-server's native modules" });

  info('[2/4] ripgrep archive for @vscode/ripgrep (so its postinstall downloads nothing)');
  const tmpDir = os.tmpdir();
  const rgArchive = prepareRipgrepCache(tmpDir);
  info(`      ${rgArchive}`);

  info(`[3/4] npm install code-server@${CODE_SERVER_VERSION} (builds native modules)`);
  fs.rmSync(codeServerDir, { recursive: true, force: true });
  fs.mkdirSync(codeServerDir, { recursive: true });
  fs.writeFileSync(
    path.join(codeServerDir, 'package.json'),
    JSON.stringify(
      {
        name: 'baton-code-server-cache',
        private: true,
        description: 'code-server for running and testing Baton; installed by scripts/ensure-code-server.mjs',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        allowScripts: { 'code-server': true },
      },
      null,
      2,
    ) + '\n',
  );
  await npmInstall(tmpDir);

  info('[4/4] verify: code-server --version');
  // code-server writes a default config file on start: keep it inside the cache, not in ~/.config.
  const verifyEnv = { ...process.env, XDG_CONFIG_HOME: path.join(codeServerDir, '.verify-config') };
  const v = spawnSync(binPath, ['--version'], { encoding: 'utf8', timeout: 60_000, env: verifyEnv });
  const out = `${v.stdout || ''}`.trim();
  const versionLine = out.split('\n').find((l) => l.startsWith(`${CODE_SERVER_VERSION} `));
  if (v.status !== 0 || !versionLine) {
    throw new UserError(
      `code-server was installed but '${binPath} --version' failed (exit ${v.status ?? v.signal}):\n${out}\n${v.stderr || ''}\n` +
        `Install log: ${logPath}`,
    );
  }
  info(`      ${versionLine}`);
  fs.writeFileSync(
    markerPath,
    JSON.stringify(
      {
        version: CODE_SERVER_VERSION,
        nodeModules: process.versions.modules,
        node: process.versions.node,
        installedAt: new Date().toISOString(),
        versionOutput: versionLine,
      },
      null,
      2,
    ) + '\n',
  );
  info(`code-server ${CODE_SERVER_VERSION} ready in ${elapsed(started)}`);
}

/**
 * @vscode/ripgrep's postinstall looks for `<os.tmpdir()>/vscode-ripgrep-cache-<ver>/<asset>` before
 * downloading from GitHub. Put Debian's rg there, at the archive's top level.
 */
function prepareRipgrepCache(tmpDir) {
  const rg = ['/usr/bin/rg', '/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) {
    throw new UserError("Debian's ripgrep (/usr/bin/rg) is missing: apt-get install -y ripgrep");
  }
  const dir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const archive = path.join(dir, RIPGREP_ASSET);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${archive}.${process.pid}.tmp`;
  const r = spawnSync('tar', ['-czf', tmp, '-C', path.dirname(rg), path.basename(rg)], { encoding: 'utf8' });
  if (r.status !== 0) throw new UserError(`Could not create ${archive}: ${r.stderr || r.error}`);
  fs.renameSync(tmp, archive);
  return archive;
}

/** Environment for the nested npm: no project-level npm_* leaking in from an outer `npm run`. */
function npmEnv(tmpDir) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$|config_global$|config_save)/i.test(k)) continue;
    if (k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return {
    ...env,
    TMPDIR: tmpDir, // the same dir prepareRipgrepCache used, whatever npm would otherwise pass on
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
    npm_config_yes: 'true', // its postinstall runs `npx node-gyp`
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

function npmInstall(tmpDir) {
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  const logFd = fs.openSync(logPath, 'w');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--foreground-scripts', '--no-audit', '--no-fund'], {
      cwd: codeServerDir,
      env: npmEnv(tmpDir),
      stdio: ['ignore', logFd, logFd],
    });
    const timer = setInterval(() => {
      info(`      ... ${elapsed(started)}  ${lastLogLine()}`);
    }, 15_000);
    child.on('error', (e) => {
      clearInterval(timer);
      fs.closeSync(logFd);
      reject(new UserError(`could not run npm: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      fs.closeSync(logFd);
      if (code === 0) {
        info(`      npm install done in ${elapsed(started)} (log: ${logPath})`);
        resolve();
        return;
      }
      const tail = readTail(logPath, 40);
      reject(
        new UserError(
          `npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code ?? signal}). Last lines of ${logPath}:\n` +
            tail.replace(/^/gm, '    ') +
            '\nCommon causes: a missing Debian build package (see above), no access to the npm registry, ' +
            'or a postinstall trying to download from GitHub (the ripgrep cache archive should prevent that).',
        ),
      );
    });
  });
}

function readTail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function lastLogLine() {
  const lines = readTail(logPath, 30)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(gyp info|npm (warn|notice))/.test(l));
  const l = lines.at(-1) ?? '';
  return l.length > 100 ? `${l.slice(0, 97)}...` : l;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const force = process.argv.includes('--force');
  const t = Date.now();
  ensureCodeServer({ force }).then(
    (bin) => {
      info(`code-server ${CODE_SERVER_VERSION}: ${bin} (${elapsed(t)})`);
      process.stdout.write(`${bin}\n`);
    },
    (err) => {
      process.exitCode = reportError(err);
    },
  );
}
