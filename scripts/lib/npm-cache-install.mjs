// Installs pinned npm packages into a folder of their own under `.cache/` (never into the
// project's node_modules: the agents Baton drives in tests are tools, not dependencies), with
// a log file, progress lines and a marker written only after the caller verified the install.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { elapsed, info, UserError } from './log.mjs';

/**
 * @param {{ dir: string, name: string, dependencies: Record<string, string>, logPath: string, allowScripts?: Record<string, boolean> }} o
 */
export async function npmInstallInto(o) {
  fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(o.dir, { recursive: true });
  fs.writeFileSync(
    path.join(o.dir, 'package.json'),
    JSON.stringify({ name: o.name, private: true, description: 'Installed by a Baton script for its tests; see scripts/.', dependencies: o.dependencies, allowScripts: o.allowScripts ?? {} }, null, 2) + '\n',
  );
  fs.mkdirSync(path.dirname(o.logPath), { recursive: true });
  const logFd = fs.openSync(o.logPath, 'w');
  const started = Date.now();
  await new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: o.dir, env: npmEnv(), stdio: ['ignore', logFd, logFd] });
    const timer = setInterval(() => info(`      ... ${elapsed(started)}`), 15_000);
    const end = (error) => {
      clearInterval(timer);
      fs.closeSync(logFd);
      if (error) reject(error);
      else resolve(undefined);
    };
    child.on('error', (e) => end(new UserError(`could not run npm: ${e.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) return end();
      end(new UserError(`npm install in ${o.dir} failed (exit ${code ?? signal}). Last lines of ${o.logPath}:\n${readTail(o.logPath, 30).replace(/^/gm, '    ')}`));
    });
  });
  info(`      npm install done in ${elapsed(started)} (log: ${o.logPath})`);
}

/** Size of a folder in MB (apparent size of its files, links not followed). */
export function folderMb(dir) {
  let bytes = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) bytes += fs.statSync(p).size;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return Math.round(bytes / 1e6);
}

/** Environment for a nested npm: no project-level npm_* leaking in from an outer `npm run`. */
export function npmEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$|config_global$|config_save)/i.test(k)) continue;
    if (k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

export function readTail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Reads a JSON marker; undefined when it is missing or unreadable. */
export function readMarker(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
