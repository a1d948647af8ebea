/**
 * Which tasks a command applies to, and, when it does not, the sentence that says why. Pure (no
 * `vscode`), so the rules are unit-tested. The wording follows the lifecycle's refusals
 * (src/core/lifecycle/commands), which stay the authority: a command still reports whatever
 * the lifecycle refuses, since a task can change between this check and the commit.
 */
import { MAX_DEPTH } from '../../core/lifecycle/commands/create';
import { RESUMABLE, isLeaseLive, type TaskRecord } from '../../shared/task';

export type TaskAction = 'stop' | 'resume' | 'continue' | 'abandon' | 'delegate' | 'open' | 'delete';

/** Looks a task up by id (the store, or a map in tests). */
export type TaskLookup = (id: string) => TaskRecord | undefined;

/**
 * The task an action really changes. Stop, Resume and Continue aimed at a task waiting on a
 * subtask act on the task at the bottom of its chain, as the lifecycle does.
 */
export function actionTarget(action: TaskAction, task: TaskRecord, lookup: TaskLookup): TaskRecord {
  return action === 'stop' || action === 'resume' || action === 'continue' ? bottomOfChain(task, lookup) : task;
}

/** Follows `awaitingChildId` down to the task that is not waiting on another (cycle-safe). */
export function bottomOfChain(task: TaskRecord, lookup: TaskLookup): TaskRecord {
  const seen = new Set([task.id]);
  let current = task;
  while (current.status === 'delegated' && current.awaitingChildId) {
    const child = lookup(current.awaitingChildId);
    if (!child || seen.has(child.id)) break;
    seen.add(child.id);
    current = child;
  }
  return current;
}

/** Undefined when `action` applies to `task`; otherwise one sentence saying why not. */
export function unavailableReason(action: TaskAction, task: TaskRecord, lookup: TaskLookup): string | undefined {
  const target = actionTarget(action, task, lookup);
  switch (action) {
    case 'open':
    case 'delete':
      return undefined;
    case 'stop':
      return stopReason(task, target);
    case 'resume':
    case 'continue':
      return resumeReason(task, target);
    case 'abandon':
      return abandonReason(task, lookup);
    case 'delegate':
      return delegateReason(task);
  }
}

/**
 * The tasks `action` applies to, newest first, for a quick pick. A parent waiting on a subtask
 * is left out where the action would land on the subtask: the subtask is listed itself.
 */
export function tasksFor(action: TaskAction, tasks: readonly TaskRecord[], lookup: TaskLookup): TaskRecord[] {
  return tasks
    .filter((task) => unavailableReason(action, task, lookup) === undefined && actionTarget(action, task, lookup).id === task.id)
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** Running: open, not parked on a question, with a live lease (held by any window). */
export function isRunning(task: TaskRecord, now: number, leaseTtlMs: number): boolean {
  return task.status === 'active' && task.awaitingUser === null && isLeaseLive(task.lease, now, leaseTtlMs);
}

/** Where a task stands, as a phrase that completes "… is ": "interrupted", "out of budget". */
export function statusPhrase(task: TaskRecord): string {
  switch (task.status) {
    case 'active':
      return task.awaitingUser ? 'waiting for your answer' : 'running';
    case 'delegated':
      return 'waiting on a subtask';
    case 'interrupted':
      return 'interrupted';
    case 'needs_continuation':
      return 'out of budget (needs continuation)';
    case 'failed':
      return 'failed';
    case 'completed':
      return 'completed';
    case 'abandoned':
      return 'abandoned';
  }
}

function stopReason(task: TaskRecord, target: TaskRecord): string | undefined {
  if (target.status === 'active' && target.awaitingUser === null) return undefined;
  if (target.awaitingUser) return `"${target.title}" is waiting for your answer, not running.`;
  if (target.id !== task.id) return `"${task.title}" is waiting on "${target.title}", which is ${statusPhrase(target)}, not running.`;
  return `"${task.title}" is not running; it is ${statusPhrase(task)}.`;
}

function resumeReason(task: TaskRecord, target: TaskRecord): string | undefined {
  if (RESUMABLE.includes(target.status)) return undefined;
  const waitingOn = target.id !== task.id ? `"${task.title}" is waiting on "${target.title}", which ` : `"${task.title}" `;
  switch (target.status) {
    case 'active':
      return target.awaitingUser ? `${waitingOn}is waiting for your answer; reply in its panel.` : `${waitingOn}is already running.`;
    case 'completed':
      return `"${target.title}" is completed; send a follow-up message to continue it.`;
    case 'abandoned':
      return `"${target.title}" was abandoned and cannot be resumed.`;
    default:
      return `"${target.title}" is ${statusPhrase(target)} and cannot be resumed.`;
  }
}

function abandonReason(task: TaskRecord, lookup: TaskLookup): string | undefined {
  if (task.parentId === null) return `"${task.title}" is not a subtask; stop or delete it instead.`;
  switch (task.status) {
    case 'active':
      return `"${task.title}" is running; stop it first, then abandon it.`;
    case 'delegated': {
      const awaited = task.awaitingChildId ? lookup(task.awaitingChildId) : undefined;
      return `"${task.title}" is waiting on its own subtask "${awaited?.title ?? task.awaitingChildId}"; abandon or finish that one first.`;
    }
    case 'completed':
      return `"${task.title}" already completed and reported back.`;
    case 'abandoned':
      return `"${task.title}" is already abandoned.`;
    default:
      return undefined;
  }
}

/** A task waiting on subtasks may be handed one more by hand: it then waits for that one too. */
function delegateReason(task: TaskRecord): string | undefined {
  if (task.status === 'completed' || task.status === 'abandoned') {
    return `Only an open task can delegate; "${task.title}" is ${task.status}.`;
  }
  if (task.awaitingUser) return `"${task.title}" is waiting for your answer; answer it before delegating.`;
  if (task.depth + 1 > MAX_DEPTH) {
    return `"${task.title}" is nested as deep as subtasks go (${MAX_DEPTH} levels); it cannot delegate further.`;
  }
  return undefined;
}
