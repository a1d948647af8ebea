/**
 * Asking the user before a write or a command. The host shows the request (with a diff for
 * writes) and answers; the engine only sees the decision.
 */

export type ApprovalKind = 'write' | 'command';

export interface ApprovalRequest {
  taskId: string;
  kind: ApprovalKind;
  /** One line for the prompt, e.g. "Write src/a.ts" or "Run `npm test`". */
  summary: string;
  path?: string;
  command?: string;
  /**
   * One line saying why this request is asked even though the user's settings or an earlier
   * "Allow for this task" would let it through: e.g. a write to .git/config can run code.
   */
  caution?: string;
  /** The file before the write; absent for a new file. */
  oldContent?: string;
  newContent?: string;
}

/** `allow_task`: allow this kind for the rest of the task without asking again. */
export type ApprovalDecision = 'allow_once' | 'allow_task' | 'deny';

export interface ApprovalPort {
  /** Resolves with the user's decision; may reject when `signal` aborts first. */
  request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision>;
}

/** What the user allows without asking. */
export interface ApprovalPolicy {
  autoApproveWrites: boolean;
  autoApproveCommands: boolean;
}

/** An approval port that always answers the same: for tests and headless runs. */
export function fixedApprovals(decision: ApprovalDecision): ApprovalPort {
  return { request: () => Promise.resolve(decision) };
}
