import { LifecycleError } from '../../lifecycle';
import type { AskUserArgs } from '../tools';
import { refusal, type LoopContext, type LoopOutcome } from './context';

/**
 * The task (a root or a subtask) waits for the user's answer, not running; the answer arrives
 * in its inbox and answers this call when it runs again (turnBoundary.ts).
 */
export async function askUser(ctx: LoopContext, args: AskUserArgs): Promise<LoopOutcome> {
  const task = ctx.task();
  const done = await ctx.commit({ type: 'awaitUser', taskId: task.id, toolCallId: ctx.call.id, question: args.question, now: ctx.deps.now() });
  if (done instanceof LifecycleError) return refusal('ask_user', `The question could not be asked: ${done.message}`);
  ctx.emit({ type: 'status', status: 'active', detail: 'Waiting for your answer' });
  return { kind: 'end' };
}
