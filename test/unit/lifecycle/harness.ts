/**
 * A tiny driver for lifecycle tests: applies commands to an in-memory map, fails loudly on an
 * unexpected refusal, and checks every state invariant after every step.
 */
import assert from 'node:assert/strict';
import { applyCommand, checkInvariants, type LifecycleCommand, type TransitionOk, type LifecycleErrorCode } from '../../../src/core/lifecycle';
import type { TaskMap, TaskRecord, TaskResult } from '../../../src/shared/task';

type Without<C> = C extends unknown ? Omit<C, 'now'> : never;
export type Cmd = Without<LifecycleCommand>;

export const result = (summary: string, extra: Partial<TaskResult> = {}): TaskResult => ({
  summary,
  filesRead: [],
  filesWritten: [],
  outputTail: '',
  toolTrace: [],
  ...extra,
});

export class Harness {
  tasks: TaskMap = {};
  now = 1_000;
  last: TransitionOk | undefined;

  apply(cmd: Cmd): TransitionOk {
    this.now += 10;
    const out = applyCommand(this.tasks, { ...cmd, now: this.now } as LifecycleCommand);
    if (!out.ok) assert.fail(`${cmd.type} refused: ${out.error.code}: ${out.error.message}`);
    this.tasks = out.tasks;
    this.last = out;
    assert.deepEqual(checkInvariants(this.tasks), [], `invariants after ${cmd.type}`);
    return out;
  }

  refused(cmd: Cmd, code: LifecycleErrorCode): string {
    this.now += 10;
    const before = this.tasks;
    const out = applyCommand(this.tasks, { ...cmd, now: this.now } as LifecycleCommand);
    assert.equal(out.ok, false, `${cmd.type} should be refused with ${code}`);
    if (out.ok) throw new Error('unreachable');
    assert.equal(out.error.code, code, out.error.message);
    assert.equal(this.tasks, before);
    return out.error.message;
  }

  /** Applies the command and asserts nothing at all changed. */
  noop(cmd: Cmd): void {
    const before = this.tasks;
    const out = this.apply(cmd);
    assert.deepEqual(out.changed, [], `${cmd.type} should change nothing`);
    assert.deepEqual(out.removed, []);
    assert.equal(this.tasks, before);
  }

  get(id: string): TaskRecord {
    const t = this.tasks[id];
    assert.ok(t, `task ${id} exists`);
    return t;
  }

  root(id = 'root', ownerId = 'w1'): this {
    this.apply({ type: 'createRoot', id, title: id, goal: `goal of ${id}`, ownerId });
    return this;
  }

  delegate(parentId: string, childId: string, opts: { role?: 'leaf' | 'orchestrator'; ownerId?: string } = {}): this {
    this.apply({
      type: 'delegate',
      parentId,
      childId,
      toolCallId: `call-${childId}`,
      title: childId,
      goal: `goal of ${childId}`,
      role: opts.role ?? 'leaf',
      ownerId: opts.ownerId ?? 'w1',
    });
    return this;
  }
}
