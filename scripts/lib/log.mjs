// Tiny step logger for the infrastructure scripts: `[baton] ...` lines on stderr, with timings.

const t0 = Date.now();

/** Seconds since this process started, e.g. "12.3s". */
export function elapsed(since = t0) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Prints a line on stderr with the `[baton]` prefix. */
export function info(msg) {
  process.stderr.write(`[baton] ${msg}\n`);
}

/** Prints a warning line on stderr. */
export function warn(msg) {
  process.stderr.write(`[baton] WARNING: ${msg}\n`);
}

/**
 * Runs `fn` as a named step: prints "name ..." before and "name: done in Xs" after.
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function step(name, fn) {
  const start = Date.now();
  info(`${name} ...`);
  const result = await fn();
  info(`${name}: done in ${elapsed(start)}`);
  return result;
}

/** An error whose message is meant for the user as is (no stack trace needed). */
export class UserError extends Error {
  /** @param {string} message @param {number} [exitCode] */
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** Prints an error for the user (stack only for unexpected errors) and returns an exit code. */
export function reportError(err) {
  if (err instanceof UserError) {
    process.stderr.write(`\n[baton] ERROR: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`\n[baton] ERROR: ${err && err.stack ? err.stack : String(err)}\n`);
  return 1;
}
