import { clampBudget } from '../../../shared/task';
import { LifecycleError } from '../../lifecycle';
import { formatChildReport } from '../childReport';
import type { ContinueSubtaskArgs } from '../tools';
import { CONTINUE_MESSAGE_PREFIX } from '../turnBoundary';
import { ownChildren } from './children';
import { DELEGATION_PAUSED } from './delegateTask';
import { answer, refusal, type LoopContext, type LoopOutcome } from './context';

/**
 * A follow-up assignment to the same child: its conversation continues with the message, under
 * a new bounded budget (its current one unless the call gives one). An assignment it still owes
 * is first reported as superseded, with its partial work. Waiting (the default), the new
 * assignment's outcome is this call's result at the end of the turn.
 */
export async function continueSubtask(ctx: LoopContext, args: ContinueSubtaskArgs): Promise<LoopOutcome> {
  if (ctx.deps.settings().delegationPaused) return refusal('continue_subtask', `continue_subtask refused: ${DELEGATION_PAUSED}`);
  const found = ownChildren(ctx, [args.id]);
  if (typeof found === 'string') return refusal('continue_subtask', found);
  const child = found[0]!;
  const budget = clampBudget({
    maxTurns: args.maxTurns ?? child.budget.maxTurns,
    maxRuntimeMs: args.maxRuntimeMinutes !== undefined ? args.maxRuntimeMinutes * 60_000 : child.budget.maxRuntimeMs,
    responseTimeoutMs: child.budget.responseTimeoutMs,
  });
  const partial = child.reportTo !== null && child.status !== 'active' ? await ctx.deps.subtasks.partialWork(child.id) : undefined;
  const wait = args.wait !== false;
  const done = await ctx.commit({
    type: 'continueSubtask',
    parentId: ctx.task().id,
    childId: child.id,
    toolCallId: ctx.call.id,
    messageId: `${CONTINUE_MESSAGE_PREFIX}${ctx.call.id}`,
    text: args.message,
    budget,
    wait: false,
    ...(partial && { partial }),
    ownerId: ctx.deps.ownerId,
    now: ctx.deps.now(),
  });
  if (done instanceof LifecycleError) return refusal('continue_subtask', `continue_subtask refused: ${done.message}`);
  if (wait) return { kind: 'later' };
  // The assignment it replaced, if it still owed one, is reported here rather than later.
  const superseded = ctx.task().inbox.find((m) => m.kind === 'child_result' && m.childId === child.id && done.effects.some((e) => e.type === 'delivered' && e.childId === child.id && e.assignment === m.assignment));
  const assignment = child.assignment + 1;
  const text = [
    `Subtask "${child.title}" (id ${child.id}) continues in the background with assignment ${assignment} (budget: ${budget.maxTurns} turns). Its outcome arrives at a later turn or in wait_for_subtasks.`,
    ...(superseded?.kind === 'child_result' ? ['', 'Its previous assignment was still open and is closed with this report:', formatChildReport(superseded)] : []),
  ].join('\n');
  return answer('continue_subtask', text, 'background', { consumes: superseded ? [superseded.id] : [] });
}
