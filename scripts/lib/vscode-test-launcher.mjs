#!/usr/bin/env node
// A stand-in for the VS Code executable, for `@vscode/test-electron`'s `runTests()` on machines
// that cannot download VS Code: pass this file as `vscodeExecutablePath`. It takes the arguments
// runTests gives VS Code, serves the real VS Code (code-server) on 127.0.0.1, opens the workbench
// in Debian's Chromium (playwright-core) with the extension-test payload, forwards the suite's
// output to stdout and exits with the suite's exit code.
//
//   vscode-test-launcher.mjs [FOLDER] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE
//                            [--user-data-dir=D/user-data] [--extensions-dir=D/extensions] [...]
//
// - `--user-data-dir=D/user-data`: code-server keeps all of its state in D (user data,
//   extensions, XDG dirs), so two runs on the same D share global storage (a restart). Without it,
//   or when it is not named `user-data`, a fresh temporary D is used.
// - Other VS Code flags runTests passes (--no-sandbox, --disable-updates, ...) are ignored.
// - The workbench reports the exit code through `window.codeAutomationExit(code)` and its log
//   through `window.codeAutomationLog(level, args)` (exposed with page.exposeFunction, which
//   survives reloads, so a suite may run "Developer: Reload Window" and carry on).
// - Lines the suite logs with the prefix `[baton-it] ` go to stdout without it; everything else
//   the workbench logs goes to `<results>/workbench.log` (its tail is printed on failure).
// - For checks only a browser can make, the suite gets `BATON_IT_PROBE_URL`: a loopback HTTP
//   endpoint of this launcher (`POST /webview`: wait until a webview of Baton rendered;
//   `POST /screenshot`).
// - The workbench's logs handed to codeAutomationExit are saved under `<results>/logs/`.
//
// Env: BATON_IT_TIMEOUT_MS (default 240000): the whole run, start to exit code; past it the
//      launcher takes a screenshot, prints where the logs are and exits 124.
//      BATON_IT_RESULTS: where screenshots and logs go (default <cwd>/test-results/integration).
//      BATON_IT_VERBOSE=1: print the workbench's log lines too.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, ensureCodeServer, isCodeServerInstalled } from '../ensure-code-server.mjs';
import { launchChromium } from './check-workbench.mjs';
import { freePort, HOST, startCodeServer, waitForHealthz, workbenchUrl } from './code-server.mjs';

export const OUTPUT_PREFIX = '[baton-it] ';
const EXIT_TIMEOUT = 124;

const startedAt = Date.now();
const say = (msg) => process.stderr.write(`[launcher] ${msg}\n`);
const secs = () => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

/** The VS Code CLI arguments this launcher understands; the rest are ignored. */
export function parseVsCodeArgs(argv) {
  /** @type {{ folder?: string, developmentPaths: string[], testsPath?: string, userDataDir?: string, extensionsDir?: string, ignored: string[] }} */
  const o = { developmentPaths: [], ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? (eq > 0 ? a.slice(2, eq) : a.slice(2)) : undefined;
    const value = () => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (name === undefined) {
      if (o.folder === undefined) o.folder = path.resolve(a);
      else o.ignored.push(a);
    } else if (name === 'extensionDevelopmentPath') o.developmentPaths.push(path.resolve(value()));
    else if (name === 'extensionTestsPath') o.testsPath = path.resolve(value());
    else if (name === 'user-data-dir') o.userDataDir = path.resolve(value());
    else if (name === 'extensions-dir') o.extensionsDir = path.resolve(value());
    else o.ignored.push(a);
  }
  return o;
}

/** Waits until a webview whose `#root` has `data-view=view` rendered (and shows `text`, if given). */
async function waitForWebview(page, { view, text, timeoutMs = 30_000 }) {
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  for (;;) {
    seen = [];
    for (const frame of page.frames()) {
      let found = null;
      try {
        found = await frame.evaluate((v) => {
          const root = document.querySelector(`#root[data-view="${v}"]`);
          return root ? { text: root.textContent ?? '', children: root.childElementCount } : null;
        }, view);
      } catch {
        continue; // detached or navigating
      }
      if (!found) continue;
      seen.push(found.text.slice(0, 200));
      if (found.children > 0 && (!text || found.text.includes(text))) return { found: true, text: found.text.slice(0, 2000) };
    }
    if (Date.now() > deadline) return { found: false, seen };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The loopback endpoint the suite uses for browser-side checks. */
function startProbe(getPage, resultsDir) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const reply = (status, json) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      try {
        const input = body ? JSON.parse(body) : {};
        const page = getPage();
        if (!page) return reply(503, { error: 'no page yet' });
        if (req.method === 'POST' && req.url === '/webview') {
          const r = await waitForWebview(page, input);
          return reply(r.found ? 200 : 404, r);
        }
        if (req.method === 'POST' && req.url === '/screenshot') {
          const name = String(input.name ?? 'screenshot').replace(/[^\w.-]+/g, '_');
          const file = path.join(resultsDir, `${name}.png`);
          fs.mkdirSync(resultsDir, { recursive: true });
          await page.screenshot({ path: file });
          return reply(200, { file });
        }
        reply(404, { error: `no ${req.method} ${req.url}` });
      } catch (e) {
        reply(500, { error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, HOST, () => resolve(server));
  });
}

/** The workbench's own logs, as codeAutomationExit hands them over ({ relativePath, contents }[]). */
function saveLogs(logs, dir) {
  if (!Array.isArray(logs)) return;
  for (const log of logs) {
    if (typeof log?.relativePath !== 'string' || typeof log.contents !== 'string') continue;
    const file = path.join(dir, path.normalize(log.relativePath).replace(/^(\.\.[/\\])+/, ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, log.contents);
  }
}

function tail(file, n) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(none)';
  }
}

async function main() {
  const args = parseVsCodeArgs(process.argv.slice(2));
  if (!args.testsPath || args.developmentPaths.length === 0) {
    say('usage: vscode-test-launcher.mjs [FOLDER] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=D/user-data]');
    return 2;
  }
  const timeoutMs = Number(process.env.BATON_IT_TIMEOUT_MS) || 240_000;
  const verbose = process.env.BATON_IT_VERBOSE === '1';
  const resultsDir = path.resolve(process.env.BATON_IT_RESULTS || path.join(process.cwd(), 'test-results', 'integration'));
  fs.mkdirSync(resultsDir, { recursive: true });
  const workbenchLog = path.join(resultsDir, 'workbench.log');
  const logStream = fs.createWriteStream(workbenchLog);

  let dataDir;
  if (args.userDataDir && path.basename(args.userDataDir) === 'user-data') dataDir = path.dirname(args.userDataDir);
  else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-vscode-'));
    if (args.userDataDir) say(`--user-data-dir is not named "user-data"; using a fresh ${dataDir} instead`);
  }
  if (args.developmentPaths.length > 1) say('only the first --extensionDevelopmentPath is loaded');

  const bin = isCodeServerInstalled() ? codeServerBin() : await ensureCodeServer();
  const port = await freePort();
  const csLog = path.join(dataDir, 'code-server.log');

  /** @type {import('playwright-core').Page | undefined} */
  let page;
  let browser;
  let cs;
  let probe;
  let over = false;
  let finish;
  /** @type {Promise<{ code: number, why?: string }>} */
  const finished = new Promise((resolve) => {
    finish = (r) => {
      over = true;
      resolve(r);
    };
  });

  const cleanup = async () => {
    await Promise.race([browser?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    probe?.close();
    await cs?.stop();
    await new Promise((r) => logStream.end(r));
  };
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(sig, () => finish({ code: 130, why: `stopped by ${sig}` }));
  }
  // runTests may die without killing us: don't outlive it.
  const parent = process.ppid;
  const orphanCheck = setInterval(() => {
    if (process.ppid !== parent) finish({ code: 1, why: 'the parent process went away' });
  }, 2000);
  orphanCheck.unref();
  const timer = setTimeout(() => finish({ code: EXIT_TIMEOUT, why: `timed out after ${timeoutMs / 1000}s (BATON_IT_TIMEOUT_MS)` }), timeoutMs);
  timer.unref();

  try {
    probe = await startProbe(() => page, resultsDir);
    const probeUrl = `http://${HOST}:${/** @type {import('node:net').AddressInfo} */ (probe.address()).port}`;
    say(`code-server on ${HOST}:${port}, state in ${dataDir}`);
    cs = startCodeServer({
      bin,
      port,
      dataDir,
      folder: args.folder,
      logFile: csLog,
      env: { BATON_IT_PROBE_URL: probeUrl, BATON_IT_OUTPUT: 'launcher' },
    });
    cs.exited.then(({ code, signal }) => finish({ code: 1, why: `code-server exited (${code ?? signal})` }));
    await Promise.race([waitForHealthz(port, { timeoutMs: 90_000, exited: cs.exited }), finished]);
    if (over) throw new Error('gave up before the workbench opened');

    browser = await launchChromium();
    browser.on('disconnected', () => finish({ code: 1, why: 'Chromium went away' }));
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('crash', () => finish({ code: 1, why: 'the workbench page crashed' }));
    await page.exposeFunction('codeAutomationLog', (level, logArgs) => {
      const parts = Array.isArray(logArgs) ? logArgs : [logArgs];
      const text = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
      if (text.startsWith(OUTPUT_PREFIX)) {
        process.stdout.write(`${text.slice(OUTPUT_PREFIX.length)}\n`);
        return;
      }
      logStream.write(`${new Date().toISOString()} ${level} ${text}\n`);
      if (verbose) process.stderr.write(`[workbench ${level}] ${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      saveLogs(logs, path.join(resultsDir, 'logs'));
      finish({ code: typeof code === 'number' ? code : 1 });
    });
    const url = workbenchUrl({ port, folder: args.folder, extensionDevelopmentPath: args.developmentPaths[0], extensionTestsPath: args.testsPath });
    say(`opening the workbench (${secs()})`);
    await Promise.race([page.goto(url, { timeout: 90_000 }), finished]);
  } catch (e) {
    if (!over) finish({ code: 1, why: e instanceof Error ? e.message : String(e) });
  }

  const result = await finished;
  clearTimeout(timer);
  if (result.code !== 0 && page && !page.isClosed()) {
    const shot = path.join(resultsDir, 'failure.png');
    await Promise.race([page.screenshot({ path: shot }).then(() => say(`screenshot: ${shot}`)), new Promise((r) => setTimeout(r, 5000))]).catch(() => undefined);
  }
  await cleanup();
  if (result.why) say(`ERROR: ${result.why}`);
  if (result.code !== 0) {
    say(`last workbench log lines (${workbenchLog}):\n${tail(workbenchLog, 25)}`);
    say(`code-server log: ${csLog}; VS Code logs (Baton's output channel among them): ${path.join(dataDir, 'user-data', 'logs')}`);
  }
  say(`exit ${result.code} after ${secs()}`);
  return result.code;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      say(`ERROR: ${e && e.stack ? e.stack : e}`);
      process.exit(1);
    },
  );
}
