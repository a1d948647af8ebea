import type { InterruptReason, TaskRecord, Usage } from '../../../shared/task';
import { Draft, owingChildren, refuse, subtree, titles, withOwnUsage } from '../draft';
import type { BudgetExhaustedCommand, CompleteCommand, FailCommand, InterruptCommand } from '../types';
import { deliver, partialWork } from './delivery';

/** Refuses unless the task is open and not parked on a question to the user. */
function assertRunning(task: TaskRecord, verb: string): void {
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; only a running task can ${verb}.`, task.id);
  }
  if (task.awaitingUser) {
    refuse('invalid_transition', `"${task.title}" is waiting for your answer; it cannot ${verb} until you reply.`, task.id);
  }
}

/** Running: open and not parked on a question to the user (whoever holds the lease). */
export function isRunning(task: TaskRecord): boolean {
  return task.status === 'active' && task.awaitingUser === null;
}

export function complete(draft: Draft, cmd: CompleteCommand): void {
  const task = draft.get(cmd.taskId);
  // Repeated, or stale (the user abandoned it meanwhile): nothing changes anywhere.
  if (task.status === 'completed' || task.status === 'abandoned') return;
  assertRunning(task, 'complete');
  // A parent answers for the subtasks it started: it cannot finish while one still owes it.
  const open = owingChildren(draft, task);
  if (open.length > 0) {
    refuse(
      'children_open',
      `${open.length === 1 ? '1 subtask is' : `${open.length} subtasks are`} still open: ${titles(open)}. Wait for ${open.length === 1 ? 'it' : 'them'} or stop ${open.length === 1 ? 'it' : 'them'} before completing.`,
      task.id,
    );
  }
  draft.patch(task.id, {
    status: 'completed',
    result: cmd.result,
    ...withOwnUsage(task, cmd.ownUsage),
    lease: null,
    completedAt: draft.now,
  });
  deliver(draft, task.id, 'completed', cmd.result, { ownerId: cmd.ownerId });
}

/**
 * A person's Stop (or a parent agent's) stops the whole subtree: every running task in it
 * becomes interrupted, and waits in it stop waking (a stopped parent does not restart itself;
 * it still receives outcomes). A closed window or a crashed runner stops only that task's run.
 * The task's parent is never touched (invariant 3).
 */
export function interrupt(draft: Draft, cmd: InterruptCommand): void {
  const task = draft.get(cmd.taskId);
  const wholeSubtree = cmd.reason === 'user_stop' || cmd.reason === 'parent_stop';
  const usageOf = (id: string) => (id === task.id ? (cmd.ownUsage ?? cmd.usages?.[id]) : cmd.usages?.[id]);
  if (cmd.reason === 'user_stop' || cmd.reason === 'parent_stop') stopAsking(draft, task, cmd.reason, usageOf(task.id));
  stopTasks(draft, wholeSubtree ? subtree(draft, task.id) : [task], cmd.reason, usageOf);
}

/**
 * The task a Stop is aimed at stops even while it waits for the user's answer: it stops asking,
 * and Resume sets it going again (the question then unanswered, or answered by the message
 * Resume carries). Tasks below it that ask keep their question, so an answer is never refused.
 */
export function stopAsking(draft: Draft, task: TaskRecord, reason: 'user_stop' | 'parent_stop', own: Usage | undefined): void {
  if (task.status !== 'active' || !task.awaitingUser) return;
  draft.patch(task.id, { status: 'interrupted', interruptReason: reason, awaitingUser: null, ...(own && withOwnUsage(task, own)), lease: null });
}

/** Interrupts the running ones among `tasks` and clears the wake conditions of the waiting ones. */
export function stopTasks(draft: Draft, tasks: readonly TaskRecord[], reason: InterruptReason, usageOf: (taskId: string) => Usage | undefined): void {
  for (const task of tasks) {
    if (isRunning(task)) {
      const own = usageOf(task.id);
      draft.patch(task.id, {
        status: 'interrupted',
        interruptReason: reason,
        ...(own && withOwnUsage(task, own)),
        lease: null,
      });
      if (task.lease) draft.effects.push({ type: 'abort', taskId: task.id });
    } else if (task.status === 'delegated' && task.awaiting.some((e) => e.until !== null || e.wakeOn.length > 0)) {
      draft.patch(task.id, { awaiting: task.awaiting.map((e) => ({ ...e, until: null, wakeOn: [] })) });
    }
  }
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

/**
 * An error survived the retries. The task stays `failed` (resumable) either way; reported, a
 * child's parent hears the failure with the partial work at once and decides, instead of waiting
 * for the user's Resume or Abandon.
 */
export function fail(draft: Draft, cmd: FailCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status === 'failed') return;
  assertRunning(task, 'fail');
  const failed = draft.patch(task.id, {
    status: 'failed',
    failure: cmd.failure,
    ...withOwnUsage(task, cmd.ownUsage),
    lease: null,
  });
  if (cmd.report) {
    const message = cmd.failure.message.trimEnd();
    const headline = `This subtask failed: ${/[.!?]$/.test(message) ? message : `${message}.`}`;
    deliver(draft, task.id, 'failed', partialWork(failed, cmd.partial, headline), { ownerId: cmd.ownerId, failure: cmd.failure });
  }
}
