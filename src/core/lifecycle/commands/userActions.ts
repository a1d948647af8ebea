import { RESUMABLE, type UserMessage } from '../../../shared/task';
import { Draft, bottomOfChain, refuse } from '../draft';
import type { AbandonCommand, DeleteCommand, FollowUpCommand, ResumeCommand } from '../types';
import { deliverToParent, partialWork } from './delivery';

/**
 * Resume (and Continue, with a new budget). Aimed at a delegated task it resumes the paused task
 * at the bottom of the chain, which keeps its parent link, so it still reports back (invariant 4).
 */
export function resume(draft: Draft, cmd: ResumeCommand): void {
  const target = bottomOfChain(draft, cmd.taskId);
  if (target.status === 'active') return;
  if (target.status === 'completed') {
    refuse('invalid_transition', `"${target.title}" is completed; send a follow-up message to continue it.`, target.id);
  }
  if (target.status === 'abandoned') {
    refuse('invalid_transition', `"${target.title}" was abandoned and cannot be resumed.`, target.id);
  }
  if (!RESUMABLE.includes(target.status)) {
    refuse('invalid_transition', `"${target.title}" is ${target.status} and cannot be resumed.`, target.id);
  }
  // A task out of budget gets a fresh one (the same size unless a new one is given).
  const freshBudget = cmd.budget !== undefined || target.status === 'needs_continuation';
  draft.patch(target.id, {
    status: 'active',
    interruptReason: null,
    budgetReason: null,
    failure: null,
    budget: cmd.budget ?? target.budget,
    budgetBaseline: freshBudget ? { turns: target.ownUsage.turns, runtimeMs: target.ownUsage.runtimeMs } : target.budgetBaseline,
    lease: cmd.ownerId ? { ownerId: cmd.ownerId, heartbeatAt: draft.now } : null,
  });
  draft.effects.push({ type: 'run', taskId: target.id });
}

/**
 * Detaches a paused child from its parent (invariant 5): the child keeps its transcript and
 * becomes `abandoned`; the parent's pending tool call gets the child's partial work.
 */
export function abandon(draft: Draft, cmd: AbandonCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status === 'abandoned') return;
  if (task.parentId === null) {
    refuse('not_a_child', `"${task.title}" is not a subtask; stop or delete it instead.`, task.id);
  }
  if (task.status === 'active') {
    refuse('child_running', `"${task.title}" is running; stop it first, then abandon it.`, task.id);
  }
  if (task.status === 'delegated') {
    const awaited = draft.find(task.awaitingChildId);
    refuse(
      'invalid_transition',
      `"${task.title}" is waiting on its own subtask "${awaited?.title ?? task.awaitingChildId}"; abandon or finish that one first.`,
      task.id,
    );
  }
  if (task.status === 'completed') {
    refuse('invalid_transition', `"${task.title}" already completed and reported back.`, task.id);
  }
  const result = partialWork(task, cmd.partial);
  const child = draft.patch(task.id, {
    status: 'abandoned',
    result,
    lease: null,
    interruptReason: null,
    budgetReason: null,
    failure: null,
  });
  deliverToParent(draft, child, 'abandoned', result, cmd.ownerId);
}

export function followUp(draft: Draft, cmd: FollowUpCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.inbox.some((m) => m.kind === 'user_message' && m.id === cmd.messageId)) return;
  if (task.parentId !== null) {
    refuse('invalid_transition', `"${task.title}" is a subtask; it reports to its parent, not to you.`, task.id);
  }
  const message: UserMessage = { kind: 'user_message', id: cmd.messageId, text: cmd.text, at: draft.now };
  const lease = cmd.ownerId ? { ownerId: cmd.ownerId, heartbeatAt: draft.now } : null;
  if (task.status === 'completed') {
    draft.patch(task.id, {
      status: 'active',
      completedAt: null,
      inbox: [...task.inbox, message],
      budgetBaseline: { turns: task.ownUsage.turns, runtimeMs: task.ownUsage.runtimeMs },
      lease,
    });
    draft.effects.push({ type: 'run', taskId: task.id });
    return;
  }
  if (task.status === 'active') {
    const wasWaiting = task.awaitingUser !== null || task.lease === null;
    draft.patch(task.id, { inbox: [...task.inbox, message], awaitingUser: null, lease: wasWaiting ? lease : task.lease });
    if (wasWaiting) draft.effects.push({ type: 'run', taskId: task.id });
    return;
  }
  if (task.status === 'delegated') {
    refuse('parent_busy', `"${task.title}" is waiting on a subtask; message it when the subtask reports back.`, task.id);
  }
  refuse('invalid_transition', `"${task.title}" is ${task.status}; resume it before sending a message.`, task.id);
}

/** Deletes a task and its subtree; a child its parent awaits is abandoned first (invariant 9). */
export function remove(draft: Draft, cmd: DeleteCommand): void {
  const task = draft.find(cmd.taskId);
  if (!task) return;
  deliverToParent(draft, task, 'abandoned', partialWork(task, undefined), cmd.ownerId);
  const doomed: string[] = [];
  const visit = (id: string) => {
    const t = draft.find(id);
    if (!t || doomed.includes(id)) return;
    doomed.push(id);
    t.childIds.forEach(visit);
  };
  visit(task.id);
  for (const id of doomed) {
    if (draft.get(id).lease) draft.effects.push({ type: 'abort', taskId: id });
    draft.remove(id);
    draft.effects.push({ type: 'removed', taskId: id });
  }
  const parent = draft.find(task.parentId);
  if (parent) draft.patch(parent.id, { childIds: parent.childIds.filter((id) => id !== task.id) });
}
