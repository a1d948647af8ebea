/**
 * The vocabulary of the task lifecycle: the commands it accepts, the effects it asks the
 * runtime to carry out, and the typed errors it refuses with. The transitions themselves are
 * pure functions in `transitions.ts`; nothing else writes status, parent links or
 * `awaitingChildId`.
 */
import type {
  Budget,
  Checkpoint,
  BudgetReason,
  InterruptReason,
  ModelRoute,
  TaskFailure,
  TaskMap,
  TaskResult,
  TaskRole,
  Usage,
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
}

export interface DelegateCommand extends At, LeaseTo {
  type: 'delegate';
  parentId: string;
  childId: string;
  /** The parent's tool call (or a synthetic id for a manual delegation) the child answers. */
  toolCallId: string;
  title: string;
  goal: string;
  context?: string;
  role?: TaskRole;
  budget?: Budget;
  modelRoute?: ModelRoute | null;
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

export interface InterruptCommand extends At, WithUsage {
  type: 'interrupt';
  taskId: string;
  reason: InterruptReason;
}

export interface BudgetExhaustedCommand extends At, WithUsage {
  type: 'budgetExhausted';
  taskId: string;
  reason: BudgetReason;
  checkpoint: Checkpoint;
}

export interface FailCommand extends At, WithUsage {
  type: 'fail';
  taskId: string;
  failure: TaskFailure;
}

export interface ResumeCommand extends At, LeaseTo {
  type: 'resume';
  taskId: string;
  /** A new budget (Continue); counted from the task's usage at this moment. */
  budget?: Budget;
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

/** The root asks the user a question and waits, not running. */
export interface AwaitUserCommand extends At {
  type: 'awaitUser';
  taskId: string;
  toolCallId: string;
  question: string;
}

export interface DeleteCommand extends At, LeaseTo {
  type: 'delete';
  taskId: string;
  partial?: Partial<TaskResult>;
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
  | ResumeCommand
  | AbandonCommand
  | FollowUpCommand
  | AwaitUserCommand
  | DeleteCommand
  | ReconcileCommand;

export type CommandType = LifecycleCommand['type'];

/** What the runtime must do after a commit; the lifecycle only describes it. */
export type Effect =
  /** The task became runnable (`active`): a runner should pick it up (leased to `ownerId` if given). */
  | { type: 'run'; taskId: string }
  /** The task's runner must stop now (it was interrupted or deleted while it held a lease). */
  | { type: 'abort'; taskId: string }
  /** A child's result (or abandonment) reached its parent's inbox. */
  | { type: 'delivered'; parentId: string; childId: string; toolCallId: string; outcome: 'completed' | 'abandoned' | 'lost' }
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
