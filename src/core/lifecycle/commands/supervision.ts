/**
 * What a parent agent does with the children it started: stop one, give one a follow-up
 * assignment, wait for some of them, and wake from such a wait.
 */
import { clampBudget, type AwaitedChild, type TaskRecord, type UserMessage } from '../../../shared/task';
import { Draft, awaitingFields, leaseFor, refuse, subtree } from '../draft';
import type { AwaitChildrenCommand, ContinueSubtaskCommand, StopSubtaskCommand, WakeCommand } from '../types';
import { PARTIAL_HEADLINE, deliver, endWait, partialWork } from './delivery';
import { isRunning, stopAsking, stopTasks } from './ending';

function ownChild(draft: Draft, parentId: string, childId: string): { parent: TaskRecord; child: TaskRecord } {
  const parent = draft.get(parentId);
  const child = draft.get(childId);
  if (child.parentId !== parent.id) refuse('not_a_child', `"${child.title}" is not a subtask of "${parent.title}".`, child.id);
  return { parent, child };
}

/**
 * The interrupt contract, as the parent's tool: the child and everything running under it stop
 * (`parent_stop`), the child stays resumable, and if it owed the parent an outcome the parent
 * gets `stopped` with the partial work. The runtime may commit the interrupt first and this
 * after the in-flight tool finished (with accurate partial work), or this alone: both end alike.
 */
export function stopSubtask(draft: Draft, cmd: StopSubtaskCommand): void {
  const { child } = ownChild(draft, cmd.parentId, cmd.childId);
  // A child waiting for the user's answer is stopped too: its parent no longer wants it.
  stopAsking(draft, child, 'parent_stop', cmd.ownUsage);
  stopTasks(draft, subtree(draft, child.id), 'parent_stop', (id) => (id === child.id ? cmd.ownUsage : undefined));
  const stopped = draft.get(child.id);
  deliver(draft, stopped.id, 'stopped', partialWork(stopped, cmd.partial, PARTIAL_HEADLINE.stopped), { ownerId: cmd.ownerId });
}

/**
 * A follow-up assignment to the same child: its own conversation continues with the parent's
 * message under a fresh budget, and its outcome answers the parent's continue_subtask call. An
 * assignment still owed is first closed as `stopped` (superseded), so each is reported once.
 */
export function continueSubtask(draft: Draft, cmd: ContinueSubtaskCommand): void {
  const { parent, child } = ownChild(draft, cmd.parentId, cmd.childId);
  if (child.inbox.some((m) => m.kind === 'user_message' && m.id === cmd.messageId)) return;
  if (child.status === 'abandoned') refuse('invalid_transition', `"${child.title}" was abandoned and cannot be continued.`, child.id);
  if (child.status === 'active') {
    refuse('child_running', `"${child.title}" is still running; wait for it or stop it before giving it a new assignment.`, child.id);
  }
  if (child.status === 'delegated') {
    refuse('invalid_transition', `"${child.title}" is waiting on its own subtasks; wait for it or stop it before giving it a new assignment.`, child.id);
  }
  if (!isRunning(parent)) {
    refuse('invalid_transition', `"${parent.title}" is ${parent.status === 'active' ? 'waiting for your answer' : parent.status}; only a running task can continue its subtasks.`, parent.id);
  }
  deliver(draft, child.id, 'stopped', partialWork(child, cmd.partial, PARTIAL_HEADLINE.superseded), { ownerId: cmd.ownerId });
  const current = draft.get(child.id);
  const message: UserMessage = { kind: 'user_message', id: cmd.messageId, text: cmd.text, at: draft.now };
  draft.patch(child.id, {
    status: 'active',
    assignment: current.assignment + 1,
    assignedAt: draft.now,
    reportTo: { toolCallId: cmd.toolCallId },
    inbox: [...current.inbox, message],
    interruptReason: null,
    budgetReason: null,
    failure: null,
    completedAt: null,
    budget: clampBudget(cmd.budget ?? current.budget),
    budgetBaseline: { turns: current.ownUsage.turns, runtimeMs: current.ownUsage.runtimeMs },
    lease: leaseFor(cmd.ownerId, draft.now),
  });
  draft.effects.push({ type: 'run', taskId: child.id });
  if (cmd.wait) {
    const waiting = draft.get(parent.id);
    draft.patch(parent.id, {
      status: 'delegated',
      ...awaitingFields([...waiting.awaiting, { childId: child.id, toolCallId: cmd.toolCallId, until: null, wakeOn: [] }]),
      lease: null,
    });
  }
}

/**
 * The running parent blocks on those of the named children (default: all) that still owe it an
 * outcome, for each call of the command in order. A call left with none does not block: the
 * runtime answers it at once; with none at all nothing changes.
 */
export function awaitChildren(draft: Draft, cmd: AwaitChildrenCommand): void {
  const task = draft.get(cmd.taskId);
  const calls = [cmd, ...(cmd.more ?? [])];
  if (task.status === 'delegated' && task.awaiting.some((e) => calls.some((c) => c.toolCallId === e.toolCallId))) return;
  for (const call of calls) for (const id of call.childIds ?? []) ownChild(draft, task.id, id);
  if (!isRunning(task)) {
    refuse('invalid_transition', `"${task.title}" is ${task.status === 'active' ? 'waiting for your answer' : task.status}; only a running task can wait for its subtasks.`, task.id);
  }
  const claimed = new Set<string>();
  const awaiting: AwaitedChild[] = [];
  for (const call of calls) {
    for (const childId of new Set(call.childIds ?? task.childIds)) {
      if (claimed.has(childId) || !draft.find(childId)?.reportTo) continue;
      claimed.add(childId);
      awaiting.push({ childId, toolCallId: call.toolCallId, until: call.until ?? null, wakeOn: call.wakeOn ?? [] });
    }
  }
  if (awaiting.length === 0) return;
  draft.patch(task.id, { status: 'delegated', ...awaitingFields(awaiting), lease: null });
}

/** Ends a wait early (its deadline passed, or a child event it waits for happened). */
export function wake(draft: Draft, cmd: WakeCommand): void {
  const task = draft.get(cmd.taskId);
  const remaining = task.awaiting.filter((e) => e.toolCallId !== cmd.toolCallId);
  if (remaining.length === task.awaiting.length) return;
  draft.patch(task.id, awaitingFields(remaining));
  if (remaining.length === 0) endWait(draft, task.id, cmd.ownerId);
}
