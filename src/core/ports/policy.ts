/**
 * What goes through without asking: the user's policy (their settings, the same for every
 * task, so a subtask is never wider than its parent), then the task's own `allow_task` answers.
 */
import type { ApprovalKind, ApprovalPolicy } from './approvals';

/** Whether the policy lets `kind` through without asking. */
export function policyAllows(policy: ApprovalPolicy, kind: ApprovalKind): boolean {
  return kind === 'write' ? policy.autoApproveWrites : policy.autoApproveCommands;
}

/**
 * The `allow_task` answers, per task. `forTask` hands out the live set a tool context
 * carries, so a tool's `allow_task` is remembered here too. Never inherited by subtasks:
 * the user allowed that task, not whatever it delegates to.
 */
export class AutoApprovals {
  private readonly byTask = new Map<string, Set<ApprovalKind>>();

  forTask(taskId: string): Set<ApprovalKind> {
    let kinds = this.byTask.get(taskId);
    if (!kinds) {
      kinds = new Set();
      this.byTask.set(taskId, kinds);
    }
    return kinds;
  }

  allows(taskId: string, kind: ApprovalKind): boolean {
    return this.byTask.get(taskId)?.has(kind) ?? false;
  }

  remember(taskId: string, kind: ApprovalKind): void {
    this.forTask(taskId).add(kind);
  }

  /** Drops a task's answers (it finished, or was abandoned or deleted). */
  forget(taskId: string): void {
    this.byTask.delete(taskId);
  }
}
