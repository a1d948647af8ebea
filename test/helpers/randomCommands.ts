/**
 * Seeded random lifecycle commands for crash and concurrency runs. Commands are chosen to be
 * mostly legal for the task's current status (so runs exercise real parent+child transitions:
 * delegate, complete, abandon, delete), with a few arbitrary ones the lifecycle must refuse.
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
    const task = tasks[Math.floor(this.rand() * tasks.length)]!;
    const pick = this.rand();
    const taskId = task.id;
    const ownerId = this.ownerId;
    switch (task.status) {
      case 'active':
        if (pick < 0.3 && task.depth < 3) return this.delegate(task, now);
        if (pick < 0.55) return { type: 'complete', taskId, now, ownerId, result: this.result(task), ownUsage: this.usage() };
        if (pick < 0.65) return { type: 'interrupt', taskId, reason: 'user_stop', now };
        if (pick < 0.75) return { type: 'recordProgress', taskId, now, ownUsage: this.usage(), checkpoint: { summary: `checkpoint ${this.counter++} of ${taskId}`, filesRead: ['src/a.ts'], filesWritten: [], at: now } };
        if (pick < 0.8) return { type: 'fail', taskId, now, failure: { message: 'model error', code: 'E_MODEL' } };
        if (pick < 0.85) return { type: 'budgetExhausted', taskId, now, reason: 'turns', checkpoint: { summary: 'out of turns', filesRead: [], filesWritten: [], at: now } };
        if (pick < 0.93) return { type: 'start', taskId, ownerId, leaseTtlMs: 30_000, now };
        return { type: 'heartbeat', taskId, ownerId, now };
      case 'delegated':
        if (pick < 0.5) return { type: 'interrupt', taskId, reason: 'user_stop', now };
        if (pick < 0.6) return { type: 'delete', taskId: task.awaitingChildId ?? taskId, now };
        return { type: 'resume', taskId, now, ownerId };
      case 'interrupted':
      case 'needs_continuation':
      case 'failed':
        if (pick < 0.4) return { type: 'resume', taskId, now, ownerId };
        if (pick < 0.55 && task.depth < 3) return this.delegate(task, now);
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

  private createRoot(now: number): LifecycleCommand {
    const id = `${this.idPrefix}r${this.counter++}`;
    return { type: 'createRoot', id, title: `Root ${id}`, goal: `Do the thing number ${id}`, now, ownerId: this.ownerId, workspace: '/work/project' };
  }

  private delegate(parent: TaskRecord, now: number): LifecycleCommand {
    const childId = `${this.idPrefix}c${this.counter++}`;
    return {
      type: 'delegate',
      parentId: parent.id,
      toolCallId: `call_${childId}`,
      children: [{ childId, title: `Subtask ${childId}`, goal: `Investigate part ${childId} of ${parent.title}`, context: 'Relevant files: src/a.ts, src/b.ts' }],
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
