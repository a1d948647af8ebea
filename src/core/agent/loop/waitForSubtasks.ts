import type { WaitForSubtasksArgs } from '../tools';
import { ownChildren } from './children';
import { refusal, type LoopContext, type LoopOutcome } from './context';

/**
 * Blocks at the end of the turn until the children report, the timeout passes or a wake-on
 * event happens (the orchestrator enforces the last two); answered then with the status view
 * and the outcomes that arrived. With nothing to wait for it is answered at once.
 */
export async function waitForSubtasks(ctx: LoopContext, args: WaitForSubtasksArgs): Promise<LoopOutcome> {
  if (args.ids) {
    const found = ownChildren(ctx, args.ids);
    if (typeof found === 'string') return refusal('wait_for_subtasks', found);
  }
  return {
    kind: 'later',
    wait: {
      toolCallId: ctx.call.id,
      ...(args.ids && { childIds: args.ids }),
      until: args.timeoutSeconds !== undefined ? ctx.deps.now() + Math.round(args.timeoutSeconds * 1000) : null,
      wakeOn: args.wakeOn ?? [],
    },
  };
}
