/**
 * How approvals narrow down the task tree: a child inherits its parent's policy and can
 * never widen it; an `allow_task` answer lasts for that one task.
 */
import type { ApprovalKind, ApprovalPolicy } from './approvals';

export const ASK_EVERY_TIME: Readonly<ApprovalPolicy> = { autoApproveWrites: false, autoApproveCommands: false };

/**
 * The policy a child runs under: the AND of its parent's and what the child asks for.
 * A field the child leaves out is inherited.
 */
export function narrowPolicy(parent: ApprovalPolicy, child: Partial<ApprovalPolicy> = {}): ApprovalPolicy {
  return {
    autoApproveWrites: parent.autoApproveWrites && (child.autoApproveWrites ?? true),
    autoApproveCommands: parent.autoApproveCommands && (child.autoApproveCommands ?? true),
  };
}

/** Whether the policy lets `kind` through without asking. */
export function policyAllows(policy: ApprovalPolicy, kind: ApprovalKind): boolean {
  return kind === 'write' ? policy.autoApproveWrites : policy.autoApproveCommands;
}

/**
 * The `allow_task` answers, per task. `forTask` hands out the live set a tool context
 * carries, so a tool's `allow_task` is remembered here too. Not inherited by children:
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
