/**
 * The persisted task record: the one shape the store writes, the lifecycle transforms and the
 * webview renders. Validated with zod on every read and write (STYLE.md principle 4).
 */
import { z } from 'zod';

/** Bumped when the record shape changes; the store migrates older files on read. */
export const TASK_SCHEMA_VERSION = 1;

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

/** Why a task is `interrupted`. */
export const InterruptReason = z.enum(['user_stop', 'editor_closed', 'crash', 'child_lost']);
export type InterruptReason = z.infer<typeof InterruptReason>;

/** Which budget ran out when a task became `needs_continuation`. */
export const BudgetReason = z.enum(['turns', 'runtime', 'response_timeout']);
export type BudgetReason = z.infer<typeof BudgetReason>;

const timestamp = z.number().int().nonnegative();
const taskId = z.string().min(1).max(64);

/** Held by the window whose extension host runs the task; "running" is a live lease. */
export const Lease = z.object({ ownerId: z.string().min(1), heartbeatAt: timestamp });
export type Lease = z.infer<typeof Lease>;

export const Budget = z.object({
  maxTurns: z.number().int().positive(),
  maxRuntimeMs: z.number().int().positive(),
  responseTimeoutMs: z.number().int().positive(),
});
export type Budget = z.infer<typeof Budget>;

export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  turns: z.number().int().nonnegative(),
  runtimeMs: z.number().nonnegative(),
  costUsd: z.number().nonnegative().optional(),
});
export type Usage = z.infer<typeof Usage>;

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

/** A child's result, delivered into its parent's inbox exactly once, keyed by the tool call. */
export const ChildResultMessage = z.object({
  kind: z.literal('child_result'),
  id: z.string().min(1),
  toolCallId: z.string().min(1),
  childId: taskId,
  childTitle: z.string(),
  outcome: z.enum(['completed', 'abandoned', 'lost']),
  result: TaskResult,
  usage: Usage,
  durationMs: z.number().nonnegative(),
  at: timestamp,
});
export type ChildResultMessage = z.infer<typeof ChildResultMessage>;

/** A message from the user: a follow-up on a completed root, or an answer to `ask_user`. */
export const UserMessage = z.object({
  kind: z.literal('user_message'),
  id: z.string().min(1),
  text: z.string(),
  at: timestamp,
});
export type UserMessage = z.infer<typeof UserMessage>;

export const InboxMessage = z.discriminatedUnion('kind', [ChildResultMessage, UserMessage]);
export type InboxMessage = z.infer<typeof InboxMessage>;

export const TaskFailure = z.object({
  message: z.string(),
  code: z.string().optional(),
});
export type TaskFailure = z.infer<typeof TaskFailure>;

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
  awaitingChildId: taskId.nullable(),
  /** The parent's tool call that the awaited child's result answers. */
  pendingToolCallId: z.string().nullable(),
  childIds: z.array(taskId),
  inbox: z.array(InboxMessage),
  result: TaskResult.nullable(),
  lastCheckpoint: Checkpoint.nullable(),
  /** Every checkpoint receipt, oldest first; `lastCheckpoint` is the newest. */
  checkpoints: z.array(Checkpoint).default([]),
  interruptReason: InterruptReason.nullable(),
  budgetReason: BudgetReason.nullable(),
  failure: TaskFailure.nullable(),
  /** Set while a root waits for the user to answer `ask_user`; such a task is not running. */
  awaitingUser: z.object({ toolCallId: z.string(), question: z.string() }).nullable(),
  budget: Budget,
  /** Usage at the moment the current budget began (creation, or Continue with a new budget). */
  budgetBaseline: z.object({ turns: z.number().int().nonnegative(), runtimeMs: z.number().nonnegative() }),
  /** Total usage: the task's own plus everything its delivered children used. */
  usage: Usage,
  /** The task's own model usage, reported by its runner as absolute totals. */
  ownUsage: Usage.default(ZERO_USAGE),
  /** Sum of the usage of children whose results were delivered here. */
  childUsage: Usage.default(ZERO_USAGE),
  modelRoute: ModelRoute.nullable(),
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
