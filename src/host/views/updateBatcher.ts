/**
 * Coalesces what a webview must hear into a few messages per short window (one frame by
 * default): each changed record once in its latest version, each live state once, and the
 * transcript events of a task in order with adjacent text (or reasoning) deltas merged into one.
 * A token stream thus costs one small append per frame, never the whole state per token.
 */
import type { AgentEvent } from '../../shared/events';
import { CHILD_TAIL_CHARS, type HostToWebviewMessage, type LiveState, type TaskUiState } from '../../shared/protocol';
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
  /** Text the panel task's children streamed since the last flush, by child (only its end is kept). */
  private readonly tails = new Map<string, string>();
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

  /**
   * Text a child of the panel's task streamed: only the last CHILD_TAIL_CHARS of it are kept
   * until the flush, so a child streaming fast costs one bounded string per frame, whatever
   * it streams and however many siblings stream with it.
   */
  childText(taskId: string, delta: string): void {
    const held = (this.tails.get(taskId) ?? '') + delta;
    // Trimmed only when twice over the bound: amortised O(1) per delta.
    this.tails.set(taskId, held.length > 2 * CHILD_TAIL_CHARS ? held.slice(-CHILD_TAIL_CHARS) : held);
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
    if (this.tails.size > 0) {
      const tails = Object.fromEntries([...this.tails].map(([id, text]) => [id, text.slice(-CHILD_TAIL_CHARS)]));
      this.tails.clear();
      this.send({ type: 'childTails', tails });
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
    this.tails.clear();
  }

  dispose(): void {
    this.discard();
  }

  private arm(): void {
    this.cancelFlush ??= this.schedule(() => this.flush(), this.delayMs);
  }
}
