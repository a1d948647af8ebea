import { LifecycleError } from '../../lifecycle';
import type { AttemptCompletionArgs } from '../tools';
import type { LoopContext, LoopOutcome } from './context';

/**
 * Commits the completion first and says "Result delivered." only once it is committed. A task
 * with subtasks still open is refused by the lifecycle, and told how to close them.
 */
export async function attemptCompletion(ctx: LoopContext, args: AttemptCompletionArgs): Promise<LoopOutcome> {
  const done = await ctx.complete(args.result);
  if (!(done instanceof LifecycleError)) return { kind: 'end', outcome: { content: 'Result delivered.', isError: false, trace: 'attempt_completion (ok)' } };
  if (done.code === 'children_open') {
    return {
      kind: 'result',
      outcome: {
        content: `Not completed: ${done.message} Use wait_for_subtasks to wait for them or stop_subtask to stop them, then call attempt_completion again.`,
        isError: true,
        trace: 'attempt_completion (refused: subtasks open)',
      },
    };
  }
  // Stopped meanwhile: the run ends, and a resumed run finds the call cut off.
  return { kind: 'end' };
}
