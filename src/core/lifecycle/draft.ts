/**
 * A copy-on-write view of a task map for one transition: reads see earlier writes, every write
 * bumps the record's revision once, and `finish()` returns what changed. Transitions never
 * mutate their input.
 */
import type { TaskMap, TaskRecord, Usage } from '../../shared/task';
import type { Effect, TransitionOk } from './types';
import { LifecycleError } from './types';

export class Draft {
  private readonly next: Record<string, TaskRecord>;
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  readonly effects: Effect[] = [];

  constructor(
    private readonly base: TaskMap,
    readonly now: number,
  ) {
    this.next = { ...base };
  }

  find(id: string | null | undefined): TaskRecord | undefined {
    return id ? this.next[id] : undefined;
  }

  get(id: string): TaskRecord {
    const task = this.next[id];
    if (!task) throw new LifecycleError('not_found', `No task with id ${id}.`, id);
    return task;
  }

  /** Replaces fields of a task; its revision goes up once per transition, however many patches. */
  patch(id: string, fields: Partial<TaskRecord>): TaskRecord {
    const current = this.get(id);
    const revision = this.changed.has(id) ? current.revision : (this.base[id]?.revision ?? 0) + 1;
    const updated: TaskRecord = { ...current, ...fields, revision, updatedAt: this.now };
    this.next[id] = updated;
    this.changed.add(id);
    return updated;
  }

  insert(task: TaskRecord): void {
    this.next[task.id] = task;
    this.changed.add(task.id);
  }

  remove(id: string): void {
    delete this.next[id];
    this.changed.delete(id);
    this.removed.add(id);
  }

  all(): TaskRecord[] {
    return Object.values(this.next);
  }

  finish(): TransitionOk {
    return {
      ok: true,
      tasks: this.changed.size || this.removed.size ? this.next : this.base,
      changed: [...this.changed],
      removed: [...this.removed],
      effects: this.effects,
    };
  }
}

/** The fields that change when the task's own usage report arrives. */
export function withOwnUsage(task: TaskRecord, ownUsage: Usage | undefined): Pick<TaskRecord, 'ownUsage' | 'usage'> {
  const own = ownUsage ?? task.ownUsage;
  return { ownUsage: own, usage: addUsage(own, task.childUsage) };
}

export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    turns: a.turns + b.turns,
    runtimeMs: a.runtimeMs + b.runtimeMs,
  };
  if (a.costUsd !== undefined || b.costUsd !== undefined) sum.costUsd = (a.costUsd ?? 0) + (b.costUsd ?? 0);
  return sum;
}

/** Follows `awaitingChildId` down to the task that is actually doing the work. */
export function bottomOfChain(draft: Draft, id: string): TaskRecord {
  let task = draft.get(id);
  const seen = new Set<string>([task.id]);
  while (task.status === 'delegated' && task.awaitingChildId) {
    const child = draft.find(task.awaitingChildId);
    if (!child || seen.has(child.id)) break;
    seen.add(child.id);
    task = child;
  }
  return task;
}

export function refuse(code: LifecycleError['code'], message: string, taskId?: string): never {
  throw new LifecycleError(code, message, taskId);
}
