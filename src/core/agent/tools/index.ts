/**
 * The agent's tools, in one table. Workspace tools run here; the loop-level tools
 * (`TOOL_DEFINITIONS`) are only described here and run by the agent loop.
 */
import { editFileTool } from './editFile';
import { failure } from './define';
import { listFilesTool } from './listFiles';
import { SUPERVISION_TOOLS, TOOL_DEFINITIONS } from './loopTools';
import { readFileTool } from './readFile';
import { runCommandTool } from './runCommand';
import { searchFilesTool } from './searchFiles';
import type { ToolContext, ToolOutcome, ToolSpec, WorkspaceTool } from './types';
import { writeFileTool } from './writeFile';

export type { ToolContext, ToolOutcome, ToolSpec, WorkspaceTool } from './types';
export * from './loopTools';
export { parseArgs, type ParsedArgs } from './define';
export { MAX_READ_CHARS } from './readFile';
export { MAX_LIST_ENTRIES } from './listFiles';
export { MAX_SEARCH_MATCHES } from './searchFiles';

export const WORKSPACE_TOOLS: readonly WorkspaceTool[] = [
  readFileTool,
  listFilesTool,
  searchFilesTool,
  writeFileTool,
  editFileTool,
  runCommandTool,
];

const BY_NAME = new Map(WORKSPACE_TOOLS.map((tool) => [tool.name, tool]));

/** The workspace tool with this name, if it is one (loop-level tools are not). */
export function workspaceTool(name: string): WorkspaceTool | undefined {
  return BY_NAME.get(name);
}

/** Which tools a task gets. */
export interface ToolOffer {
  isRoot: boolean;
  /** delegate_task: the task is an orchestrator within the depth limit. */
  canDelegate: boolean;
  /** The supervision tools: it can delegate, or has subtasks to look after. Default: canDelegate. */
  supervises?: boolean;
  /** Names of the user's model routes, listed in delegate_task's description. */
  modelRoutes?: readonly string[];
}

/**
 * The tools a task may call: the workspace tools, delegate_task while the depth limit allows
 * another level, the supervision tools while it has subtasks (or may start some), and ask_user
 * for every task (a subtask's question shows on it and its ancestors).
 */
export function toolsFor(opts: ToolOffer): ToolSpec[] {
  const supervises = opts.supervises ?? opts.canDelegate;
  return [
    ...WORKSPACE_TOOLS,
    ...(opts.canDelegate ? [delegateTaskFor(opts.modelRoutes ?? [])] : []),
    ...(supervises ? SUPERVISION_TOOLS.map((name) => TOOL_DEFINITIONS[name]) : []),
    TOOL_DEFINITIONS.checkpoint,
    TOOL_DEFINITIONS.ask_user,
    TOOL_DEFINITIONS.attempt_completion,
  ];
}

function delegateTaskFor(routes: readonly string[]): ToolSpec {
  const spec = TOOL_DEFINITIONS.delegate_task;
  if (routes.length === 0) return { ...spec, description: `${spec.description} No model routes are configured: omit "model".` };
  return { ...spec, description: `${spec.description} Model routes you may name in "model": ${routes.map((r) => `"${r}"`).join(', ')}.` };
}

/**
 * The outcome of a workspace tool that cannot run (the task has no folder here): a tool error
 * the model reads. An unknown name gets the same answer as from `runWorkspaceTool`.
 */
export function refuseWorkspaceTool(name: string, message: string, status: string): ToolOutcome {
  return BY_NAME.has(name) ? failure(name, '', message, status) : unknownTool(name);
}

/**
 * Runs a workspace tool by name. Never throws: an unknown name is a tool error naming the
 * tools there are, so the model can correct itself.
 */
export function runWorkspaceTool(name: string, args: unknown, ctx: ToolContext): Promise<ToolOutcome> {
  const tool = BY_NAME.get(name);
  return tool ? tool.run(args, ctx) : Promise.resolve(unknownTool(name));
}

/** Names the tools there are, so the model can correct itself. */
function unknownTool(name: string): ToolOutcome {
  const known = [...BY_NAME.keys(), ...Object.keys(TOOL_DEFINITIONS)].join(', ');
  return failure(name, '', `There is no tool named "${name}". The tools are: ${known}.`, 'unknown tool');
}
