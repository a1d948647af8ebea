// Starting code-server (the real VS Code, in a browser) on loopback, and the workbench URL that
// loads an extension from a development path. Used by `npm start` and by the VS Code test tiers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const HOST = '127.0.0.1';

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** Ports that browsers (and Node's fetch) refuse to connect to: the Fetch standard's "bad ports". */
export const BROWSER_BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109,
  110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530,
  531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190,
  5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** True when something already listens on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * The workbench URL that opens `folder` and loads the extension at `extensionDevelopmentPath`
 * (and optionally runs the tests at `extensionTestsPath`). The paths are handed to the workbench as
 * `vscode-remote://HOST:PORT/abs/path` URIs in the `payload` query parameter, which is how
 * VS Code's web workbench receives `--extensionDevelopmentPath` / `--extensionTestsPath`.
 * The remote extension host then loads the extension from disk each time it starts, so
 * "Developer: Reload Window" picks up a rebuilt dist/.
 * @param {{ port: number, folder?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string, host?: string }} o
 */
export function workbenchUrl(o) {
  const host = o.host ?? HOST;
  const authority = `${host}:${o.port}`;
  const remote = (p) => `vscode-remote://${authority}${encodeURI(path.resolve(p))}`;
  /** @type {[string, string][]} */
  const payload = [];
  if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
  const params = [];
  if (o.folder) params.push(`folder=${encodeURIComponent(path.resolve(o.folder))}`);
  if (payload.length) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://${authority}/${params.length ? `?${params.join('&')}` : ''}`;
}

/**
 * Starts code-server on 127.0.0.1:port with its state in `dataDir` (user data, extensions and
 * XDG config/data/cache dirs), without auth, telemetry, update checks or workspace trust.
 * It runs in its own process group, so `stop()` ends it together with its extension host,
 * pty host and file watcher.
 * @param {{ bin: string, port: number, dataDir: string, folder?: string, logFile?: string,
 *           extraArgs?: string[], env?: NodeJS.ProcessEnv, onOutput?: (chunk: string) => void }} o
 */
export function startCodeServer(o) {
  const d = path.resolve(o.dataDir);
  const dirs = {
    userData: path.join(d, 'user-data'),
    extensions: path.join(d, 'extensions'),
    xdgConfig: path.join(d, 'xdg', 'config'),
    xdgData: path.join(d, 'xdg', 'data'),
    xdgCache: path.join(d, 'xdg', 'cache'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const args = [
    '--bind-addr',
    `${HOST}:${o.port}`,
    '--auth',
    'none',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    ...(o.extraArgs ?? []),
    ...(o.folder ? [path.resolve(o.folder)] : []),
  ];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    // No extension gallery (open-vsx.org is unreachable here): avoids failing lookups and noise.
    EXTENSIONS_GALLERY: '{}',
    ...(o.env ?? {}),
  };
  // Project-level npm_* variables from an outer `npm start` must not reach the extension host.
  for (const k of Object.keys(env)) if (/^npm_(package|lifecycle|config)_/.test(k)) delete env[k];

  let logFd;
  if (o.logFile) {
    fs.mkdirSync(path.dirname(o.logFile), { recursive: true });
    logFd = fs.openSync(o.logFile, 'w');
  }
  const child = spawn(o.bin, args, {
    env,
    detached: true,
    stdio: ['ignore', o.onOutput ? 'pipe' : (logFd ?? 'ignore'), o.onOutput ? 'pipe' : (logFd ?? 'ignore')],
  });
  if (o.onOutput) {
    for (const s of [child.stdout, child.stderr]) {
      s?.setEncoding('utf8');
      s?.on('data', (c) => {
        if (logFd !== undefined) fs.writeSync(logFd, c);
        o.onOutput?.(c);
      });
    }
  }
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: -1, signal: null }));
  });
  let done = false;
  exited.then(() => {
    done = true;
    if (logFd !== undefined) fs.closeSync(logFd);
  });

  const killGroup = (sig) => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), sig);
    } catch {
      /* already gone */
    }
  };
  // If this process exits (normally or through an uncaught error), take code-server down with it.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  return {
    child,
    port: o.port,
    baseUrl: `http://${HOST}:${o.port}/`,
    dirs,
    args,
    exited,
    /** SIGTERM to the process group, SIGKILL after `graceMs`. */
    async stop(graceMs = 5000) {
      if (!done) {
        killGroup('SIGTERM');
        const t = setTimeout(() => killGroup('SIGKILL'), graceMs);
        await exited;
        clearTimeout(t);
      }
      // Leftover helpers of the group (extension host, watchers), if any.
      killGroup('SIGKILL');
      process.off('exit', onExit);
    },
  };
}

/** One `GET http://127.0.0.1:port/healthz` (node:http, which has no bad-port list). */
function getHealthz(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: HOST, port, path: '/healthz', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Polls `GET /healthz` until code-server answers 200, the process exits, or the timeout passes.
 * @param {number} port
 * @param {{ timeoutMs?: number, exited?: Promise<unknown> }} [o]
 */
export async function waitForHealthz(port, o = {}) {
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  let gone = false;
  o.exited?.then(() => {
    gone = true;
  });
  let last = '';
  while (Date.now() < deadline) {
    if (gone) throw new Error('code-server exited before answering /healthz');
    try {
      const r = await getHealthz(port);
      if (r.status === 200) {
        try {
          return JSON.parse(r.body);
        } catch {
          return {};
        }
      }
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer /healthz on port ${port} in time (last: ${last})`);
}
