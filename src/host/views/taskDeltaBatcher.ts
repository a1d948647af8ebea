/**
 * Coalesces the store's change events into one `tasksChanged` delta per short window, so a
 * burst of commits (a heartbeat per running task, a parent and child committed together)
 * reaches the webview as one message holding each record's latest version once.
 */
import type { TaskRecord } from '../../shared/task';
import type { IDisposable } from '../disposables';

export interface TaskDelta {
  changed: TaskRecord[];
  removed: string[];
}

/** Runs `fn` after `ms`; returns a function that cancels it. Injected by tests. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const scheduleWithTimer: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export const DEFAULT_BATCH_MS = 50;

export class TaskDeltaBatcher implements IDisposable {
  private readonly changed = new Map<string, TaskRecord>();
  private readonly removed = new Set<string>();
  private cancelFlush: (() => void) | undefined;

  constructor(
    private readonly send: (delta: TaskDelta) => void,
    private readonly delayMs = DEFAULT_BATCH_MS,
    private readonly schedule: Schedule = scheduleWithTimer,
  ) {}

  add(delta: TaskDelta): void {
    for (const task of delta.changed) {
      this.removed.delete(task.id);
      this.changed.set(task.id, task);
    }
    for (const id of delta.removed) {
      this.changed.delete(id);
      this.removed.add(id);
    }
    if (this.cancelFlush === undefined && (this.changed.size > 0 || this.removed.size > 0)) {
      this.cancelFlush = this.schedule(() => this.flush(), this.delayMs);
    }
  }

  /** Sends what is pending now (nothing if nothing is). */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    if (this.changed.size === 0 && this.removed.size === 0) return;
    const delta: TaskDelta = { changed: [...this.changed.values()], removed: [...this.removed] };
    this.changed.clear();
    this.removed.clear();
    this.send(delta);
  }

  /** Drops what is pending: a snapshot is about to supersede it. */
  discard(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    this.changed.clear();
    this.removed.clear();
  }

  dispose(): void {
    this.discard();
  }
}
