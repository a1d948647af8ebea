/**
 * Who holds a lease, and whether that holder is still there. A lease owner id names this
 * extension host's process (`<random>:<pid>@<host>`), so another window on the same machine
 * can tell at once that the window which ran a task is gone (its process is dead) instead of
 * waiting out the lease's time to live. An id of another shape (an older Baton) or of another
 * machine is never judged gone: only its heartbeat's age tells. No `vscode`, for unit tests.
 */
import * as os from 'node:os';
import { isPidAlive } from '../../core/store/lock';
import { isLeaseLive, type Lease } from '../../shared/task';

const OWNER_ID = /^([A-Za-z0-9_-]+):(\d+)@(.+)$/;

/** This process's owner id: `random` (unique per activation) with this pid and host. */
export function ownerIdFor(random: string, pid = process.pid, host = os.hostname()): string {
  return `${random.replace(/[^A-Za-z0-9_-]/g, '')}:${pid}@${host}`;
}

export interface OwnerProcess {
  readonly pid: number;
  readonly host: string;
}

/** The process an owner id names, or undefined for an id of another shape. */
export function ownerProcess(ownerId: string): OwnerProcess | undefined {
  const match = OWNER_ID.exec(ownerId);
  if (!match) return undefined;
  const pid = Number(match[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { pid, host: match[3]! } : undefined;
}

export interface LivenessOptions {
  readonly leaseTtlMs: number;
  readonly host?: string;
  readonly isPidAlive?: (pid: number) => boolean;
}

/**
 * Judges leases: live while the heartbeat is younger than the TTL and the owner is not provably
 * gone (a process on this machine that no longer exists). The process check is cached briefly:
 * the sidebar asks for every task on every change.
 */
export class LeaseLiveness {
  private readonly host: string;
  private readonly alive: (pid: number) => boolean;
  private readonly gone = new Map<string, { gone: boolean; at: number }>();

  constructor(private readonly options: LivenessOptions) {
    this.host = options.host ?? os.hostname();
    this.alive = options.isPidAlive ?? isPidAlive;
  }

  get leaseTtlMs(): number {
    return this.options.leaseTtlMs;
  }

  isLive(lease: Lease | null, now: number): boolean {
    return isLeaseLive(lease, now, this.options.leaseTtlMs) && !this.ownerGone(lease!.ownerId, now);
  }

  /** True only when the owner's process is on this machine and does not exist. */
  ownerGone(ownerId: string, now: number): boolean {
    const cached = this.gone.get(ownerId);
    // A dead process stays dead; a live one is asked again after a second.
    if (cached && (cached.gone || now - cached.at < 1_000)) return cached.gone;
    const owner = ownerProcess(ownerId);
    const gone = owner !== undefined && owner.host === this.host && owner.pid !== process.pid && !this.alive(owner.pid);
    if (this.gone.size > 1_000) this.gone.clear();
    this.gone.set(ownerId, { gone, at: now });
    return gone;
  }
}
