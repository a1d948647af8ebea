import type { TaskRecord } from '../../../shared/task';
import { Draft, bottomOfChain, refuse, withOwnUsage } from '../draft';
import type { BudgetExhaustedCommand, CompleteCommand, FailCommand, InterruptCommand } from '../types';
import { deliverToParent } from './delivery';

/** Refuses unless the task is open and not parked on a question to the user. */
function assertRunning(task: TaskRecord, verb: string): void {
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; only a running task can ${verb}.`, task.id);
  }
  if (task.awaitingUser) {
    refuse('invalid_transition', `"${task.title}" is waiting for your answer; it cannot ${verb} until you reply.`, task.id);
  }
}

export function complete(draft: Draft, cmd: CompleteCommand): void {
  const task = draft.get(cmd.taskId);
  // Repeated, or stale (the user abandoned it meanwhile): nothing changes anywhere.
  if (task.status === 'completed' || task.status === 'abandoned') return;
  assertRunning(task, 'complete');
  const child = draft.patch(task.id, {
    status: 'completed',
    result: cmd.result,
    ...withOwnUsage(task, cmd.ownUsage),
    lease: null,
    completedAt: draft.now,
  });
  deliverToParent(draft, child, 'completed', cmd.result, cmd.ownerId);
}

/**
 * Stop (or a closed editor, or a crash). Aimed at a delegated task it stops the task actually
 * running at the bottom of its chain. The parent is never touched (invariant 3).
 */
export function interrupt(draft: Draft, cmd: InterruptCommand): void {
  const target = bottomOfChain(draft, cmd.taskId);
  // Not running: already paused or finished, or a root waiting for the user's answer.
  if (target.status !== 'active' || target.awaitingUser !== null) return;
  draft.patch(target.id, {
    status: 'interrupted',
    interruptReason: cmd.reason,
    ...withOwnUsage(target, cmd.ownUsage),
    lease: null,
  });
  if (target.lease) draft.effects.push({ type: 'abort', taskId: target.id });
}

export function budgetExhausted(draft: Draft, cmd: BudgetExhaustedCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status === 'needs_continuation') return;
  assertRunning(task, 'run out of budget');
  const known = task.checkpoints.some((c) => c.at === cmd.checkpoint.at && c.summary === cmd.checkpoint.summary);
  draft.patch(task.id, {
    status: 'needs_continuation',
    budgetReason: cmd.reason,
    lastCheckpoint: cmd.checkpoint,
    checkpoints: known ? task.checkpoints : [...task.checkpoints, cmd.checkpoint],
    ...withOwnUsage(task, cmd.ownUsage),
    lease: null,
  });
}

export function fail(draft: Draft, cmd: FailCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status === 'failed') return;
  assertRunning(task, 'fail');
  draft.patch(task.id, {
    status: 'failed',
    failure: cmd.failure,
    ...withOwnUsage(task, cmd.ownUsage),
    lease: null,
  });
}
