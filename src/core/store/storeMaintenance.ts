/**
 * The store's background work, one job at a time and only when the store is idle, so it never
 * delays a commit or the window's start-up: knowing every tree's task ids (soon after open),
 * checking every tree file against the catalog (long after open, when the catalog vouched for
 * them: a file changed in place is found here), and writing a new catalog snapshot once the log
 * has grown. Timers never keep the process alive.
 */
type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface MaintenanceSettings {
  /** Idle time before every tree file is checked (negative: never). */
  verifyAfterMs: number;
  /** Trees changed since the last snapshot that call for a new one. */
  compactAfter: number;
  /** Idle time before a new snapshot is written. */
  compactIdleMs: number;
}

export interface MaintenanceWork {
  completeIds(): Promise<void>;
  verify(): Promise<void>;
  /** Trees changed since the last snapshot. */
  changes(): number;
  compact(): Promise<void>;
  log: Log;
}

type Job = 'ids' | 'verify' | 'compact';

/** When the task ids of every tree are gathered after open: after the window's start-up rush. */
const IDS_AFTER_MS = 1_000;

export class StoreMaintenance {
  private readonly timers = new Map<Job, NodeJS.Timeout>();
  private readonly pending = new Set<Job>();
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  /** Nothing runs before the store is open; what is asked for meanwhile waits. */
  private started = false;
  private readonly deferred = new Set<Job>();

  constructor(
    private readonly settings: MaintenanceSettings,
    private readonly work: MaintenanceWork,
  ) {}

  /** After open: `checked` when every file was already checked against the catalog at open. */
  opened(checked: boolean): void {
    this.started = true;
    for (const job of this.deferred) this.enqueue(job);
    this.deferred.clear();
    this.schedule('ids', IDS_AFTER_MS);
    if (!checked && this.settings.verifyAfterMs >= 0) this.schedule('verify', this.settings.verifyAfterMs);
  }

  /** A commit starts: idle timers start again. */
  busy(): void {
    for (const [job, timer] of this.timers) {
      if (job === 'ids') continue;
      timer.refresh();
    }
  }

  /** A commit ended: a grown log calls for a snapshot, once the store is idle. */
  changed(): void {
    if (!this.timers.has('compact') && !this.pending.has('compact') && this.work.changes() >= this.settings.compactAfter) this.schedule('compact', this.settings.compactIdleMs);
  }

  /** Every file is to be checked as soon as possible (the catalog turned out damaged). */
  verifyNow(): void {
    clearTimeout(this.timers.get('verify'));
    this.timers.delete('verify');
    this.enqueue('verify');
  }

  /** Runs what is scheduled now and waits for all of it (tests, benchmarks). */
  async settled(): Promise<void> {
    for (const [job, timer] of [...this.timers]) {
      clearTimeout(timer);
      this.timers.delete(job);
      this.enqueue(job);
    }
    await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.running;
  }

  private schedule(job: Job, delayMs: number): void {
    if (this.closed || this.timers.has(job)) return;
    const timer = setTimeout(() => {
      this.timers.delete(job);
      this.enqueue(job);
    }, delayMs);
    timer.unref?.();
    this.timers.set(job, timer);
  }

  private enqueue(job: Job): void {
    if (!this.started) {
      this.deferred.add(job);
      return;
    }
    if (this.closed || this.pending.has(job)) return;
    this.pending.add(job);
    this.running = this.running.then(async () => {
      this.pending.delete(job);
      if (this.closed) return;
      try {
        if (job === 'ids') await this.work.completeIds();
        else if (job === 'verify') await this.work.verify();
        else if (this.work.changes() >= this.settings.compactAfter) await this.work.compact();
      } catch (error) {
        this.work.log('warn', `Background upkeep of the task store (${job}) failed: ${String(error)}`);
      }
    });
  }
}
