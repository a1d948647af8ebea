import type { Checkpoint } from '../../../shared/task';
import type { CheckpointArgs } from '../tools';
import { answer, type LoopContext, type LoopOutcome } from './context';

/** Records a progress receipt: what the model says plus the files this run really touched. */
export async function checkpoint(ctx: LoopContext, args: CheckpointArgs): Promise<LoopOutcome> {
  const receipt: Checkpoint = {
    summary: args.summary,
    filesRead: [...new Set([...ctx.files.read, ...(args.files_read ?? [])])],
    filesWritten: [...new Set([...ctx.files.written, ...(args.files_written ?? [])])],
    ...(args.blockers && { blockers: args.blockers }),
    ...(args.next_step && { nextStep: args.next_step }),
    at: ctx.deps.now(),
  };
  await ctx.commit({ type: 'recordProgress', taskId: ctx.task().id, checkpoint: receipt, ownUsage: ctx.usageNow(), now: ctx.deps.now() });
  ctx.emit({ type: 'checkpoint', checkpoint: receipt });
  return answer('checkpoint', 'Checkpoint recorded.');
}
