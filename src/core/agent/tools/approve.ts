/**
 * The approval gate in front of writes and commands: the policy, then the task's
 * `allow_task` answers, then the user. A request with a `caution` (a write that can run code)
 * always goes to the user. A Stop while waiting means the action never starts.
 */
import type { ApprovalRequest } from '../../ports/approvals';
import { policyAllows } from '../../ports/policy';
import type { ToolContext } from './types';

export type Gate = 'allowed' | 'denied' | 'interrupted';

export async function seekApproval(ctx: ToolContext, req: Omit<ApprovalRequest, 'taskId'>): Promise<Gate> {
  if (ctx.signal.aborted) return 'interrupted';
  if (req.caution === undefined && (policyAllows(ctx.policy, req.kind) || ctx.allowTask.has(req.kind))) return 'allowed';
  let decision;
  try {
    decision = await ctx.approvals.request({ taskId: ctx.taskId, ...req }, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) return 'interrupted';
    // The prompt went away unanswered (e.g. the window reloaded): nothing started, say so plainly.
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`The approval request ended without an answer (${why}), so nothing was done; retry it if it is still needed.`);
  }
  if (decision === 'deny') return 'denied';
  if (decision === 'allow_task') ctx.allowTask.add(req.kind);
  // Allowed, but the task was stopped meanwhile: nothing has started, so nothing starts.
  return ctx.signal.aborted ? 'interrupted' : 'allowed';
}
