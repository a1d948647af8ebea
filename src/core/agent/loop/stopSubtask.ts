import { LifecycleError } from '../../lifecycle';
import { formatChildReport } from '../childReport';
import type { StopSubtaskArgs } from '../tools';
import { ownChildren } from './children';
import { answer, refusal, type LoopContext, type LoopOutcome } from './context';

/**
 * The interrupt contract as the parent's tool: the child's stream is cut at once, its tool call
 * in flight finishes, it stays interrupted (resumable), and its partial work is this result.
 */
export async function stopSubtask(ctx: LoopContext, args: StopSubtaskArgs): Promise<LoopOutcome> {
  const found = ownChildren(ctx, [args.id]);
  if (typeof found === 'string') return refusal('stop_subtask', found);
  const child = found[0]!;
  let report;
  try {
    report = await ctx.deps.subtasks.stop(ctx.task().id, child.id, args.reason);
  } catch (error) {
    if (error instanceof LifecycleError) return refusal('stop_subtask', `stop_subtask refused: ${error.message}`);
    throw error;
  }
  if (report) {
    const text = `Stopped subtask "${child.title}" (id ${child.id}). It is interrupted; continue_subtask gives it a new instruction.\n\n${formatChildReport(report)}`;
    return answer('stop_subtask', text, 'ok', { consumes: [report.id] });
  }
  const now = ctx.deps.getTask(child.id) ?? child;
  return answer('stop_subtask', `Subtask "${child.title}" (id ${child.id}) owed you no outcome (it is ${now.status}${now.status === 'interrupted' ? ', stopped' : ''}); its last outcome was reported before. Nothing more to stop.`, 'nothing to stop');
}
