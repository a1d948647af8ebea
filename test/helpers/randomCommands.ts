/**
 * Seeded random lifecycle commands for crash and concurrency runs. Commands are chosen to be
 * mostly legal for the task's current status (so runs exercise real multi-record transitions:
 * batch and background delegation, complete, stop_subtask, continue_subtask, abandon, delete),
 * with a few arbitrary ones the lifecycle must refuse.
 */
import type { LifecycleCommand } from '../../src/core/lifecycle';
import type { TaskRecord } from '../../src/shared/task';

/** mulberry32: small, fast, good enough for test sequences. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RandomCommands {
  private counter = 0;

  constructor(
    private readonly rand: () => number,
    /** Prefix of every id this generator creates: unique per run, so runs on one store never collide. */
    private readonly idPrefix: string,
    private readonly ownerId: string,
    private readonly clock: () => number = Date.now,
  ) {}

  next(tasks: readonly TaskRecord[]): LifecycleCommand {
    const now = this.clock();
    if (tasks.length === 0 || this.rand() < 0.12) return this.createRoot(now);
    // Now and then a running parent supervises a child it started (rare if left to chance).
    if (this.rand() < 0.06) {
      const supervised = this.supervise(tasks, now);
      if (supervised) return supervised;
    }
    const task = tasks[Math.floor(this.rand() * tasks.length)]!;
    const pick = this.rand();
    const taskId = task.id;
    const ownerId = this.ownerId;
    const children = (ok: (c: TaskRecord) => boolean) => tasks.filter((c) => c.parentId === taskId && ok(c));
    switch (task.status) {
      case 'active': {
        if (pick < 0.2 && task.depth < 3) return this.delegate(task, now, true);
        if (pick < 0.26 && task.depth < 3) return this.delegate(task, now, false);
        const owing = children((c) => c.reportTo !== null);
        if (pick < 0.3 && owing.length) return this.stopSubtask(task, this.choose(owing), now);
        const done = children((c) => ['completed', 'failed', 'interrupted', 'needs_continuation'].includes(c.status));
        if (pick < 0.34 && done.length) return this.continueSubtask(task, this.choose(done), now);
        if (pick < 0.55) return { type: 'complete', taskId, now, ownerId, result: this.result(task), ownUsage: this.usage() };
        if (pick < 0.65) return { type: 'interrupt', taskId, reason: 'user_stop', now };
        if (pick < 0.75) return { type: 'recordProgress', taskId, now, ownUsage: this.usage(), checkpoint: { summary: `checkpoint ${this.counter++} of ${taskId}`, filesRead: ['src/a.ts'], filesWritten: [], at: now } };
        if (pick < 0.8) return { type: 'fail', taskId, now, failure: { message: 'model error', code: 'E_MODEL' }, report: this.rand() < 0.5, partial: { outputTail: 'partial output' }, ownerId };
        if (pick < 0.85) return { type: 'budgetExhausted', taskId, now, reason: 'turns', checkpoint: { summary: 'out of turns', filesRead: [], filesWritten: [], at: now } };
        if (pick < 0.93) return { type: 'start', taskId, ownerId, leaseTtlMs: 30_000, now };
        return { type: 'heartbeat', taskId, ownerId, now };
      }
      case 'delegated':
        if (pick < 0.5) return { type: 'interrupt', taskId, reason: 'user_stop', now };
        if (pick < 0.6) return { type: 'delete', taskId: task.awaitingChildId ?? taskId, partial: { outputTail: 'partial output' }, now };
        return { type: 'resume', taskId, now, ownerId };
      case 'interrupted':
      case 'needs_continuation':
      case 'failed':
        if (pick < 0.4) return { type: 'resume', taskId, now, ownerId };
        if (pick < 0.55 && task.depth < 3) return this.delegate(task, now, true);
        if (pick < 0.8) return { type: 'abandon', taskId, now, ownerId, partial: { outputTail: 'partial output' } };
        return { type: 'delete', taskId, now };
      case 'completed':
        if (pick < 0.5 && task.parentId === null) return { type: 'followUp', taskId, now, ownerId, messageId: `m${this.counter++}`, text: 'and also…' };
        if (pick < 0.7) return { type: 'delete', taskId, now };
        return { type: 'complete', taskId, now, result: this.result(task) };
      case 'abandoned':
        return pick < 0.6 ? { type: 'delete', taskId, now } : { type: 'resume', taskId, now };
    }
  }

  private supervise(tasks: readonly TaskRecord[], now: number): LifecycleCommand | undefined {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const children = tasks.filter((c) => c.parentId !== null && byId.get(c.parentId)?.status === 'active');
    const owing = children.filter((c) => c.reportTo !== null);
    const continuable = children.filter((c) => ['completed', 'failed', 'interrupted', 'needs_continuation'].includes(c.status));
    if (owing.length && (this.rand() < 0.5 || !continuable.length)) {
      const child = this.choose(owing);
      return this.stopSubtask(byId.get(child.parentId!)!, child, now);
    }
    if (!continuable.length) return undefined;
    const child = this.choose(continuable);
    return this.continueSubtask(byId.get(child.parentId!)!, child, now);
  }

  private choose<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  private createRoot(now: number): LifecycleCommand {
    const id = `${this.idPrefix}r${this.counter++}`;
    return { type: 'createRoot', id, title: `Root ${id}`, goal: `Do the thing number ${id}`, now, ownerId: this.ownerId, workspace: '/work/project' };
  }

  /** One to three children in one commit; waited for, or in the background. */
  private delegate(parent: TaskRecord, now: number, wait: boolean): LifecycleCommand {
    const size = 1 + Math.floor(this.rand() * 3);
    const call = `call_${this.idPrefix}${this.counter}`;
    const children = Array.from({ length: size }, () => {
      const childId = `${this.idPrefix}c${this.counter++}`;
      return { childId, title: `Subtask ${childId}`, goal: `Investigate part ${childId} of ${parent.title}`, context: 'Relevant files: src/a.ts, src/b.ts' };
    });
    return { type: 'delegate', parentId: parent.id, toolCallId: call, children, wait, now, ownerId: this.ownerId };
  }

  private stopSubtask(parent: TaskRecord, child: TaskRecord, now: number): LifecycleCommand {
    return { type: 'stopSubtask', parentId: parent.id, childId: child.id, partial: { outputTail: 'partial output', filesWritten: ['src/a.ts'] }, now, ownerId: this.ownerId };
  }

  private continueSubtask(parent: TaskRecord, child: TaskRecord, now: number): LifecycleCommand {
    const n = this.counter++;
    return {
      type: 'continueSubtask',
      parentId: parent.id,
      childId: child.id,
      toolCallId: `call_cont_${this.idPrefix}${n}`,
      messageId: `${this.idPrefix}msg${n}`,
      text: 'Now also cover the edge cases.',
      wait: this.rand() < 0.5,
      now,
      ownerId: this.ownerId,
    };
  }

  private result(task: TaskRecord) {
    return {
      summary: `Finished ${task.title}: changed two files and ran the tests.`,
      filesRead: ['src/a.ts', 'src/b.ts'],
      filesWritten: ['src/a.ts'],
      outputTail: 'ok '.repeat(Math.floor(this.rand() * 60)),
      toolTrace: ['read_file src/a.ts (ok)', 'write_file src/a.ts (ok)'],
    };
  }

  private usage() {
    return { inputTokens: Math.floor(this.rand() * 5000), outputTokens: Math.floor(this.rand() * 800), turns: 1, runtimeMs: Math.floor(this.rand() * 3000) };
  }
}
