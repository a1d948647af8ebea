/**
 * An FsPort that fails on purpose: the k-th call (counting from 1 after `arm`) throws an EIO.
 * In `crash` mode every later call fails too, as if the process died at that instruction and
 * nothing after it ran; in `once` mode only that call fails (a transient I/O error).
 */
import { nodeFs, type FsPort } from '../../src/core/store/fsPort';

const ASYNC = new Set<keyof FsPort>(['fsync', 'readFile', 'appendFile']);

export class FaultyFs {
  readonly port: FsPort;
  /** Calls made since `arm`, as `name(path-ish)`, for failure messages. */
  readonly trace: string[] = [];
  private failAt = 0;
  private mode: 'once' | 'crash' = 'crash';
  private calls = 0;
  private crashed = false;

  constructor(base: FsPort = nodeFs) {
    const port: Partial<Record<keyof FsPort, unknown>> = {};
    for (const name of Object.keys(base) as (keyof FsPort)[]) {
      const real = base[name] as (...args: unknown[]) => unknown;
      port[name] = (...args: unknown[]) => {
        const failure = this.tick(name, args);
        if (failure) {
          if (ASYNC.has(name)) return Promise.reject(failure);
          throw failure;
        }
        return real.apply(base, args);
      };
    }
    this.port = port as FsPort;
  }

  /** Fails call number `k` from now on (0: never). */
  arm(k: number, mode: 'once' | 'crash'): void {
    this.failAt = k;
    this.mode = mode;
    this.calls = 0;
    this.crashed = false;
    this.trace.length = 0;
  }

  get callCount(): number {
    return this.calls;
  }

  /** Whether the armed fault fired. */
  get fired(): boolean {
    return this.failAt > 0 && this.calls >= this.failAt;
  }

  private tick(name: string, args: unknown[]): Error | undefined {
    this.calls++;
    this.trace.push(`${name}(${typeof args[0] === 'string' ? args[0].split('/').slice(-2).join('/') : String(args[0])})`);
    const hit = this.calls === this.failAt || (this.crashed && this.mode === 'crash');
    if (!hit) return undefined;
    if (this.mode === 'crash') this.crashed = true;
    return Object.assign(new Error(`injected fault at call ${this.calls} (${name})`), { code: 'EIO' });
  }
}

/** Calls that read a path (what a chmod 000 refuses; renaming or unlinking it still works). */
const READS = new Set<keyof FsPort>(['openSync', 'readFileSync', 'readStampedSync', 'readFile', 'readHeadSync', 'readTailSync', 'readdirSync', 'appendFile']);

/**
 * An FsPort that refuses, with `code` (EACCES by default), to read the paths `denied` holds: a
 * file as under `chmod 000`, and a folder as under `chmod 000` too (it cannot be listed, and
 * nothing inside it can be opened or looked at). Tests need it because they run as root, which
 * ignores file modes. Remove a path from `denied` to "fix the permissions".
 */
export class DeniedFs {
  readonly denied = new Set<string>();
  readonly port: FsPort;

  constructor(base: FsPort = nodeFs, code = 'EACCES') {
    const port: Partial<Record<keyof FsPort, unknown>> = {};
    for (const name of Object.keys(base) as (keyof FsPort)[]) {
      const real = base[name] as (...args: unknown[]) => unknown;
      port[name] = (...args: unknown[]) => {
        const target = typeof args[0] === 'string' ? args[0] : undefined;
        if (target !== undefined && this.refuses(name, target)) {
          const failure = Object.assign(new Error(`${code}: permission denied (injected), ${name} '${target}'`), { code });
          if (ASYNC.has(name)) return Promise.reject(failure);
          throw failure;
        }
        return real.apply(base, args);
      };
    }
    this.port = port as FsPort;
  }

  private refuses(call: keyof FsPort, target: string): boolean {
    for (const path of this.denied) {
      if (target === path && READS.has(call)) return true;
      // Inside a folder that cannot be searched, nothing can even be looked at.
      if (target.startsWith(`${path}/`)) return true;
    }
    return false;
  }
}
