import { formatStatusView } from '../subtaskStatus';
import type { SubtaskStatusArgs } from '../tools';
import { ownChildren } from './children';
import { answer, refusal, type LoopContext, type LoopOutcome } from './context';

/** The live view of the named subtasks (all by default), without waiting and without consuming outcomes. */
export async function subtaskStatus(ctx: LoopContext, args: SubtaskStatusArgs): Promise<LoopOutcome> {
  if (args.ids) {
    const found = ownChildren(ctx, args.ids);
    if (typeof found === 'string') return refusal('subtask_status', found);
  }
  return answer('subtask_status', formatStatusView(ctx.deps.subtasks.status(ctx.task().id, args.ids), ctx.deps.now()));
}
