/** What a tool is, what it gets to work with, and what it hands back to the agent loop. */
import type { z } from 'zod';
import type { ApprovalKind, ApprovalPolicy, ApprovalPort } from '../../ports/approvals';
import type { WorkspacePort } from '../../ports/workspace';
import type { ToolDefinition } from '../../providers/types';

export interface ToolContext {
  taskId: string;
  workspace: WorkspacePort;
  approvals: ApprovalPort;
  /** The user's settings: the same for a task and its subtasks. */
  policy: ApprovalPolicy;
  /** Kinds the user allowed for the rest of this task (not its subtasks); a tool adds to it on `allow_task`. */
  allowTask: Set<ApprovalKind>;
  /** The task's Stop. Writes started before it complete; commands are killed. */
  signal: AbortSignal;
  /** Used when run_command is given no timeout. */
  commandTimeoutMs: number;
  /** Workspace-relative paths, filled in by the tools. */
  files: { read: Set<string>; written: Set<string> };
}

export interface ToolOutcome {
  /** The tool result the model reads. */
  content: string;
  isError: boolean;
  /** One line for the task's trace, e.g. `write_file src/a.ts (ok)`. */
  traceLine: string;
}

/** A tool as the model sees it, plus the schema its arguments are checked against. */
export interface ToolSpec<Args extends z.ZodType = z.ZodType> extends ToolDefinition {
  argsSchema: Args;
}

/** A tool that runs against the workspace. `run` never throws: failures are tool errors. */
export interface WorkspaceTool extends ToolSpec {
  run(args: unknown, ctx: ToolContext): Promise<ToolOutcome>;
}
