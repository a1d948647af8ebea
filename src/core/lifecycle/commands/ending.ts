import { Draft, addUsage, bottomOfChain, refuse } from '../draft';
import type { BudgetExhaustedCommand, CompleteCommand, FailCommand, InterruptCommand } from '../types';
import { deliverToParent } from './delivery';

export function complete(draft: Draft, cmd: CompleteCommand): void {
  const task = draft.get(cmd.taskId);
  // Repeated, or stale (the user abandoned it meanwhile): nothing changes anywhere.
  if (task.status === 'completed' || task.status === 'abandoned') return;
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; only a running task can complete.`, task.id);
  }
  const child = draft.patch(task.id, {
    status: 'completed',
    result: cmd.result,
    usage: addUsage(task.usage, cmd.usageDelta),
    lease: null,
    awaitingUser: null,
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
    usage: addUsage(target.usage, cmd.usageDelta),
    lease: null,
  });
  if (target.lease) draft.effects.push({ type: 'abort', taskId: target.id });
}

export function budgetExhausted(draft: Draft, cmd: BudgetExhaustedCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status === 'needs_continuation') return;
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; only a running task can run out of budget.`, task.id);
  }
  const known = task.checkpoints.some((c) => c.at === cmd.checkpoint.at && c.summary === cmd.checkpoint.summary);
  draft.patch(task.id, {
    status: 'needs_continuation',
    budgetReason: cmd.reason,
    lastCheckpoint: cmd.checkpoint,
    checkpoints: known ? task.checkpoints : [...task.checkpoints, cmd.checkpoint],
    usage: addUsage(task.usage, cmd.usageDelta),
    lease: null,
  });
}

export function fail(draft: Draft, cmd: FailCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status === 'failed') return;
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; only a running task can fail.`, task.id);
  }
  draft.patch(task.id, {
    status: 'failed',
    failure: cmd.failure,
    usage: addUsage(task.usage, cmd.usageDelta),
    lease: null,
  });
}
