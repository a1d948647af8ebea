/**
 * A tiny driver for lifecycle tests: applies commands to an in-memory map, fails loudly on an
 * unexpected refusal, and checks every state invariant after every step.
 */
import assert from 'node:assert/strict';
import { applyCommand, checkInvariants, type LifecycleCommand, type TransitionOk, type LifecycleErrorCode } from '../../../src/core/lifecycle';
import type { ChildResultMessage, TaskMap, TaskRecord, TaskResult } from '../../../src/shared/task';

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

  delegate(parentId: string, childId: string, opts: { role?: 'leaf' | 'orchestrator'; ownerId?: string; wait?: boolean; toolCallId?: string } = {}): this {
    return this.batch(parentId, [childId], { toolCallId: `call-${childId}`, ...opts });
  }

  /** One delegation creating every child in `childIds` (waited for unless `wait: false`). */
  batch(parentId: string, childIds: string[], opts: { role?: 'leaf' | 'orchestrator'; ownerId?: string; wait?: boolean; toolCallId?: string } = {}): this {
    this.apply({
      type: 'delegate',
      parentId,
      toolCallId: opts.toolCallId ?? `call-${childIds.join('+')}`,
      children: childIds.map((childId) => ({ childId, title: childId, goal: `goal of ${childId}`, role: opts.role ?? 'leaf' })),
      ...(opts.wait !== undefined && { wait: opts.wait }),
      ownerId: opts.ownerId ?? 'w1',
    });
    return this;
  }

  /** The results of `childId` in its parent's inbox, oldest first. */
  results(parentId: string, childId?: string): ChildResultMessage[] {
    return this.get(parentId).inbox.filter((m): m is ChildResultMessage => m.kind === 'child_result' && (childId === undefined || m.childId === childId));
  }
}
