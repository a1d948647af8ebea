#!/usr/bin/env node
// `npm start`: builds Baton and opens a real VS Code (code-server 4.100.3, in your browser) with
// Baton loaded as a development extension, on 127.0.0.1 only. Prints one URL to open.
//
//   npm start                 # workspace: .cache/start/workspace
//   npm start -- /some/folder # open that folder instead
//   BATON_PORT=8080 npm start # fixed port (default: a free one)
//   npm start -- --no-build   # skip the esbuild step (e.g. while `npm run watch` runs)
//
// State (user data, extension storage, so Baton's tasks) persists in .cache/start/ between runs.
// After a rebuild (`npm run build` or `npm run watch`), run "Developer: Reload Window" in the
// browser to load the new dist/. Ctrl+C stops code-server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { ensureDeps } from './lib/deps.mjs';
import { BROWSER_BLOCKED_PORTS, freePort, HOST, portInUse, startCodeServer, waitForHealthz, workbenchUrl } from './lib/code-server.mjs';
import { elapsed, info, reportError, UserError } from './lib/log.mjs';
import { repoRoot, startDir } from './lib/paths.mjs';

function parseArgs(argv) {
  const o = { build: true, folder: /** @type {string | undefined} */ (undefined) };
  for (const a of argv) {
    if (a === '--no-build') o.build = false;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(
        'Usage: npm start [-- [--no-build] [FOLDER]]\n' +
          'Builds Baton and serves VS Code (code-server) with Baton loaded on 127.0.0.1.\n' +
          'Env: BATON_PORT=<port> to pick the port.\n',
      );
      process.exit(0);
    } else if (a.startsWith('-')) throw new UserError(`unknown option ${a} (try --help)`);
    else if (o.folder) throw new UserError('only one folder can be given');
    else o.folder = a;
  }
  return o;
}

function build() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', (e) => reject(new UserError(`could not run the build: ${e.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(undefined);
      else
        reject(
          new UserError(`the build failed ('node esbuild.mjs' exited with ${code ?? signal}); see its messages above`),
        );
    });
  });
}

async function choosePort() {
  const fixed = process.env.BATON_PORT;
  if (!fixed) return freePort();
  const port = Number(fixed);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`BATON_PORT=${fixed} is not a port number`);
  if (BROWSER_BLOCKED_PORTS.has(port)) throw new UserError(`browsers refuse to open port ${port}: pick another BATON_PORT`);
  if (await portInUse(port)) throw new UserError(`port ${port} (BATON_PORT) is already in use on ${HOST}`);
  return port;
}

function defaultWorkspace() {
  const ws = path.join(startDir, 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  const readme = path.join(ws, 'README.md');
  if (!fs.existsSync(readme)) {
    fs.writeFileSync(
      readme,
      '# Baton playground\n\n' +
        'A scratch workspace opened by `npm start`. Open the Baton view (the relay-baton icon in\n' +
        'the activity bar on the left) to delegate a task. This folder lives in\n' +
        '`.cache/start/workspace` and survives restarts.\n',
    );
  }
  return ws;
}

/**
 * The profile's user settings: quiet start page, no update/telemetry noise, no port-forwarding
 * toasts. Written on the first run; later runs only add a setting that is missing (a profile made
 * by an older `npm start`), never change one the user set.
 */
function seedUserSettings(userDataDir) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  const defaults = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    // The default workspace sits inside this git repo: don't offer to open the parent repo.
    'git.openRepositoryInParentFolders': 'never',
    // The demo model is a local server Baton starts: code-server would announce it ("Your
    // application running on port … is available") as if the user had started a web app.
    'remote.autoForwardPorts': false,
    // A fresh machine has no model to talk to: the labeled demo model shows the whole flow
    // (delegate, stream, Stop, Resume, report back). "Baton: Select Model" picks a real one.
    'baton.provider': 'demo',
  };
  let settings = {};
  if (fs.existsSync(file)) {
    try {
      settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      // Comments or a hand edit: leave the user's file alone.
      return;
    }
    if (Object.keys(defaults).every((key) => key in settings)) return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...defaults, ...settings }, null, 2) + '\n');
}

/**
 * Two code-servers on one user-data dir would share (and corrupt) its state: allow one `npm start`
 * at a time, and point a second one at the running instance.
 */
function guardSingleInstance() {
  const pidFile = path.join(startDir, 'start.pid');
  fs.mkdirSync(startDir, { recursive: true });
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    if (pid && pid !== process.pid) {
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
      }
      if (alive) {
        let url = '';
        try {
          url = fs.readFileSync(path.join(startDir, 'url.txt'), 'utf8').trim();
        } catch {
          /* not up yet */
        }
        throw new UserError(
          `npm start is already running (pid ${pid})${url ? ` at\n    ${url}` : ''}\nStop it (Ctrl+C there, or kill ${pid}) to start another.`,
        );
      }
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
  }
  fs.writeFileSync(pidFile, String(process.pid));
  process.on('exit', () => {
    try {
      if (Number(fs.readFileSync(pidFile, 'utf8')) === process.pid) {
        fs.rmSync(pidFile, { force: true });
        fs.rmSync(path.join(startDir, 'url.txt'), { force: true });
      }
    } catch {
      /* already gone */
    }
  });
}

function tail(file, n = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

async function main() {
  const t0 = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  guardSingleInstance();
  ensureDeps();

  if (opts.build) {
    info('Building Baton (node esbuild.mjs) ...');
    await build();
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new UserError('dist/extension.js is missing: run the build (npm run build) first');
  }

  const bin = await ensureCodeServer();

  const folder = opts.folder ? path.resolve(opts.folder) : defaultWorkspace();
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UserError(`${folder} is not a folder`);

  const port = await choosePort();
  const logFile = path.join(startDir, 'code-server.log');
  const userData = path.join(startDir, 'user-data');
  seedUserSettings(userData);
  info(`Starting code-server on ${HOST}:${port} (log: ${path.relative(process.cwd(), logFile)}) ...`);
  const cs = startCodeServer({ bin, port, dataDir: startDir, folder, logFile });

  let stopping = false;
  const shutdown = async (why) => {
    if (stopping) {
      info('Forcing exit.');
      process.exit(1);
    }
    stopping = true;
    info(`${why}: stopping code-server ...`);
    await cs.stop();
    info('Stopped.');
    process.exit(0);
  };
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(sig, () => void shutdown(sig));

  try {
    await waitForHealthz(port, { timeoutMs: 90_000, exited: cs.exited });
  } catch (e) {
    await cs.stop();
    throw new UserError(`${e instanceof Error ? e.message : e}\nLast lines of ${logFile}:\n${tail(logFile)}`);
  }

  const url = workbenchUrl({ port, folder, extensionDevelopmentPath: repoRoot });
  fs.writeFileSync(path.join(startDir, 'url.txt'), `${url}\n`);
  info(`code-server is up (${elapsed(t0)} since npm start).`);
  process.stdout.write(
    '\n' +
      '  VS Code with Baton is running. Open this URL in your browser:\n\n' +
      `  ${url}\n\n` +
      '  After a rebuild (npm run build / npm run watch), run "Developer: Reload Window" there.\n' +
      '  Press Ctrl+C here to stop.\n\n',
  );

  const { code, signal } = await cs.exited;
  if (!stopping) {
    throw new UserError(`code-server exited on its own (${code ?? signal}). Last lines of ${logFile}:\n${tail(logFile)}`);
  }
}

main().catch((err) => {
  process.exit(reportError(err));
});
