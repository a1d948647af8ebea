/**
 * The host ⇄ webview protocol: the only shapes that cross `postMessage`, in both directions.
 * Each side `safeParse`s what it receives and drops (and logs) what fails, so a malformed or
 * stale message never changes state (STYLE.md principle 3).
 */
import { z } from 'zod';
import { TaskRecord } from './task';

/** Bumped on any incompatible change; a webview that sees another version asks for a reload. */
export const PROTOCOL_VERSION = 1;

/** Longest goal the "New task" input may send; the host refuses anything longer. */
export const MAX_GOAL_LENGTH = 20_000;

const taskId = z.string().min(1).max(64);

/** What the sidebar knows about the window it is in. */
export const WorkspaceInfo = z.object({
  /** The workspace's display name, or null when no folder is open. */
  name: z.string().nullable(),
  /** URIs (as strings) of the open workspace folders, in order. */
  folders: z.array(z.string()),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

// ---- webview → host -------------------------------------------------------------------------

/** The webview's listener is attached: the host may post now, starting with a snapshot. */
export const ReadyMessage = z.object({ type: z.literal('ready') });

export const OpenTaskMessage = z.object({ type: z.literal('openTask'), taskId });

export const CreateTaskMessage = z.object({
  type: z.literal('createTask'),
  goal: z.string().trim().min(1).max(MAX_GOAL_LENGTH),
});

export const WebviewToHostMessage = z.discriminatedUnion('type', [ReadyMessage, OpenTaskMessage, CreateTaskMessage]);
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessage>;

// ---- host → webview -------------------------------------------------------------------------

/** The whole state: sent in answer to every `ready`, and it replaces whatever the webview had. */
export const SnapshotMessage = z.object({
  type: z.literal('snapshot'),
  /** Checked by the webview against its own `PROTOCOL_VERSION`. */
  protocolVersion: z.number().int().positive(),
  tasks: z.array(TaskRecord),
  workspace: WorkspaceInfo,
  /** Why the task store is unavailable (shown instead of the list), or null when it is open. */
  storeError: z.string().nullable(),
});

/** Records that changed or appeared, and ids that disappeared, since the last message. */
export const TasksChangedMessage = z.object({
  type: z.literal('tasksChanged'),
  changed: z.array(TaskRecord),
  removed: z.array(taskId),
});

export const HostToWebviewMessage = z.discriminatedUnion('type', [SnapshotMessage, TasksChangedMessage]);
export type HostToWebviewMessage = z.infer<typeof HostToWebviewMessage>;
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;
export type TasksChangedMessage = z.infer<typeof TasksChangedMessage>;

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
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (+${more} more)` : '');
}
