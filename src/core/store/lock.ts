/**
 * The cross-process lock around commits (two VS Code windows share global storage).
 *
 * How: each FileLock writes its holder record (pid, host, owner id, instance id) once, into its
 * own file `<lock>.<instance>`; acquiring is `link(ownFile, <lock>)`, which atomically fails
 * with EEXIST while anyone holds the lock; releasing is `unlink(<lock>)`. Reading `<lock>` tells
 * who holds it, and the inode's ctime (set by link) tells since when. Hard links are the classic
 * lock that also works on NFS, and the pair costs ~20 µs: no inode is created per commit (an
 * O_EXCL lock file costs ~5x that, and a new inode makes the following fsync's journal commit
 * bigger). Where hard links are not supported (FAT, some network shares) it falls back to an
 * O_EXCL-created copy of the holder record.
 *
 * Why not `proper-lockfile`: it is mkdir-based with async graceful-fs calls, refreshes the
 * lock's mtime on a timer while held, retries with millisecond back-off, and judges staleness by
 * age alone, so it can tell neither a crashed window (break at once) from a slow one (never).
 * This lock breaks a holder's lock only when that is safe:
 *  - same host, holder's pid dead                         → stale at once (a killed window);
 *  - this very FileLock, not holding it (a failed release) → stale at once;
 *  - same host, pid alive                                 → stale after `maxHoldMs` (pid reuse);
 *  - another host (a shared network home)                 → stale after `foreignStaleMs`;
 *  - unreadable holder (external damage)                  → stale after `unreadableStaleMs`;
 *  - a folder at the lock's path (external damage)         → stale at once: this protocol never
 *    makes one, so nobody holds it; it is moved aside (`setAside`), never deleted.
 * Breaking is guarded by an exclusively created `<lock>.breaking` directory and re-checks the
 * holder inside it, so two breakers never remove a lock that a third window has just taken.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { errorCode, isNotFound, type FsPort } from './fsPort';
import { StoreError } from './errors';
import { randomId } from './ids';

export interface LockHolder {
  pid: number;
  host: string;
  ownerId: string;
  /** Which FileLock object holds it. */
  instance: string;
}

export interface FileLockOptions {
  fs: FsPort;
  path: string;
  ownerId: string;
  pid?: number;
  host?: string;
  isPidAlive?: (pid: number) => boolean;
  /** Wall clock for lock ages; deliberately not the store's (possibly simulated) task clock. */
  clock?: () => number;
  timeoutMs?: number;
  maxHoldMs?: number;
  foreignStaleMs?: number;
  unreadableStaleMs?: number;
  /** Tests: behave as on a file system without hard links. */
  noHardLinks?: boolean;
  /** Moves a folder found at the lock's path out of the way (the store quarantines it); default: renames it next to the lock. */
  setAside?: (file: string, reason: string) => void;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

export interface HeldLock {
  release(): void;
}

type Verdict = { kind: 'gone' } | { kind: 'live' } | { kind: 'stale'; token: string };

const OWN_FILE = /^(.*)\.([A-Za-z0-9_-]{12})\.owner$/;

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FileLock {
  private readonly fs: FsPort;
  private readonly holder: LockHolder;
  private readonly ownFile: string;
  private readonly clock: () => number;
  private readonly alive: (pid: number) => boolean;
  private readonly timeoutMs: number;
  private readonly maxHoldMs: number;
  private readonly foreignStaleMs: number;
  private readonly unreadableStaleMs: number;
  private hardLinks: boolean;
  private ownFileWritten = false;
  private holding = false;
  /** Locks broken by this object, for tests and logs. */
  brokenCount = 0;

  constructor(private readonly options: FileLockOptions) {
    this.fs = options.fs;
    const instance = randomId(12);
    this.holder = { pid: options.pid ?? process.pid, host: options.host ?? os.hostname(), ownerId: options.ownerId, instance };
    this.ownFile = `${options.path}.${instance}.owner`;
    this.clock = options.clock ?? Date.now;
    this.alive = options.isPidAlive ?? isPidAlive;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxHoldMs = options.maxHoldMs ?? 10 * 60_000;
    this.foreignStaleMs = options.foreignStaleMs ?? 60_000;
    this.unreadableStaleMs = options.unreadableStaleMs ?? 5_000;
    this.hardLinks = !options.noHardLinks;
  }

  async acquire(): Promise<HeldLock> {
    const deadline = this.clock() + this.timeoutMs;
    let delayMs = 0.5;
    for (let spins = 0; ; spins++) {
      const held = this.tryTake();
      if (held) return held;
      const holder = this.judgeHolder();
      // Retry at once after the lock vanished or was broken, but never spin on the event loop.
      const retryNow = holder.kind === 'gone' || (holder.kind === 'stale' && this.breakStale(holder.token));
      if (retryNow && spins < 8) continue;
      spins = 0;
      if (this.clock() > deadline) {
        throw new StoreError('lock_timeout', `The task store at ${path.dirname(this.options.path)} stayed locked for ${this.timeoutMs} ms.`);
      }
      await sleep(delayMs * (0.5 + Math.random()));
      delayMs = Math.min(delayMs * 2, 20);
    }
  }

  /** Removes this object's files: its holder record, and the lock if a failed release left it (on close). */
  dispose(): void {
    if (this.holding) return;
    try {
      if (this.readHolder()?.instance === this.holder.instance) this.fs.unlinkSync(this.options.path);
    } catch (error) {
      if (!isNotFound(error)) this.options.log?.('error', `Could not remove the store lock ${this.options.path}: ${String(error)}`);
    }
    if (this.ownFileWritten) this.unlinkQuietly(this.ownFile);
    this.ownFileWritten = false;
  }

  /** Removes holder records that crashed processes on this host left behind (never the lock itself). */
  sweepOwnFiles(): void {
    const dir = path.dirname(this.options.path);
    const base = path.basename(this.options.path);
    let names: string[];
    try {
      names = this.fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const match = OWN_FILE.exec(name);
      if (!match || match[1] !== base || match[2] === this.holder.instance) continue;
      const file = path.join(dir, name);
      try {
        const holder = this.parseHolder(this.fs.readFileSync(file));
        if (holder?.host === this.holder.host && holder.pid !== this.holder.pid && !this.alive(holder.pid)) this.fs.unlinkSync(file);
      } catch {
        // Another window swept it first, or it is unreadable: leave it.
      }
    }
  }

  private tryTake(): HeldLock | undefined {
    try {
      if (this.hardLinks) this.linkOwnFile();
      else this.createCopy();
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return undefined;
      throw error;
    }
    this.holding = true;
    const takenAt = this.clock();
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.holding = false;
        // Nobody breaks a lock younger than the shortest stale age, so a short hold skips the check.
        const trusted = this.clock() - takenAt < Math.min(this.foreignStaleMs, this.maxHoldMs) / 2;
        this.unlinkIfOurs(trusted);
      },
    };
  }

  private linkOwnFile(): void {
    if (!this.ownFileWritten) this.writeOwnFile();
    try {
      this.fs.linkSync(this.ownFile, this.options.path);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') {
        // Swept by mistake, or the folder was recreated: write it again.
        this.writeOwnFile();
        this.fs.linkSync(this.ownFile, this.options.path);
      } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EXDEV') {
        this.options.log?.('info', `Hard links are not available for ${this.options.path} (${code}); using an exclusive lock file.`);
        this.hardLinks = false;
        this.createCopy();
      } else {
        throw error;
      }
    }
  }

  private writeOwnFile(): void {
    const fd = this.fs.openSync(this.ownFile, 'w');
    try {
      this.fs.writeSync(fd, Buffer.from(JSON.stringify(this.holder)));
    } finally {
      this.fs.closeSync(fd);
    }
    this.ownFileWritten = true;
  }

  private createCopy(): void {
    const fd = this.fs.openSync(this.options.path, 'wx');
    try {
      this.fs.writeSync(fd, Buffer.from(JSON.stringify(this.holder)));
      this.fs.closeSync(fd);
    } catch (error) {
      this.unlinkQuietly(this.options.path);
      throw error;
    }
  }

  /**
   * Never throws: the work done under the lock stands. A lock this object failed to remove is
   * recognised as its leftover by its next acquire, and by other windows once it is stale.
   */
  private unlinkIfOurs(trusted: boolean): void {
    try {
      if (!trusted && this.readHolder()?.instance !== this.holder.instance) {
        this.options.log?.('warn', `The store lock was broken while this window held it (${this.options.path}).`);
        return;
      }
      this.fs.unlinkSync(this.options.path);
    } catch (error) {
      if (!isNotFound(error)) this.options.log?.('error', `Could not release the store lock ${this.options.path}: ${String(error)}`);
    }
  }

  private readHolder(): LockHolder | undefined {
    return this.parseHolder(this.fs.readFileSync(this.options.path));
  }

  private parseHolder(data: Buffer): LockHolder | undefined {
    try {
      const parsed: unknown = JSON.parse(data.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null) return undefined;
      const h = parsed as Partial<LockHolder>;
      if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.instance !== 'string') return undefined;
      return { pid: h.pid, host: h.host, instance: h.instance, ownerId: String(h.ownerId ?? '') };
    } catch {
      return undefined;
    }
  }

  /** The current holder and since when (the lock inode's ctime: set by link, or by creation). */
  private inspect(): { holder: LockHolder | undefined; folder: boolean; token: string; ageMs: number } | undefined {
    try {
      let holder: LockHolder | undefined;
      let folder = false;
      try {
        holder = this.readHolder();
      } catch (error) {
        if (errorCode(error) !== 'EISDIR') throw error;
        folder = true;
      }
      const ctimeNs = this.fs.statSync(this.options.path).ctimeNs;
      return { holder, folder, token: `${folder ? 'folder' : (holder?.instance ?? '?')}@${ctimeNs}`, ageMs: this.clock() - Number(ctimeNs / 1_000_000n) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private judgeHolder(): Verdict {
    const seen = this.inspect();
    if (!seen) return { kind: 'gone' };
    const { holder, token, ageMs } = seen;
    const stale = (isStale: boolean): Verdict => (isStale ? { kind: 'stale', token } : { kind: 'live' });
    if (seen.folder) return stale(true);
    if (!holder) return stale(ageMs > this.unreadableStaleMs);
    if (holder.host !== this.holder.host) return stale(ageMs > this.foreignStaleMs);
    if (holder.instance === this.holder.instance) return stale(!this.holding);
    const dead = holder.pid !== this.holder.pid && !this.alive(holder.pid);
    return stale(dead || ageMs > this.maxHoldMs);
  }

  /** Removes the lock if the holder judged stale (`token`) still holds it; false if another breaker is at work. */
  private breakStale(token: string): boolean {
    const guard = `${this.options.path}.breaking`;
    try {
      this.fs.mkdirSync(guard, false);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      this.breakAbandonedGuard(guard);
      return false;
    }
    try {
      // Still the same stale holder? Another breaker may have removed it and a live window re-taken it.
      const seen = this.inspect();
      if (seen?.token === token) {
        if (seen.folder) this.moveFolderAside();
        else this.fs.unlinkSync(this.options.path);
        this.brokenCount++;
        this.options.log?.('warn', `Broke a stale store lock (${this.options.path}).`);
      }
    } finally {
      this.fs.rmdirSync(guard);
    }
    return true;
  }

  private moveFolderAside(): void {
    const reason = 'a folder was where Baton keeps its store lock file, so no change could be saved';
    if (this.options.setAside) this.options.setAside(this.options.path, reason);
    else this.fs.renameSync(this.options.path, `${this.options.path}.${randomId(6)}.folder`);
  }

  /** A breaker that crashed inside its few-µs critical section leaves the guard behind. */
  private breakAbandonedGuard(guard: string): void {
    try {
      const ageMs = this.clock() - Number(this.fs.statSync(guard).mtimeNs / 1_000_000n);
      if (ageMs > this.unreadableStaleMs) this.fs.rmdirSync(guard);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private unlinkQuietly(file: string): void {
    try {
      this.fs.unlinkSync(file);
    } catch {
      // Best effort.
    }
  }
}
