/**
 * A copy-on-write view of a task map for one transition: reads see earlier writes, every write
 * bumps the record's revision once, and `finish()` returns what changed. Transitions never
 * mutate their input.
 */
import type { AwaitedChild, Lease, TaskMap, TaskRecord, Usage } from '../../shared/task';
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
  if (a.outputEstimated || b.outputEstimated) sum.outputEstimated = true;
  return sum;
}

/** Usage `a` minus `b`, field by field, never below zero (usage reports are not always monotonic). */
export function subtractUsage(a: Usage, b: Usage): Usage {
  const diff: Usage = {
    inputTokens: Math.max(0, a.inputTokens - b.inputTokens),
    outputTokens: Math.max(0, a.outputTokens - b.outputTokens),
    turns: Math.max(0, a.turns - b.turns),
    runtimeMs: Math.max(0, a.runtimeMs - b.runtimeMs),
  };
  if (a.costUsd !== undefined) diff.costUsd = Math.max(0, a.costUsd - (b.costUsd ?? 0));
  // What is left may hold the estimate (which part of a total was estimated is not kept).
  if (a.outputEstimated) diff.outputEstimated = true;
  return diff;
}

/** The record fields that follow from a task's awaited set (kept in step for older readers). */
export function awaitingFields(awaiting: readonly AwaitedChild[]): Pick<TaskRecord, 'awaiting' | 'awaitingChildId' | 'pendingToolCallId'> {
  return { awaiting: [...awaiting], awaitingChildId: awaiting[0]?.childId ?? null, pendingToolCallId: awaiting[0]?.toolCallId ?? null };
}

export function leaseFor(ownerId: string | undefined, now: number): Lease | null {
  return ownerId ? { ownerId, heartbeatAt: now } : null;
}

/** The task and all its descendants, parents before children (cycle-safe). */
export function subtree(draft: Draft, id: string): TaskRecord[] {
  const out: TaskRecord[] = [];
  const seen = new Set<string>();
  const visit = (taskId: string) => {
    const task = draft.find(taskId);
    if (!task || seen.has(taskId)) return;
    seen.add(taskId);
    out.push(task);
    task.childIds.forEach(visit);
  };
  visit(id);
  return out;
}

/** The children of `task` that still owe it the outcome of their current assignment. */
export function owingChildren(draft: Draft, task: TaskRecord): TaskRecord[] {
  return task.childIds.flatMap((id) => {
    const child = draft.find(id);
    return child && child.parentId === task.id && child.reportTo !== null ? [child] : [];
  });
}

/** `"a", "b" and "c"`: task titles in a sentence. */
export function titles(tasks: readonly TaskRecord[]): string {
  const quoted = tasks.map((t) => `"${t.title}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

export function refuse(code: LifecycleError['code'], message: string, taskId?: string): never {
  throw new LifecycleError(code, message, taskId);
}
