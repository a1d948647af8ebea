/**
 * Binds the workspace tools to a task: its approvals, its "allow for this task" memory (that
 * task's own: a subtask asks for itself, see `AutoApprovals`), and the files it touched.
 */
import type { TaskRecord } from '../../shared/task';
import { AutoApprovals, type ApprovalPolicy, type ApprovalPort, type WorkspacePort } from '../ports';
import type { ToolCall } from '../providers/types';
import type { ToolHost, ToolRunOutcome } from './runner';
import { runWorkspaceTool, toolsFor } from './tools';

export interface ToolHostOptions {
  workspace: WorkspacePort;
  approvals: ApprovalPort;
  policy(): ApprovalPolicy;
  commandTimeoutMs(): number;
}

export function createToolHost(opts: ToolHostOptions): ToolHost {
  const allowed = new AutoApprovals();
  return {
    definitions: (o) => toolsFor(o).map(({ name, description, parameters }) => ({ name, description, parameters })),
    async run(call: ToolCall, task: TaskRecord, signal: AbortSignal): Promise<ToolRunOutcome> {
      const files = { read: new Set<string>(), written: new Set<string>() };
      const outcome = await runWorkspaceTool(call.name, call.args, {
        taskId: task.id,
        workspace: opts.workspace,
        approvals: opts.approvals,
        policy: opts.policy(),
        allowTask: allowed.forTask(task.id),
        signal,
        commandTimeoutMs: opts.commandTimeoutMs(),
        files,
      });
      return {
        content: outcome.content,
        isError: outcome.isError,
        trace: outcome.traceLine,
        ...(files.read.size && { filesRead: [...files.read] }),
        ...(files.written.size && { filesWritten: [...files.written] }),
      };
    },
  };
}
