/**
 * The loop-level tools, one handler per file: their arguments are checked against the same zod
 * schema the model was shown, and a bad call is a tool error the model can act on.
 */
import type { z } from 'zod';
import { parseArgs, TOOL_DEFINITIONS, type LoopToolName, type ToolSpec } from '../tools';
import { askUser } from './askUser';
import { attemptCompletion } from './attemptCompletion';
import { checkpoint } from './checkpoint';
import type { LoopContext, LoopOutcome } from './context';
import { continueSubtask } from './continueSubtask';
import { delegateTask } from './delegateTask';
import { stopSubtask } from './stopSubtask';
import { subtaskStatus } from './subtaskStatus';
import { waitForSubtasks } from './waitForSubtasks';

export type { LoopContext, LoopOutcome } from './context';

type Handlers = { [K in LoopToolName]: (ctx: LoopContext, args: z.output<(typeof TOOL_DEFINITIONS)[K]['argsSchema']>) => Promise<LoopOutcome> };

const HANDLERS: Handlers = {
  delegate_task: delegateTask,
  subtask_status: subtaskStatus,
  wait_for_subtasks: waitForSubtasks,
  stop_subtask: stopSubtask,
  continue_subtask: continueSubtask,
  attempt_completion: attemptCompletion,
  checkpoint,
  ask_user: askUser,
};

export function isLoopTool(name: string): name is LoopToolName {
  return Object.hasOwn(HANDLERS, name);
}

export function runLoopTool(ctx: LoopContext): Promise<LoopOutcome> {
  const name = ctx.call.name as LoopToolName;
  const parsed = parseArgs(TOOL_DEFINITIONS[name] as ToolSpec, ctx.call.args);
  if (!parsed.ok) return Promise.resolve({ kind: 'result', outcome: { content: parsed.outcome.content, isError: true, trace: parsed.outcome.traceLine } });
  return (HANDLERS[name] as (c: LoopContext, a: unknown) => Promise<LoopOutcome>)(ctx, parsed.args);
}
