/**
 * Ends a parent's wait_for_subtasks early, as the lifecycle stored it: at its deadline (a timer
 * per waiting call), or at the first event of an awaited child that the call wakes on. The
 * lifecycle's `wake` is idempotent, so two windows waking the same call is harmless. Timers are
 * re-armed from the records (on start and on every change), so a wait survives a reload.
 */
import type { AgentEvent } from '../../shared/events';
import { MAX_TIMER_MS, WakeOn, type TaskRecord } from '../../shared/task';

export interface WaitWakersOptions {
  get(id: string): TaskRecord | undefined;
  /** Whether this window may run the parent (its folder is open here). */
  runsHere(task: TaskRecord): boolean;
  wake(taskId: string, toolCallId: string, reason: string): void;
  now(): number;
}

const WAKE_EVENTS = new Set<string>(WakeOn.options);

export class WaitWakers {
  /** `taskId \n toolCallId` → its deadline timer. */
  private readonly timers = new Map<string, { until: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly reasons = new Map<string, string>();

  constructor(private readonly opts: WaitWakersOptions) {}

  /** Arms or clears the deadline timers of these tasks, from their records. */
  sync(tasks: readonly TaskRecord[]): void {
    for (const task of tasks) {
      const wanted = new Map<string, number>();
      if (task.status === 'delegated' && this.opts.runsHere(task)) {
        for (const e of task.awaiting) if (e.until !== null) wanted.set(e.toolCallId, Math.min(e.until, wanted.get(e.toolCallId) ?? Infinity));
      }
      for (const [key, armed] of this.timers) {
        const [taskId, callId] = key.split('\n') as [string, string];
        if (taskId === task.id && wanted.get(callId) !== armed.until) this.clear(key);
      }
      for (const [callId, until] of wanted) this.arm(task.id, callId, until);
    }
  }

  forget(taskId: string): void {
    for (const key of [...this.timers.keys()]) if (key.startsWith(`${taskId}\n`)) this.clear(key);
  }

  /** A child's event: wakes the parent's calls that wait on it for this kind of event. */
  observe(e: AgentEvent): void {
    if (!WAKE_EVENTS.has(e.type)) return;
    const child = this.opts.get(e.taskId);
    const parent = child?.parentId ? this.opts.get(child.parentId) : undefined;
    if (!parent || parent.status !== 'delegated') return;
    const calls = new Set(parent.awaiting.filter((w) => w.childId === e.taskId && w.wakeOn.includes(e.type as WakeOn)).map((w) => w.toolCallId));
    const what = { tool_call: 'used a tool', retrying: 'is retrying after a model error', stalled: 'stalled', checkpoint: 'wrote a checkpoint' }[e.type as WakeOn];
    for (const callId of calls) this.opts.wake(parent.id, callId, `subtask "${child!.title}" (id ${child!.id}) ${what}`);
  }

  /** Why this process woke the call, if it did. */
  reason(taskId: string, toolCallId: string): string | undefined {
    return this.reasons.get(`${taskId}\n${toolCallId}`);
  }

  noteReason(taskId: string, toolCallId: string, reason: string): void {
    this.reasons.set(`${taskId}\n${toolCallId}`, reason);
    if (this.reasons.size > 1000) this.reasons.delete(this.reasons.keys().next().value!);
  }

  dispose(): void {
    for (const key of [...this.timers.keys()]) this.clear(key);
  }

  private arm(taskId: string, callId: string, until: number): void {
    const key = `${taskId}\n${callId}`;
    if (this.timers.get(key)?.until === until) return;
    this.clear(key);
    // A deadline further away than a timer holds is re-armed when the long timer fires.
    const delay = Math.min(Math.max(0, until - this.opts.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.opts.now() < until) return this.arm(taskId, callId, until);
      const task = this.opts.get(taskId);
      if (task?.status === 'delegated' && task.awaiting.some((e) => e.toolCallId === callId && e.until === until)) {
        this.opts.wake(taskId, callId, 'its timeout passed');
      }
    }, delay);
    timer.unref?.();
    this.timers.set(key, { until, timer });
  }

  private clear(key: string): void {
    const armed = this.timers.get(key);
    if (armed) clearTimeout(armed.timer);
    this.timers.delete(key);
  }
}
