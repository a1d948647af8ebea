// Debian package checks and installs (apt-get), used by ensure-code-server and .ci/run's helpers.
import { spawnSync } from 'node:child_process';
import { info, UserError } from './log.mjs';

/** What code-server's postinstall needs to build its native modules, plus Debian's ripgrep. */
export const CODE_SERVER_BUILD_PACKAGES = [
  'g++',
  'make',
  'python3',
  'pkg-config',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'ripgrep',
];

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Returns the packages of `names` that are not fully installed according to dpkg.
 * @param {string[]} names
 * @returns {string[]}
 */
export function missingDebPackages(names) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...names], {
    encoding: 'utf8',
  });
  if (r.error) {
    // No dpkg (not Debian): we cannot tell; let the build itself fail with its own message.
    return [];
  }
  const installed = new Set();
  for (const line of (r.stdout || '').split('\n')) {
    const [pkg, status] = line.trim().split(/\s+/);
    if (pkg && status === 'ii') installed.add(pkg.replace(/:.*$/, ''));
  }
  return names.filter((n) => !installed.has(n));
}

/** The command a user should run to install `pkgs`. */
export function aptCommand(pkgs) {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
}

/**
 * Installs the missing ones among `names` when root; otherwise throws a UserError naming the
 * apt command. Runs `apt-get update` once per process before the first install.
 * @param {string[]} names
 * @param {{ why?: string }} [opts]
 */
export function ensureDebPackages(names, opts = {}) {
  const missing = missingDebPackages(names);
  if (missing.length === 0) return;
  const why = opts.why ? ` (${opts.why})` : '';
  if (!isRoot()) {
    throw new UserError(
      `Missing Debian packages${why}: ${missing.join(' ')}\n` +
        `Install them and run again:\n    ${aptCommand(missing)}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another apt/dpkg (another engineer's install) instead of failing on its lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=600', '-o', 'Dpkg::Use-Pty=0'];
  if (!aptUpdated) {
    info(`apt-get update (missing${why}: ${missing.join(' ')})`);
    run('apt-get', [...lock, 'update', '-qq'], env);
    aptUpdated = true;
  }
  info(`apt-get install ${missing.join(' ')}`);
  run('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing], env);
  const still = missingDebPackages(names);
  if (still.length) throw new UserError(`apt-get did not install: ${still.join(' ')}`);
}

let aptUpdated = false;

/** Runs a command quietly; its output is shown only when it fails. */
function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new UserError(`${cmd} failed to start: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${r.stdout || ''}${r.stderr || ''}`.trimEnd().split('\n').slice(-30).join('\n');
    throw new UserError(`'${cmd} ${args.join(' ')}' exited with ${r.status ?? r.signal}:\n${out}`);
  }
}
