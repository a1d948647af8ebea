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
export const PROTOCOL_VERSION = 4;

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
  /** Waiting for a free slot (`baton.maxConcurrentChildren`); `position` in this window's queue. */
  z.object({ kind: z.literal('queued'), position: z.number().int().positive(), at: z.number().nonnegative() }),
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
export const USER_ACTIONS = ['open', 'stop', 'resume', 'resumeWithMessage', 'continue', 'abandon', 'delegate', 'message', 'delete'] as const;
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

/** The command each user action runs: the command table is its only implementation. */
export const ACTION_COMMANDS = {
  open: 'baton.openTask',
  stop: 'baton.stopTask',
  resume: 'baton.resumeTask',
  resumeWithMessage: 'baton.resumeWithMessage',
  continue: 'baton.continueTask',
  abandon: 'baton.abandonSubtask',
  delegate: 'baton.delegateSubtask',
  message: 'baton.sendMessage',
  delete: 'baton.deleteTask',
} as const satisfies Record<UserAction, string>;

/** Commands that act on one task: a webview must name it. `baton.openFile` opens a file the task wrote, in its folder. */
export const TASK_COMMAND_IDS: readonly string[] = [...Object.values(ACTION_COMMANDS), 'baton.openFile'];
/** Every command a webview may run (an allow-list: any other id is dropped). */
export const WebviewCommandId = z.enum([
  ...Object.values(ACTION_COMMANDS),
  'baton.openFile',
  'baton.newTask',
  'baton.selectModel',
  'baton.setApiKey',
  'baton.openSettings',
  'baton.openWalkthrough',
]);
export type WebviewCommandId = z.infer<typeof WebviewCommandId>;

/** The webview's listener is attached: the host may post now, starting with a snapshot. */
export const ReadyMessage = req('ready', {});
/**
 * Run a Baton command, as its button, menu or palette entry would: the host runs that same
 * command with these arguments (a form's goal, budget or message skip its prompts).
 */
export const CommandMessage = req('command', {
  command: WebviewCommandId,
  taskId: taskId.optional(),
  goal: goal.optional(),
  context: z.string().max(MAX_MESSAGE_LENGTH).optional(),
  budget: Budget.optional(),
  text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH).optional(),
  /** Open Task as a preview (a single click): the next preview reuses its tab. */
  preview: z.boolean().optional(),
  /** Open File: a path the task wrote, relative to its folder. */
  path: z.string().min(1).max(4096).optional(),
}).refine((m) => TASK_COMMAND_IDS.includes(m.command) === (m.taskId !== undefined), {
  message: 'a task command names its task, and only a task command does',
  path: ['taskId'],
});
export type CommandMessage = z.infer<typeof CommandMessage>;
export const ApproveMessage = req('approve', { approvalId, decision: ApprovalChoice });
export const ShowDiffMessage = req('showDiff', { approvalId });
export const SetFilterMessage = req('setFilter', { filter: TaskFilter });
/** The sidebar's "Show older tasks": the host loads the next page of older roots. */
export const LoadOlderMessage = req('loadOlder', {});

export const WebviewToHostMessage = z.discriminatedUnion('type', [ReadyMessage, CommandMessage, ApproveMessage, ShowDiffMessage, SetFilterMessage, LoadOlderMessage]);
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessage>;

// ---- host → webview -------------------------------------------------------------------------

export const ViewKind = z.enum(['sidebar', 'panel']);
export type ViewKind = z.infer<typeof ViewKind>;

/**
 * Longest streaming tail a panel keeps of each of its task's children: the last lines of their
 * output, never a whole transcript (the host sends at most this much per child per batch).
 */
export const CHILD_TAIL_CHARS = 1_000;

/** The last output of each child of the panel's task, by child id (at most CHILD_TAIL_CHARS each). */
export const ChildTails = z.record(taskId, z.string().max(CHILD_TAIL_CHARS));
export type ChildTails = z.infer<typeof ChildTails>;

/** What a task panel shows: its task, the transcript so far (compacted by the host), and its children's tails. */
export const PanelSnapshot = z.object({ taskId, transcript: z.array(AgentEvent), tails: ChildTails.optional() });
export type PanelSnapshot = z.infer<typeof PanelSnapshot>;

/** The whole state: sent in answer to every `ready`, and it replaces whatever the webview had. */
export const SnapshotMessage = z.object({
  type: z.literal('snapshot'),
  /** Checked by the webview against its own `PROTOCOL_VERSION`. */
  protocolVersion: z.number().int().positive(),
  view: ViewKind,
  /** Every task the store has loaded (sidebar: the newest roots, every unfinished task, and what was paged or searched), or the panel task's tree. */
  tasks: z.array(TaskRecord),
  /** Sidebar: older roots are not listed yet (it offers "Show older tasks"). */
  olderTasks: z.boolean().optional(),
  /** How each of those tasks stands now, and what the user may do with it. */
  ui: z.record(taskId, TaskUiState),
  workspace: WorkspaceInfo,
  /** Why the task store is unavailable (shown instead of the tasks), or null when it is open. */
  storeError: z.string().nullable(),
  settings: UiSettings,
  live: z.record(taskId, LiveState),
  filter: TaskFilter,
  /** Null for the sidebar. */
  panel: PanelSnapshot.nullable(),
  /** Open approval questions: of the panel's tree (each names its asking task), none in the sidebar. */
  approvals: z.array(ApprovalView),
  /** The model new tasks run on, as the UI names it (the sidebar's empty state). */
  model: z.string(),
  /** The task of the active task panel: the sidebar selects its row. */
  focus: taskId.nullable(),
});

/** Records that changed or appeared, ids that disappeared, and UI states that changed, since the last message. */
export const TasksChangedMessage = z.object({
  type: z.literal('tasksChanged'),
  changed: z.array(TaskRecord),
  removed: z.array(taskId),
  ui: z.record(taskId, TaskUiState).default({}),
});

/** The active task panel changed (null: no task panel is active); the sidebar follows it. */
export const FocusMessage = z.object({ type: z.literal('focus'), taskId: taskId.nullable() });

/** Live states that changed; null clears a task's. */
export const LiveChangedMessage = z.object({ type: z.literal('liveChanged'), states: z.record(taskId, LiveState.nullable()) });

/** New transcript events of one task, in order; adjacent text deltas arrive merged. */
export const TranscriptAppendMessage = z.object({ type: z.literal('transcriptAppend'), taskId, events: z.array(AgentEvent) });

/** What the panel task's children streamed since the last message (each at most CHILD_TAIL_CHARS, the newest). */
export const ChildTailsMessage = z.object({ type: z.literal('childTails'), tails: ChildTails });

export const ApprovalRequestedMessage = z.object({ type: z.literal('approvalRequested'), approval: ApprovalView });
/** Answered (here or elsewhere), or no longer asked (the task stopped). */
export const ApprovalResolvedMessage = z.object({ type: z.literal('approvalResolved'), approvalId });

export const HostToWebviewMessage = z.discriminatedUnion('type', [
  SnapshotMessage,
  TasksChangedMessage,
  LiveChangedMessage,
  TranscriptAppendMessage,
  ChildTailsMessage,
  ApprovalRequestedMessage,
  ApprovalResolvedMessage,
  FocusMessage,
]);
export type HostToWebviewMessage = z.infer<typeof HostToWebviewMessage>;
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;
export type TasksChangedMessage = z.infer<typeof TasksChangedMessage>;
export type LiveChangedMessage = z.infer<typeof LiveChangedMessage>;
export type TranscriptAppendMessage = z.infer<typeof TranscriptAppendMessage>;
export type ChildTailsMessage = z.infer<typeof ChildTailsMessage>;

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
