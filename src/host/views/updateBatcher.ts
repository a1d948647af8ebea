/**
 * Coalesces what a webview must hear into a few messages per short window (one frame by
 * default): each changed record once in its latest version, each live state once, and the
 * transcript events of a task in order with adjacent text (or reasoning) deltas merged into one.
 * A token stream thus costs one small append per frame, never the whole state per token.
 */
import type { AgentEvent } from '../../shared/events';
import type { HostToWebviewMessage, LiveState, TaskUiState } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import type { IDisposable } from '../disposables';

export interface TaskDelta {
  changed: readonly TaskRecord[];
  removed: readonly string[];
}

/** Runs `fn` after `ms`; returns a function that cancels it. Injected by tests and benchmarks. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const scheduleWithTimer: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/** About one animation frame: streamed text shows up smoothly, in few messages. */
export const DEFAULT_BATCH_MS = 16;

export class UpdateBatcher implements IDisposable {
  private readonly changed = new Map<string, TaskRecord>();
  private readonly removed = new Set<string>();
  private readonly ui = new Map<string, TaskUiState>();
  private readonly live = new Map<string, LiveState | null>();
  private readonly events = new Map<string, AgentEvent[]>();
  private cancelFlush: (() => void) | undefined;

  constructor(
    private readonly send: (message: HostToWebviewMessage) => void,
    private readonly delayMs = DEFAULT_BATCH_MS,
    private readonly schedule: Schedule = scheduleWithTimer,
  ) {}

  records(delta: TaskDelta): void {
    for (const task of delta.changed) {
      this.removed.delete(task.id);
      this.changed.set(task.id, task);
    }
    for (const id of delta.removed) {
      this.changed.delete(id);
      this.ui.delete(id);
      this.removed.add(id);
    }
    this.arm();
  }

  /** How tasks stand now (running, needing the user, what they allow): sent with the records. */
  uiStates(states: Readonly<Record<string, TaskUiState>>): void {
    for (const [id, state] of Object.entries(states)) this.ui.set(id, state);
    this.arm();
  }

  liveState(taskId: string, state: LiveState | null): void {
    this.live.set(taskId, state);
    this.arm();
  }

  event(event: AgentEvent): void {
    let queue = this.events.get(event.taskId);
    if (!queue) this.events.set(event.taskId, (queue = []));
    const last = queue.at(-1);
    if (last && (event.type === 'text' || event.type === 'reasoning') && last.type === event.type) {
      queue[queue.length - 1] = { ...last, delta: last.delta + event.delta };
    } else {
      queue.push(event);
    }
    this.arm();
  }

  /** Sends what is pending now (nothing if nothing is). */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    if (this.changed.size > 0 || this.removed.size > 0 || this.ui.size > 0) {
      const message: HostToWebviewMessage = { type: 'tasksChanged', changed: [...this.changed.values()], removed: [...this.removed], ui: Object.fromEntries(this.ui) };
      this.changed.clear();
      this.removed.clear();
      this.ui.clear();
      this.send(message);
    }
    if (this.live.size > 0) {
      const states = Object.fromEntries(this.live);
      this.live.clear();
      this.send({ type: 'liveChanged', states });
    }
    for (const [taskId, events] of this.events) {
      this.events.delete(taskId);
      this.send({ type: 'transcriptAppend', taskId, events });
    }
  }

  /** Drops what is pending: a snapshot is about to supersede it. */
  discard(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    this.changed.clear();
    this.removed.clear();
    this.ui.clear();
    this.live.clear();
    this.events.clear();
  }

  dispose(): void {
    this.discard();
  }

  private arm(): void {
    this.cancelFlush ??= this.schedule(() => this.flush(), this.delayMs);
  }
}
