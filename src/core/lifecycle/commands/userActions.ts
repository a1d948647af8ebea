import { RESUMABLE, clampBudget, type TaskRecord, type UserMessage } from '../../../shared/task';
import { Draft, leaseFor, refuse, subtree } from '../draft';
import type { AbandonCommand, DeleteCommand, FollowUpCommand, InboxText, ResumeCommand } from '../types';
import { PARTIAL_HEADLINE, deliver, partialWork } from './delivery';

/**
 * Resume (and Continue, with a new budget). On a paused task, that task; on a delegated task,
 * every paused task it waits for, down its chains ("Resume all"). A resumed child keeps its
 * parent link, so it still reports back (invariant 4).
 */
export function resume(draft: Draft, cmd: ResumeCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status === 'delegated') return resumeAll(draft, task, cmd);
  if (task.status === 'active') {
    if (cmd.message && !hasMessage(task, cmd.message.id)) {
      refuse('invalid_transition', `"${task.title}" is already running; send it a message when it asks, or stop it first.`, task.id);
    }
    return;
  }
  if (task.status === 'completed') {
    // A subtask takes no follow-up from the user (it reports to its parent): do not advise one.
    refuse(
      'invalid_transition',
      task.parentId === null
        ? `"${task.title}" is completed; send a follow-up message to continue it.`
        : `"${task.title}" is completed and its result went to its parent; a finished subtask is not resumed.`,
      task.id,
    );
  }
  if (task.status === 'abandoned') {
    refuse('invalid_transition', `"${task.title}" was abandoned and cannot be resumed.`, task.id);
  }
  resumeOne(draft, task, cmd, cmd.message);
}

function resumeAll(draft: Draft, task: TaskRecord, cmd: ResumeCommand): void {
  const paused = pausedAwaited(draft, task);
  if (cmd.message && paused.length > 1) {
    refuse(
      'invalid_transition',
      `"${task.title}" waits on ${paused.length} paused subtasks; resume them one by one to send each a message.`,
      task.id,
    );
  }
  // A waiting child whose parent already heard from it works on for its parent again.
  const next = newAssignment(draft, task);
  if (next) draft.patch(task.id, next);
  for (const t of paused) resumeOne(draft, t, cmd, cmd.message);
}

/** The paused tasks a delegated task waits for, following its awaited children's own waits. */
function pausedAwaited(draft: Draft, task: TaskRecord): TaskRecord[] {
  const out: TaskRecord[] = [];
  const seen = new Set<string>([task.id]);
  const visit = (t: TaskRecord) => {
    for (const entry of t.awaiting) {
      const child = draft.find(entry.childId);
      if (!child || seen.has(child.id)) continue;
      seen.add(child.id);
      if (RESUMABLE.includes(child.status)) out.push(child);
      else if (child.status === 'delegated') visit(child);
    }
  };
  visit(task);
  return out;
}

function resumeOne(draft: Draft, target: TaskRecord, cmd: ResumeCommand, message: InboxText | undefined): void {
  if (!RESUMABLE.includes(target.status)) {
    refuse('invalid_transition', `"${target.title}" is ${target.status} and cannot be resumed.`, target.id);
  }
  // A task out of budget gets a fresh one (the same size unless a new one is given).
  const freshBudget = cmd.budget !== undefined || target.status === 'needs_continuation';
  const note: UserMessage | undefined = message && !hasMessage(target, message.id) ? { kind: 'user_message', id: message.id, text: message.text, at: draft.now } : undefined;
  draft.patch(target.id, {
    ...newAssignment(draft, target),
    status: 'active',
    interruptReason: null,
    budgetReason: null,
    failure: null,
    budget: clampBudget(cmd.budget ?? target.budget),
    budgetBaseline: freshBudget ? { turns: target.ownUsage.turns, runtimeMs: target.ownUsage.runtimeMs } : target.budgetBaseline,
    ...(note && { inbox: [...target.inbox, note] }),
    lease: leaseFor(cmd.ownerId, draft.now),
  });
  draft.effects.push({ type: 'run', taskId: target.id });
}

/**
 * A child that already reported its current assignment (its parent stopped it, or it failed
 * and reported) and is set going again works on a new background assignment, so its parent
 * hears its outcome once more, exactly once. Refused when the parent can never hear it.
 */
function newAssignment(draft: Draft, child: TaskRecord): Pick<TaskRecord, 'assignment' | 'assignedAt' | 'reportTo'> | undefined {
  if (child.parentId === null || child.reportTo !== null) return undefined;
  const parent = draft.find(child.parentId);
  if (!parent) return undefined;
  if (parent.status === 'completed') {
    refuse('invalid_transition', `"${child.title}" already reported to "${parent.title}", which has completed; send "${parent.title}" a follow-up first.`, child.id);
  }
  if (parent.status === 'abandoned') {
    refuse('invalid_transition', `"${child.title}" cannot be resumed: its parent "${parent.title}" was abandoned.`, child.id);
  }
  const assignment = child.assignment + 1;
  return { assignment, assignedAt: draft.now, reportTo: { toolCallId: `resume-${child.id}-${assignment}` } };
}

function hasMessage(task: TaskRecord, id: string): boolean {
  return task.inbox.some((m) => m.kind === 'user_message' && m.id === id);
}

/**
 * Detaches a paused child from its parent (invariant 5): the child keeps its transcript and
 * becomes `abandoned`; a parent still owed its outcome gets the child's partial work.
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
  const result = partialWork(task, cmd.partial, PARTIAL_HEADLINE.abandoned);
  draft.patch(task.id, {
    status: 'abandoned',
    result,
    lease: null,
    interruptReason: null,
    budgetReason: null,
    failure: null,
  });
  deliver(draft, task.id, 'abandoned', result, { ownerId: cmd.ownerId });
}

/**
 * The user's message. On a root: a follow-up (reopening it if completed) or the answer to its
 * question. On a child only the answer to its question: otherwise it reports to its parent.
 */
export function followUp(draft: Draft, cmd: FollowUpCommand): void {
  const task = draft.get(cmd.taskId);
  if (hasMessage(task, cmd.messageId)) return;
  const message: UserMessage = { kind: 'user_message', id: cmd.messageId, text: cmd.text, at: draft.now };
  const lease = leaseFor(cmd.ownerId, draft.now);
  if (task.parentId !== null) {
    if (task.status !== 'active' || task.awaitingUser === null) {
      refuse('invalid_transition', `"${task.title}" is a subtask; it reports to its parent, not to you.`, task.id);
    }
    draft.patch(task.id, { inbox: [...task.inbox, message], awaitingUser: null, lease });
    draft.effects.push({ type: 'run', taskId: task.id });
    return;
  }
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

/**
 * Deletes a task and its subtree. A parent still owed the task's outcome first gets `deleted`
 * with the partial work, as Abandon would give it (invariant 9).
 */
export function remove(draft: Draft, cmd: DeleteCommand): void {
  const task = draft.find(cmd.taskId);
  if (!task) return;
  deliver(draft, task.id, 'deleted', partialWork(task, cmd.partial, PARTIAL_HEADLINE.deleted), { ownerId: cmd.ownerId });
  for (const doomed of subtree(draft, task.id)) {
    if (doomed.lease) draft.effects.push({ type: 'abort', taskId: doomed.id });
    draft.remove(doomed.id);
    draft.effects.push({ type: 'removed', taskId: doomed.id });
  }
  const parent = draft.find(task.parentId);
  if (parent) draft.patch(parent.id, { childIds: parent.childIds.filter((id) => id !== task.id) });
}
