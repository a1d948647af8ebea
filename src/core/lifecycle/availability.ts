/**
 * What a user may do with a task, decided by the lifecycle alone: each action is the lifecycle
 * command it would commit, dry-run on the current records. Allowed when the transition would
 * change something; otherwise the lifecycle's own refusal, or (for a no-op, which the lifecycle
 * does not refuse) a sentence saying where the task stands. The host sends the answer with each
 * task, and every button, menu, `when` clause and quick pick shows exactly that, so no rule is
 * written twice (STYLE.md principle 2).
 *
 * What the lifecycle cannot know comes in as inputs, never as rules written elsewhere: the
 * depth limit from the settings (the delegate command's `maxDepth`), whether a task's folder is
 * open in this window, and whether a lease is live (a fresh heartbeat from an owner that is not
 * provably gone). An `active` task whose lease is not live is not running: it is treated as
 * start-up reconciliation treats it, interrupted (`editor_closed`), and the host commits that
 * release before it acts (so the dry run and the commit see the same records).
 */
import { USER_ACTIONS, type ActionState, type TaskActions, type UserAction } from '../../shared/protocol';
import type { Budget, TaskMap, TaskRecord } from '../../shared/task';
import { applyCommand } from './transitions';
import type { LifecycleCommand, TransitionResult } from './types';

export interface AvailabilityInputs {
  /** Wall-clock time, epoch ms. */
  readonly now: number;
  /** This window's lease owner: what the user's actions lease a task to. */
  readonly ownerId: string;
  /** Deepest depth a subtask may have (`baton.maxSpawnDepth`): the delegate command's `maxDepth`. */
  readonly maxDepth: number;
  /** The budget Continue offers (only its presence matters to the lifecycle). */
  readonly budget: Budget;
  /** Whether `task`'s lease is live: a fresh heartbeat, from an owner that is not provably gone. */
  leaseLive(task: TaskRecord): boolean;
  /** Why `task` cannot run in this window (its folder is not open here), or undefined. */
  folderRefusal(task: TaskRecord): string | undefined;
}

/** A delegation by hand creates a child of this id in the dry run; never a real task's. */
const PROBE_ID = '~availability-probe';

/**
 * The tasks an active task without a live lease is released from: each becomes interrupted
 * (`editor_closed`), as reconciliation would make it. `released` names them, for the host to
 * commit the same release.
 */
export function releaseDeadLeases(tasks: TaskMap, inputs: AvailabilityInputs): { tasks: TaskMap; released: string[] } {
  let current = tasks;
  const released: string[] = [];
  for (const task of Object.values(tasks)) {
    if (!needsRelease(task, inputs)) continue;
    const out = applyCommand(current, { type: 'interrupt', taskId: task.id, reason: 'editor_closed', now: inputs.now });
    if (out.ok && out.changed.length > 0) {
      current = out.tasks;
      released.push(task.id);
    }
  }
  return { tasks: current, released };
}

/** An open task nobody runs: not waiting for the user, and no live lease. */
export function needsRelease(task: TaskRecord, inputs: Pick<AvailabilityInputs, 'leaseLive'>): boolean {
  return task.status === 'active' && task.awaitingUser === null && !inputs.leaseLive(task);
}

/** Running now: open, not waiting for the user, with a live lease. */
export function isRunningNow(task: TaskRecord, inputs: Pick<AvailabilityInputs, 'leaseLive'>): boolean {
  return task.status === 'active' && task.awaitingUser === null && inputs.leaseLive(task);
}

/**
 * Every action of every task in `tasks` (a task tree, or the whole history: transitions never
 * reach outside a task's tree, so a tree is enough and cheaper). Leases are released first.
 */
export function availabilityOf(tasks: TaskMap, inputs: AvailabilityInputs): Record<string, TaskActions> {
  const settled = releaseDeadLeases(tasks, inputs).tasks;
  const out: Record<string, TaskActions> = {};
  for (const id of Object.keys(settled)) out[id] = actionsOn(settled, id, inputs);
  return out;
}

/** Every action on one task of `tasks`, whose leases must already be released (`releaseDeadLeases`). */
export function actionsOn(tasks: TaskMap, taskId: string, inputs: AvailabilityInputs): TaskActions {
  const task = tasks[taskId];
  const actions = {} as Record<UserAction, ActionState>;
  for (const action of USER_ACTIONS) {
    actions[action] = task ? judge(tasks, task, action, inputs) : refused('That task no longer exists; it was deleted, perhaps in another window.');
  }
  return actions;
}

/** The lifecycle command `action` commits on `task`, as the orchestrator builds it; null for Open. */
export function commandFor(action: UserAction, task: TaskRecord, inputs: AvailabilityInputs): LifecycleCommand | null {
  const at = { now: inputs.now };
  switch (action) {
    case 'open':
      return null;
    case 'stop':
      return { type: 'interrupt', taskId: task.id, reason: 'user_stop', ...at };
    case 'resume':
      return { type: 'resume', taskId: task.id, ownerId: inputs.ownerId, ...at };
    case 'resumeWithMessage':
      return { type: 'resume', taskId: task.id, message: { id: PROBE_ID, text: 'probe' }, ownerId: inputs.ownerId, ...at };
    case 'continue':
      return { type: 'resume', taskId: task.id, budget: inputs.budget, ownerId: inputs.ownerId, ...at };
    case 'abandon':
      return { type: 'abandon', taskId: task.id, ownerId: inputs.ownerId, ...at };
    case 'delegate':
      return {
        type: 'delegate',
        parentId: task.id,
        toolCallId: `manual-${PROBE_ID}`,
        children: [{ childId: PROBE_ID, title: 'probe', goal: 'probe' }],
        wait: true,
        maxDepth: inputs.maxDepth,
        ownerId: inputs.ownerId,
        ...at,
      };
    case 'message':
      return { type: 'followUp', taskId: task.id, messageId: PROBE_ID, text: 'probe', ownerId: inputs.ownerId, ...at };
    case 'delete':
      return { type: 'delete', taskId: task.id, ownerId: inputs.ownerId, ...at };
  }
}

function judge(tasks: TaskMap, task: TaskRecord, action: UserAction, inputs: AvailabilityInputs): ActionState {
  const command = commandFor(action, task, inputs);
  if (command === null) return ALLOWED;
  const out: TransitionResult = applyCommand(tasks, command);
  if (!out.ok) return refused(out.error.message);
  if (out.changed.length === 0 && out.removed.length === 0) return refused(noChange(task, action));
  if (action === 'continue' && !resumesOutOfBudget(tasks, out.effects)) {
    return refused(`“${task.title}” did not run out of budget, so it needs no new one: Resume continues it.`);
  }
  const folder = folderTaskOf(tasks, task, action);
  const notHere = folder && inputs.folderRefusal(folder);
  return notHere ? refused(notHere) : ALLOWED;
}

const ALLOWED: ActionState = { allowed: true };

function refused(reason: string): ActionState {
  return { allowed: false, reason };
}

/** Continue gives a new budget: it is offered where a task it resumes ran out of one. */
function resumesOutOfBudget(tasks: TaskMap, effects: readonly { type: string; taskId?: string }[]): boolean {
  return effects.some((e) => e.type === 'run' && e.taskId !== undefined && tasks[e.taskId]?.status === 'needs_continuation');
}

/**
 * The task whose folder must be open here for `action`: the one that would run (Abandon: the
 * parent, which carries on here). Stop and Delete run nothing.
 */
function folderTaskOf(tasks: TaskMap, task: TaskRecord, action: UserAction): TaskRecord | undefined {
  switch (action) {
    case 'resume':
    case 'resumeWithMessage':
    case 'continue':
    case 'delegate':
    case 'message':
      return task;
    case 'abandon':
      return task.parentId ? tasks[task.parentId] : undefined;
    default:
      return undefined;
  }
}

/** Why an action the lifecycle accepts would change nothing (the lifecycle does not refuse no-ops). */
function noChange(task: TaskRecord, action: UserAction): string {
  const name = `“${task.title}”`;
  switch (action) {
    case 'stop':
      if (task.status === 'delegated') return `${name} waits on subtasks, and none of them is running.`;
      return `${name} is not running: it is ${statusPhrase(task)}.`;
    case 'resume':
    case 'resumeWithMessage':
    case 'continue':
      if (task.status === 'delegated') return `${name} waits on subtasks that are not paused: nothing to resume.`;
      if (task.awaitingUser) return `${name} is waiting for your answer; answer it in its panel.`;
      return `${name} is already running.`;
    case 'abandon':
      return `${name} is already abandoned.`;
    default:
      return `${name} is ${statusPhrase(task)}: nothing to do.`;
  }
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
      return 'out of budget';
    case 'failed':
      return 'failed';
    case 'completed':
      return 'completed';
    case 'abandoned':
      return 'abandoned';
  }
}
