/**
 * Binds the workspace tools to a task: its own folder (never another one: see
 * `WorkspaceDirectory`), its approvals, its "allow for this task" memory (that task's own: a
 * subtask asks for itself, see `AutoApprovals`), and the files it touched.
 */
import type { TaskRecord } from '../../shared/task';
import { AutoApprovals, workspaceRootOf, type ApprovalPolicy, type ApprovalPort, type WorkspaceDirectory } from '../ports';
import type { ToolCall } from '../providers/types';
import type { ToolHost, ToolRunOutcome } from './runner';
import { refuseWorkspaceTool, runWorkspaceTool, toolsFor } from './tools';

export interface ToolHostOptions {
  /** The folder each task works in, or why it has none here. */
  workspaces: WorkspaceDirectory;
  approvals: ApprovalPort;
  policy(): ApprovalPolicy;
  commandTimeoutMs(): number;
}

export function createToolHost(opts: ToolHostOptions): ToolHost {
  const allowed = new AutoApprovals();
  return {
    definitions: (o) => toolsFor(o).map(({ name, description, parameters }) => ({ name, description, parameters })),
    workspaceRoot: (task) => workspaceRootOf(opts.workspaces, task),
    async run(call: ToolCall, task: TaskRecord, signal: AbortSignal): Promise<ToolRunOutcome> {
      const where = opts.workspaces.workspaceFor(task);
      if (where.kind !== 'open') {
        const refused = refuseWorkspaceTool(call.name, where.message, where.kind === 'none' ? 'refused: no folder' : 'refused: folder not open');
        return { content: refused.content, isError: true, trace: refused.traceLine };
      }
      const files = { read: new Set<string>(), written: new Set<string>() };
      const outcome = await runWorkspaceTool(call.name, call.args, {
        taskId: task.id,
        workspace: where.workspace,
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
