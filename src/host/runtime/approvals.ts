/**
 * Asks the user before a task writes a file or runs a command. Until the task panel renders
 * approvals inline, a notification asks, with a diff preview for writes.
 */
import * as vscode from 'vscode';
import type { ApprovalDecision, ApprovalPort, ApprovalRequest } from '../../core/ports';

const ALLOW_ONCE = 'Allow once';
const ALLOW_TASK = 'Allow for this task';
const DENY = 'Deny';
const SHOW_DIFF = 'Show Diff';

export class NotificationApprovals implements ApprovalPort {
  constructor(private readonly titleOf: (taskId: string) => string) {}

  async request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const what = req.kind === 'write' ? `write ${req.path ?? 'a file'}` : `run \`${req.command ?? ''}\``;
    const message = `Baton: “${this.titleOf(req.taskId)}” wants to ${what}.`;
    const stopped = new Promise<ApprovalDecision>((resolve) => signal.addEventListener('abort', () => resolve('deny'), { once: true }));
    for (;;) {
      const buttons = req.kind === 'write' && req.newContent !== undefined ? [ALLOW_ONCE, ALLOW_TASK, SHOW_DIFF, DENY] : [ALLOW_ONCE, ALLOW_TASK, DENY];
      const choice = await Promise.race([Promise.resolve(vscode.window.showWarningMessage(message, ...buttons)), stopped]);
      if (choice === 'deny' || choice === DENY || choice === undefined) return 'deny';
      if (choice === ALLOW_ONCE) return 'allow_once';
      if (choice === ALLOW_TASK) return 'allow_task';
      if (choice === SHOW_DIFF) await showDiff(req);
    }
  }
}

async function showDiff(req: ApprovalRequest): Promise<void> {
  const left = await vscode.workspace.openTextDocument({ content: req.oldContent ?? '' });
  const right = await vscode.workspace.openTextDocument({ content: req.newContent ?? '' });
  await vscode.commands.executeCommand('vscode.diff', left.uri, right.uri, `${req.path ?? 'file'} (proposed by Baton)`, { preview: true });
}
