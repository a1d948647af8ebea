/**
 * The persisted task record: the one shape the store writes, the lifecycle transforms and the
 * webview renders. Validated with zod on every read and write (STYLE.md principle 4).
 */
import { z } from 'zod';

/**
 * Bumped when the record shape changes; the store migrates older files on read (and an older
 * Baton skips newer files). Version 2: fan-out (`awaiting`), assignments and `reportTo`, `agent`.
 */
export const TASK_SCHEMA_VERSION = 2;

export const TaskStatus = z.enum([
  'active',
  'delegated',
  'interrupted',
  'needs_continuation',
  'failed',
  'completed',
  'abandoned',
]);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskRole = z.enum(['leaf', 'orchestrator']);
export type TaskRole = z.infer<typeof TaskRole>;

/** Why a task is `interrupted`. `parent_stop`: its parent agent stopped it (stop_subtask, or Stop on the parent). */
export const InterruptReason = z.enum(['user_stop', 'editor_closed', 'crash', 'child_lost', 'parent_stop']);
export type InterruptReason = z.infer<typeof InterruptReason>;

/** Which budget ran out when a task became `needs_continuation`. */
export const BudgetReason = z.enum(['turns', 'runtime', 'response_timeout']);
export type BudgetReason = z.infer<typeof BudgetReason>;

const timestamp = z.number().int().nonnegative();
const taskId = z.string().min(1).max(64);

/** Held by the window whose extension host runs the task; "running" is a live lease. */
export const Lease = z.object({ ownerId: z.string().min(1), heartbeatAt: timestamp });
export type Lease = z.infer<typeof Lease>;

/**
 * The longest delay a JavaScript timer honours: a longer one fires at once (Node and browsers
 * clamp it to 1 ms), which would end a task the moment it starts. Budgets never exceed it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const Budget = z.object({
  maxTurns: z.number().int().positive(),
  maxRuntimeMs: z.number().int().positive().max(MAX_TIMER_MS),
  responseTimeoutMs: z.number().int().positive().max(MAX_TIMER_MS),
});
export type Budget = z.infer<typeof Budget>;

/** A budget whose times a timer can honour (see MAX_TIMER_MS); what the lifecycle stores. */
export function clampBudget(budget: Budget): Budget {
  const ms = (value: number) => Math.min(Math.max(1, Math.floor(value)), MAX_TIMER_MS);
  return { maxTurns: Math.max(1, Math.floor(budget.maxTurns)), maxRuntimeMs: ms(budget.maxRuntimeMs), responseTimeoutMs: ms(budget.responseTimeoutMs) };
}

export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  turns: z.number().int().nonnegative(),
  runtimeMs: z.number().nonnegative(),
  costUsd: z.number().nonnegative().optional(),
  /**
   * Part of `outputTokens` is an estimate: a turn was cut short (Stop, a failure) before the
   * model reported its count, and what it streamed was counted at ~4 characters a token.
   */
  outputEstimated: z.literal(true).optional(),
});
export type Usage = z.infer<typeof Usage>;

/** "~" before an output token count that is partly estimated, for every place that shows one. */
export const aboutOutput = (usage: Pick<Usage, 'outputEstimated'>): string => (usage.outputEstimated ? '~' : '');

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, turns: 0, runtimeMs: 0 };

export const ModelRoute = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  baseUrl: z.string().optional(),
});
export type ModelRoute = z.infer<typeof ModelRoute>;

/** A receipt of progress: what the agent had done when it (or a budget) wrote it. */
export const Checkpoint = z.object({
  summary: z.string(),
  filesRead: z.array(z.string()).default([]),
  filesWritten: z.array(z.string()).default([]),
  blockers: z.string().optional(),
  nextStep: z.string().optional(),
  at: timestamp,
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** What a finished (or abandoned) task hands back. */
export const TaskResult = z.object({
  summary: z.string(),
  filesRead: z.array(z.string()).default([]),
  filesWritten: z.array(z.string()).default([]),
  /** Last lines of the task's output, for a parent that wants context. */
  outputTail: z.string().default(''),
  /** One line per tool call, e.g. `write_file src/a.ts (ok)`. */
  toolTrace: z.array(z.string()).default([]),
  /** Handle of an artifact holding output too large for a record. */
  artifact: z.string().optional(),
});
export type TaskResult = z.infer<typeof TaskResult>;

export const TaskFailure = z.object({
  message: z.string(),
  code: z.string().optional(),
});
export type TaskFailure = z.infer<typeof TaskFailure>;

/**
 * How a child's assignment ended, as its parent hears it: it finished, failed after its retries,
 * the user abandoned or deleted it, the parent stopped it (or superseded it with a new
 * assignment), or its record was lost.
 */
export const ChildOutcome = z.enum(['completed', 'failed', 'abandoned', 'deleted', 'stopped', 'lost']);
export type ChildOutcome = z.infer<typeof ChildOutcome>;

/**
 * The outcome of one assignment of a child, delivered into its parent's inbox exactly once,
 * keyed by the parent's tool call that started the assignment (several children of one batch
 * share it). `usage` is what this assignment used, so the parent's `childUsage` is the sum of
 * its inbox results.
 */
export const ChildResultMessage = z.object({
  kind: z.literal('child_result'),
  id: z.string().min(1),
  toolCallId: z.string().min(1),
  childId: taskId,
  childTitle: z.string(),
  assignment: z.number().int().positive().default(1),
  outcome: ChildOutcome,
  result: TaskResult,
  /** The error that survived the retries (outcome `failed`). */
  failure: TaskFailure.optional(),
  usage: Usage,
  durationMs: z.number().nonnegative(),
  at: timestamp,
});
export type ChildResultMessage = z.infer<typeof ChildResultMessage>;

/**
 * A message to a task: the user's follow-up on a root, an answer to `ask_user`, "Resume with a
 * message", or a parent's follow-up assignment to its child (continue_subtask).
 */
export const UserMessage = z.object({
  kind: z.literal('user_message'),
  id: z.string().min(1),
  text: z.string(),
  at: timestamp,
});
export type UserMessage = z.infer<typeof UserMessage>;

export const InboxMessage = z.discriminatedUnion('kind', [ChildResultMessage, UserMessage]);
export type InboxMessage = z.infer<typeof InboxMessage>;

/** Child events that may wake a parent early from a wait (the runtime enforces them). */
export const WakeOn = z.enum(['tool_call', 'retrying', 'stalled', 'checkpoint']);
export type WakeOn = z.infer<typeof WakeOn>;

/** One child a `delegated` task is blocked on, and the parent's tool call that is blocked. */
export const AwaitedChild = z.object({
  childId: taskId,
  /** A delegate_task, wait_for_subtasks or continue_subtask call, or `manual-<childId>`. */
  toolCallId: z.string().min(1),
  /** Wake deadline, epoch ms; null waits for the outcome however long it takes. */
  until: timestamp.nullable(),
  wakeOn: z.array(WakeOn),
});
export type AwaitedChild = z.infer<typeof AwaitedChild>;

/** An external agent (over the Agent Client Protocol) that does a task's work instead of Baton's loop. */
export const AgentBinding = z.object({
  id: z.string().min(1),
  sessionId: z.string().nullable(),
  cwd: z.string().nullable(),
  capabilities: z.record(z.string(), z.unknown()),
});
export type AgentBinding = z.infer<typeof AgentBinding>;

export const TaskRecord = z.object({
  schemaVersion: z.literal(TASK_SCHEMA_VERSION),
  id: taskId,
  title: z.string(),
  goal: z.string(),
  /** Context the delegating parent handed over with the goal. */
  context: z.string().default(''),
  parentId: taskId.nullable(),
  rootId: taskId,
  depth: z.number().int().nonnegative(),
  role: TaskRole,
  status: TaskStatus,
  /** The children this task is blocked on, in order; non-empty exactly while `delegated`. */
  awaiting: z.array(AwaitedChild).default([]),
  /** `awaiting[0].childId` (null when empty), for readers that show one awaited child. */
  awaitingChildId: taskId.nullable(),
  /** `awaiting[0].toolCallId` (null when empty). */
  pendingToolCallId: z.string().nullable(),
  /** Which assignment a child works on: 1 from delegation, +1 per continuation. */
  assignment: z.number().int().positive().default(1),
  /** When the current assignment began; null: at creation. */
  assignedAt: timestamp.nullable().default(null),
  /**
   * Set exactly while a child owes its parent the outcome of its current assignment: the
   * parent's tool call that started it. Null on roots and once the outcome was delivered.
   */
  reportTo: z.object({ toolCallId: z.string().min(1) }).nullable().default(null),
  childIds: z.array(taskId),
  inbox: z.array(InboxMessage),
  result: TaskResult.nullable(),
  lastCheckpoint: Checkpoint.nullable(),
  /** Every checkpoint receipt, oldest first; `lastCheckpoint` is the newest. */
  checkpoints: z.array(Checkpoint).default([]),
  interruptReason: InterruptReason.nullable(),
  budgetReason: BudgetReason.nullable(),
  failure: TaskFailure.nullable(),
  /** Set while the task waits for the user to answer `ask_user`; such a task is not running. */
  awaitingUser: z.object({ toolCallId: z.string(), question: z.string() }).nullable(),
  budget: Budget,
  /** Usage at the moment the current budget began (creation, or Continue with a new budget). */
  budgetBaseline: z.object({ turns: z.number().int().nonnegative(), runtimeMs: z.number().nonnegative() }),
  /** Total usage: the task's own plus everything its delivered children used. */
  usage: Usage,
  /** The task's own model usage, reported by its runner as absolute totals. */
  ownUsage: Usage.default(ZERO_USAGE),
  /** Sum of the usage of the child results in this task's inbox (each assignment counted once). */
  childUsage: Usage.default(ZERO_USAGE),
  modelRoute: ModelRoute.nullable(),
  /** The external agent doing this task's work, if any (null: Baton's own agent loop). */
  agent: AgentBinding.nullable().default(null),
  /** The workspace folder the task belongs to (for the sidebar's filter), if any. */
  workspace: z.string().nullable(),
  lease: Lease.nullable(),
  revision: z.number().int().nonnegative(),
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: timestamp.nullable(),
});
export type TaskRecord = z.infer<typeof TaskRecord>;

/** Tasks keyed by id: a task tree, or the whole history. */
export type TaskMap = Readonly<Record<string, TaskRecord>>;

/** Default budget when neither settings nor the caller give one. */
export const DEFAULT_BUDGET: Budget = { maxTurns: 40, maxRuntimeMs: 30 * 60_000, responseTimeoutMs: 120_000 };

/** Statuses from which Resume is legal. */
export const RESUMABLE: readonly TaskStatus[] = ['interrupted', 'needs_continuation', 'failed'];

/** A lease is live when its heartbeat is younger than the TTL. */
export function isLeaseLive(lease: Lease | null, now: number, ttlMs: number): boolean {
  return lease !== null && now - lease.heartbeatAt < ttlMs;
}
