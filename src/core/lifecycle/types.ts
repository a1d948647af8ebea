/**
 * The vocabulary of the task lifecycle: the commands it accepts, the effects it asks the
 * runtime to carry out, and the typed errors it refuses with. The transitions themselves are
 * pure functions in `transitions.ts`; nothing else writes status, parent links, `awaiting` or
 * `reportTo`.
 */
import type {
  AgentBinding,
  Budget,
  Checkpoint,
  BudgetReason,
  ChildOutcome,
  InterruptReason,
  ModelRoute,
  TaskFailure,
  TaskMap,
  TaskResult,
  TaskRole,
  Usage,
  WakeOn,
} from '../../shared/task';

interface At {
  /** Wall-clock time of the command, epoch ms; the lifecycle never reads a clock itself. */
  now: number;
}

/**
 * Commands that make a task runnable may lease it to the committing window in the same write,
 * so no other window's start-up reconciliation can see it `active` without a live lease.
 */
interface LeaseTo {
  ownerId?: string;
}

/**
 * The runner reports the task's own usage as an absolute total (never a delta), so repeating a
 * report changes nothing; children's usage is added by the lifecycle when it delivers them.
 */
interface WithUsage {
  ownUsage?: Usage;
}

export interface CreateRootCommand extends At, LeaseTo {
  type: 'createRoot';
  id: string;
  title: string;
  goal: string;
  role?: TaskRole;
  budget?: Budget;
  modelRoute?: ModelRoute | null;
  workspace?: string | null;
  agent?: AgentBinding | null;
}

/** One child of a delegation. */
export interface ChildSpec {
  childId: string;
  title: string;
  goal: string;
  context?: string;
  role?: TaskRole;
  budget?: Budget;
  /** Undefined: the parent's route; null: the default model. */
  modelRoute?: ModelRoute | null;
  agent?: AgentBinding | null;
}

/** Most children one delegation may create (a batch beyond it is refused whole). */
export const MAX_BATCH = 16;

/**
 * Creates 1..MAX_BATCH children in one atomic transition. With `wait` (the default) the parent
 * blocks on all of them; without it (background) the parent keeps running and hears each
 * outcome at its next turn boundary.
 */
export interface DelegateCommand extends At, LeaseTo {
  type: 'delegate';
  parentId: string;
  /** The parent's tool call (or `manual-<childId>` for a delegation by hand) the children answer. */
  toolCallId: string;
  children: ChildSpec[];
  wait?: boolean;
  /** Deepest depth a child may have (root is 0); refused beyond it. */
  maxDepth?: number;
}

/** Acquire (or refresh) the lease: the task is now running in `ownerId`'s window. */
export interface StartCommand extends At {
  type: 'start';
  taskId: string;
  ownerId: string;
  leaseTtlMs: number;
}

export interface HeartbeatCommand extends At {
  type: 'heartbeat';
  taskId: string;
  ownerId: string;
  /**
   * The window's other leases in the same tree, refreshed in the same write (one write per tree
   * per tick, not one per task: with a wide fan-out, a burst of writes would hold up a Stop). One
   * that is no longer this window's is skipped; its runner learns it from the changed record.
   */
  more?: string[];
}

/** Record usage and progress of a running task (no status change). */
export interface RecordProgressCommand extends At, WithUsage {
  type: 'recordProgress';
  taskId: string;
  checkpoint?: Checkpoint;
}

export interface CompleteCommand extends At, WithUsage, LeaseTo {
  type: 'complete';
  taskId: string;
  result: TaskResult;
}

/**
 * Stop: every running task in the subtree of `taskId` (the task included) becomes interrupted;
 * the task's parent is never touched. `ownUsage` is the named task's own.
 */
export interface InterruptCommand extends At, WithUsage {
  type: 'interrupt';
  taskId: string;
  reason: InterruptReason;
  /**
   * The own usage so far of other tasks this stop interrupts, as the window running them saw it
   * (a Stop cuts a turn short: without it, a child that streamed for a minute would show 0 s).
   */
  usages?: Readonly<Record<string, Usage>>;
}

export interface BudgetExhaustedCommand extends At, WithUsage {
  type: 'budgetExhausted';
  taskId: string;
  reason: BudgetReason;
  checkpoint: Checkpoint;
}

export interface FailCommand extends At, WithUsage, LeaseTo {
  type: 'fail';
  taskId: string;
  failure: TaskFailure;
  /**
   * A child owing its parent reports the failure (`baton.subtaskFailure: report`) and the parent
   * decides; without it (the default, as before fan-out) the parent waits for the user's Resume
   * or Abandon.
   */
  report?: boolean;
  /** Partial work the runtime gathered, handed to the parent with the failure. */
  partial?: Partial<TaskResult>;
}

/** A message that goes into a task's inbox as the user's; `id` makes it idempotent. */
export interface InboxText {
  id: string;
  text: string;
}

export interface ResumeCommand extends At, LeaseTo {
  type: 'resume';
  taskId: string;
  /** A new budget (Continue); counted from the task's usage at this moment. */
  budget?: Budget;
  /** Resume with a message: it goes into the resumed task's inbox. */
  message?: InboxText;
}

/** The parent agent stops its own child (stop_subtask); the child's outcome is `stopped`. */
export interface StopSubtaskCommand extends At, WithUsage, LeaseTo {
  type: 'stopSubtask';
  parentId: string;
  childId: string;
  /** What the child had done, as the runtime saw it after the in-flight tool finished. */
  partial?: Partial<TaskResult>;
}

/** A follow-up assignment to the parent's own finished or paused child (continue_subtask). */
export interface ContinueSubtaskCommand extends At, LeaseTo {
  type: 'continueSubtask';
  parentId: string;
  childId: string;
  /** The parent's continue_subtask call: the new assignment's outcome answers it. */
  toolCallId: string;
  messageId: string;
  text: string;
  budget?: Budget;
  wait: boolean;
  /** Partial work of a current assignment this one supersedes (delivered as `stopped`). */
  partial?: Partial<TaskResult>;
}

/** One tool call a parent blocks on: a wait_for_subtasks, or a delegate_task / continue_subtask that waits. */
export interface AwaitCall {
  toolCallId: string;
  /** Default: every child that owes this task an outcome. */
  childIds?: string[];
  /** Wake deadline, epoch ms. */
  until?: number | null;
  wakeOn?: WakeOn[];
}

/**
 * The running parent blocks on children that still owe it an outcome (wait_for_subtasks, and
 * the end of a turn whose delegations wait). `more`: further calls of the same turn, blocked on
 * in the same transition, so one turn's calls never interrupt each other; a child already
 * claimed by an earlier call of the command is not awaited again.
 */
export interface AwaitChildrenCommand extends At, AwaitCall {
  type: 'awaitChildren';
  taskId: string;
  more?: AwaitCall[];
}

/** Ends the parent's wait of one tool call early (its deadline passed, or a wake-on event). */
export interface WakeCommand extends At, LeaseTo {
  type: 'wake';
  taskId: string;
  toolCallId: string;
}

export interface AbandonCommand extends At, LeaseTo {
  type: 'abandon';
  taskId: string;
  /** Partial work the runtime gathered from the transcript (output tail, files touched). */
  partial?: Partial<TaskResult>;
}

export interface FollowUpCommand extends At, LeaseTo {
  type: 'followUp';
  taskId: string;
  messageId: string;
  text: string;
}

/** The task (a root, or a child) asks the user a question and waits, not running. */
export interface AwaitUserCommand extends At {
  type: 'awaitUser';
  taskId: string;
  toolCallId: string;
  question: string;
}

export interface DeleteCommand extends At, LeaseTo {
  type: 'delete';
  taskId: string;
  /** Partial work the runtime gathered, handed to a parent still owed this child's outcome. */
  partial?: Partial<TaskResult>;
}

/**
 * An external agent's session for the task (ACP): its id, the agent's working folder and the
 * capabilities it announced. Only while the task is open; the agent id cannot change.
 */
export interface RecordAgentSessionCommand extends At {
  type: 'recordAgentSession';
  taskId: string;
  agent: AgentBinding;
}

/** Start-up repair: `active` tasks with no live lease become `interrupted` (editor_closed). */
export interface ReconcileCommand extends At {
  type: 'reconcile';
  leaseTtlMs: number;
}

export type LifecycleCommand =
  | CreateRootCommand
  | DelegateCommand
  | StartCommand
  | HeartbeatCommand
  | RecordProgressCommand
  | CompleteCommand
  | InterruptCommand
  | BudgetExhaustedCommand
  | FailCommand
  | StopSubtaskCommand
  | ContinueSubtaskCommand
  | AwaitChildrenCommand
  | WakeCommand
  | ResumeCommand
  | AbandonCommand
  | FollowUpCommand
  | AwaitUserCommand
  | DeleteCommand
  | RecordAgentSessionCommand
  | ReconcileCommand;

export type CommandType = LifecycleCommand['type'];

/** What the runtime must do after a commit; the lifecycle only describes it. */
export type Effect =
  /** The task became runnable (`active`): a runner should pick it up (leased to `ownerId` if given). */
  | { type: 'run'; taskId: string }
  /** The task's runner must stop now (it was interrupted or deleted while it held a lease). */
  | { type: 'abort'; taskId: string }
  /**
   * A child's outcome reached its parent's inbox. A parent that was waiting for it is woken by
   * a `run` effect; a running parent reads it at its next turn boundary.
   */
  | { type: 'delivered'; parentId: string; childId: string; toolCallId: string; assignment: number; outcome: ChildOutcome }
  /** The task's record is gone; its transcript and artifacts may be removed. */
  | { type: 'removed'; taskId: string };

export type LifecycleErrorCode =
  | 'not_found'
  | 'already_exists'
  | 'invalid_transition'
  | 'not_a_child'
  | 'child_running'
  | 'parent_busy'
  | 'depth_exceeded'
  | 'batch_too_large'
  | 'children_open'
  | 'lease_held'
  | 'not_lease_owner';

export class LifecycleError extends Error {
  override readonly name = 'LifecycleError';
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
    readonly taskId?: string,
  ) {
    super(message);
  }
}

export interface TransitionOk {
  ok: true;
  tasks: TaskMap;
  /** Ids whose record changed or was created (revision bumped). Empty for a no-op. */
  changed: string[];
  removed: string[];
  effects: Effect[];
}

export interface TransitionErr {
  ok: false;
  error: LifecycleError;
}

export type TransitionResult = TransitionOk | TransitionErr;
