/**
 * The host ⇄ webview protocol: the only shapes that cross `postMessage`, in both directions.
 * Each side `safeParse`s what it receives and drops (and logs) what fails, so a malformed or
 * stale message never changes state (STYLE.md principle 3).
 *
 * The webview says `ready`; the host answers with a `snapshot` (the whole state, once), then
 * sends deltas: changed task records, live states, and transcript appends batched per frame.
 */
import { z } from 'zod';
import { AgentEvent } from './events';
import { Budget, TaskRecord } from './task';

/** Bumped on any incompatible change; a webview that sees another version asks for a reload. */
export const PROTOCOL_VERSION = 2;

/** Longest goal the "New task" input may send; the host refuses anything longer. */
export const MAX_GOAL_LENGTH = 20_000;
/** Longest follow-up message or delegation context. */
export const MAX_MESSAGE_LENGTH = 100_000;
/** Longest search text of the sidebar. */
export const MAX_QUERY_LENGTH = 200;

const taskId = z.string().min(1).max(64);
const approvalId = z.string().min(1).max(64);
const goal = z.string().trim().min(1).max(MAX_GOAL_LENGTH);

/** What the webview knows about the window it is in. */
export const WorkspaceInfo = z.object({
  /** The workspace's display name, or null when no folder is open. */
  name: z.string().nullable(),
  /** URIs (as strings) of the open workspace folders, in order. */
  folders: z.array(z.string()),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

/** The settings the UI shows: the budget "Continue" offers. */
export const UiSettings = z.object({ defaultBudget: Budget });
export type UiSettings = z.infer<typeof UiSettings>;

/** The sidebar's filter: current workspace only (default) or all, and a search text. */
export const TaskFilter = z.object({ showAll: z.boolean(), query: z.string().max(MAX_QUERY_LENGTH) });
export type TaskFilter = z.infer<typeof TaskFilter>;
export const DEFAULT_FILTER: TaskFilter = { showAll: false, query: '' };

/**
 * What a running task is doing right now that its record does not say (from its events):
 * waiting out a retry, or getting nothing from the model.
 */
export const LiveState = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('retrying'),
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    waitMs: z.number().nonnegative(),
    reason: z.string(),
    /** When the retry was scheduled (epoch ms); the next attempt starts at `at + waitMs`. */
    at: z.number().nonnegative(),
  }),
  z.object({ kind: z.literal('stalled'), sinceMs: z.number().nonnegative(), at: z.number().nonnegative() }),
]);
export type LiveState = z.infer<typeof LiveState>;

/** An approval the user is asked for inline (the diff itself stays in the host). */
export const ApprovalView = z.object({
  id: approvalId,
  taskId,
  kind: z.enum(['write', 'command']),
  summary: z.string(),
  path: z.string().optional(),
  command: z.string().optional(),
  /** Why this request asks even when the user allowed its kind (e.g. a write to .git/config). */
  caution: z.string().optional(),
  /** Whether "Show diff" has something to show. */
  hasDiff: z.boolean(),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

export const ApprovalChoice = z.enum(['allow_once', 'allow_task', 'deny']);
export type ApprovalChoice = z.infer<typeof ApprovalChoice>;

// ---- what a user may do with a task, and how it stands ----------------------------------------

/**
 * What a user can do to a task. The lifecycle decides which apply (src/core/lifecycle/
 * availability.ts); the host sends the answer with each task, and every button, menu, `when`
 * clause and quick pick shows exactly that. New actions join this list (and a command each).
 */
export const USER_ACTIONS = ['open', 'stop', 'resume', 'continue', 'abandon', 'delegate', 'message', 'delete'] as const;
export const UserAction = z.enum(USER_ACTIONS);
export type UserAction = z.infer<typeof UserAction>;

/** Allowed, or not with the sentence that says why (the lifecycle's own refusal where it has one). */
export const ActionState = z.union([z.object({ allowed: z.literal(true) }), z.object({ allowed: z.literal(false), reason: z.string() })]);
export type ActionState = z.infer<typeof ActionState>;

export const TaskActions = z.record(UserAction, ActionState);
export type TaskActions = z.infer<typeof TaskActions>;

/**
 * Something in a task's tree waits for the user: an approval, or an answer to a question. On the
 * asking task and on each of its ancestors (which name the asking subtask).
 */
export const Attention = z.object({
  kind: z.enum(['approval', 'question']),
  /** The task that asks: this one, or a descendant. */
  taskId,
  title: z.string(),
  /** How many requests wait in this task and its subtree. */
  count: z.number().int().positive(),
});
export type Attention = z.infer<typeof Attention>;

/** What the host knows of a task that its record does not say: whether it runs now, whether it needs the user, and what the user may do. */
export const TaskUiState = z.object({
  /** Open, not waiting for the user, and its lease is live (a fresh heartbeat from a window that is still there). */
  running: z.boolean(),
  attention: Attention.nullable(),
  actions: TaskActions,
});
export type TaskUiState = z.infer<typeof TaskUiState>;

// ---- webview → host -------------------------------------------------------------------------

const req = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), ...shape });

/** The webview's listener is attached: the host may post now, starting with a snapshot. */
export const ReadyMessage = req('ready', {});
export const OpenMessage = req('open', { taskId });
/** The sidebar's selection moved (sets the task commands act on). */
export const SelectMessage = req('select', { taskId: taskId.nullable() });
export const NewTaskMessage = req('newTask', { goal });
export const StopMessage = req('stop', { taskId });
export const ResumeMessage = req('resume', { taskId });
/** Resume a task that ran out of budget, with a new budget. */
export const ContinueMessage = req('continue', { taskId, budget: Budget });
export const AbandonMessage = req('abandon', { taskId });
/** The host asks for confirmation (a modal) before deleting. */
export const DeleteMessage = req('delete', { taskId });
/** Without a goal the host asks for one (an input box). */
export const DelegateMessage = req('delegate', {
  parentId: taskId,
  goal: goal.optional(),
  context: z.string().max(MAX_MESSAGE_LENGTH).optional(),
});
/** A follow-up on a root task, or the answer to its question. */
export const FollowUpMessage = req('followUp', { taskId, text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH) });
export const ApproveMessage = req('approve', { approvalId, decision: ApprovalChoice });
export const ShowDiffMessage = req('showDiff', { approvalId });
export const SetFilterMessage = req('setFilter', { filter: TaskFilter });

export const WebviewToHostMessage = z.discriminatedUnion('type', [
  ReadyMessage,
  OpenMessage,
  SelectMessage,
  NewTaskMessage,
  StopMessage,
  ResumeMessage,
  ContinueMessage,
  AbandonMessage,
  DeleteMessage,
  DelegateMessage,
  FollowUpMessage,
  ApproveMessage,
  ShowDiffMessage,
  SetFilterMessage,
]);
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessage>;
/** The requests that act on tasks (everything but the handshake and view state). */
export type TaskRequest = Exclude<WebviewToHostMessage, { type: 'ready' | 'select' | 'setFilter' | 'approve' | 'showDiff' }>;

// ---- host → webview -------------------------------------------------------------------------

export const ViewKind = z.enum(['sidebar', 'panel']);
export type ViewKind = z.infer<typeof ViewKind>;

/** What a task panel shows: its task, and the transcript so far (compacted by the host). */
export const PanelSnapshot = z.object({ taskId, transcript: z.array(AgentEvent) });
export type PanelSnapshot = z.infer<typeof PanelSnapshot>;

/** The whole state: sent in answer to every `ready`, and it replaces whatever the webview had. */
export const SnapshotMessage = z.object({
  type: z.literal('snapshot'),
  /** Checked by the webview against its own `PROTOCOL_VERSION`. */
  protocolVersion: z.number().int().positive(),
  view: ViewKind,
  /** Every task (sidebar), or the panel task's tree. */
  tasks: z.array(TaskRecord),
  workspace: WorkspaceInfo,
  /** Why the task store is unavailable (shown instead of the tasks), or null when it is open. */
  storeError: z.string().nullable(),
  settings: UiSettings,
  live: z.record(taskId, LiveState),
  filter: TaskFilter,
  /** Null for the sidebar. */
  panel: PanelSnapshot.nullable(),
  approvals: z.array(ApprovalView),
});

/** Records that changed or appeared, and ids that disappeared, since the last message. */
export const TasksChangedMessage = z.object({
  type: z.literal('tasksChanged'),
  changed: z.array(TaskRecord),
  removed: z.array(taskId),
});

/** Live states that changed; null clears a task's. */
export const LiveChangedMessage = z.object({ type: z.literal('liveChanged'), states: z.record(taskId, LiveState.nullable()) });

/** New transcript events of one task, in order; adjacent text deltas arrive merged. */
export const TranscriptAppendMessage = z.object({ type: z.literal('transcriptAppend'), taskId, events: z.array(AgentEvent) });

export const ApprovalRequestedMessage = z.object({ type: z.literal('approvalRequested'), approval: ApprovalView });
/** Answered (here or elsewhere), or no longer asked (the task stopped). */
export const ApprovalResolvedMessage = z.object({ type: z.literal('approvalResolved'), approvalId });

export const HostToWebviewMessage = z.discriminatedUnion('type', [
  SnapshotMessage,
  TasksChangedMessage,
  LiveChangedMessage,
  TranscriptAppendMessage,
  ApprovalRequestedMessage,
  ApprovalResolvedMessage,
]);
export type HostToWebviewMessage = z.infer<typeof HostToWebviewMessage>;
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;
export type TasksChangedMessage = z.infer<typeof TasksChangedMessage>;
export type LiveChangedMessage = z.infer<typeof LiveChangedMessage>;
export type TranscriptAppendMessage = z.infer<typeof TranscriptAppendMessage>;

// ---- parsing --------------------------------------------------------------------------------

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Validates a message from the webview; `reason` is a one-line summary for the log. */
export function parseWebviewMessage(raw: unknown): ParseResult<WebviewToHostMessage> {
  return toResult(WebviewToHostMessage.safeParse(raw), raw);
}

/** Validates a message from the host; `reason` is a one-line summary for the log. */
export function parseHostMessage(raw: unknown): ParseResult<HostToWebviewMessage> {
  return toResult(HostToWebviewMessage.safeParse(raw), raw);
}

function toResult<T>(parsed: z.ZodSafeParseResult<T>, raw: unknown): ParseResult<T> {
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, reason: `${describeType(raw)}: ${summarizeIssues(parsed.error)}` };
}

function describeType(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && 'type' in raw && typeof raw.type === 'string') {
    return `message '${raw.type.slice(0, 40)}'`;
  }
  return `message of type ${raw === null ? 'null' : typeof raw}`;
}

/** The first few issues, each as `path: message`, on one line (a full record can fail in many places). */
function summarizeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path ? `${path}: ` : ''}${issue.message}`.replace(/\s+/g, ' ');
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (+${more} more)` : '');
}
