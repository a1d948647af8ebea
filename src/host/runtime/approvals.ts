/**
 * Asks the user before a task writes a file or runs a command: inline in the task's panel when
 * that panel is open (Allow once / Allow for this task / Deny, and "Show diff" for writes),
 * otherwise with a notification. A question shown inline moves to a notification if its panel
 * closes before it is answered, and is withdrawn when the task stops (the request then rejects:
 * a Stop is not a "Deny").
 */
import * as vscode from 'vscode';
import type { ApprovalDecision, ApprovalPort, ApprovalRequest } from '../../core/ports';
import type { ApprovalView } from '../../shared/protocol';
import type { IDisposable } from '../disposables';

const ALLOW_ONCE = 'Allow once';
const ALLOW_TASK = 'Allow for this task';
const DENY = 'Deny';
const SHOW_DIFF = 'Show Diff';

/** Where approvals can be shown inline: the task panels. */
export interface InlineApprovalSurface {
  /** Whether `taskId` has an open panel to ask in. */
  canAsk(taskId: string): boolean;
  show(approval: ApprovalView): void;
  withdraw(approval: ApprovalView): void;
}

interface Pending {
  readonly view: ApprovalView;
  readonly req: ApprovalRequest;
  settle(decision: ApprovalDecision): void;
  /** Switches to a notification (the panel closed). */
  fallBack(): void;
}

export class TaskApprovals implements ApprovalPort {
  private surface: InlineApprovalSurface | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;

  constructor(private readonly titleOf: (taskId: string) => string) {}

  /** Shows approvals in `surface` from now on, until the returned disposable is disposed. */
  attach(surface: InlineApprovalSurface): IDisposable {
    this.surface = surface;
    const proposals = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, { provideTextDocumentContent: (uri) => proposalText.get(uri.toString()) ?? '' });
    return {
      dispose: () => {
        proposals.dispose();
        if (this.surface !== surface) return;
        this.surface = undefined;
        for (const p of [...this.pending.values()]) p.fallBack();
      },
    };
  }

  /** Questions waiting in `taskId`'s panel (for its snapshot). */
  pendingFor(taskId: string): ApprovalView[] {
    return [...this.pending.values()].filter((p) => p.view.taskId === taskId).map((p) => p.view);
  }

  /** The user answered in a panel. Unknown ids (answered elsewhere, withdrawn) are ignored. */
  decide(approvalId: string, decision: ApprovalDecision): void {
    this.pending.get(approvalId)?.settle(decision);
  }

  async showDiff(approvalId: string): Promise<void> {
    const p = this.pending.get(approvalId);
    if (p) await showDiff(p.req);
  }

  /** `taskId`'s panel closed: its open questions move to notifications. */
  panelClosed(taskId: string): void {
    for (const p of [...this.pending.values()]) if (p.view.taskId === taskId) p.fallBack();
  }

  request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const surface = this.surface;
    if (!surface?.canAsk(req.taskId)) return this.notify(req, signal);
    const view: ApprovalView = {
      id: `approval-${this.nextId++}`,
      taskId: req.taskId,
      kind: req.kind,
      summary: req.summary,
      ...(req.path !== undefined && { path: req.path }),
      ...(req.command !== undefined && { command: req.command }),
      hasDiff: req.kind === 'write' && req.newContent !== undefined,
    };
    return new Promise<ApprovalDecision>((resolve, reject) => {
      let open = true;
      const finish = (decision: ApprovalDecision | Promise<ApprovalDecision> | Error) => {
        if (!open) return;
        open = false;
        this.pending.delete(view.id);
        signal.removeEventListener('abort', onAbort);
        surface.withdraw(view);
        if (decision instanceof Error) reject(decision);
        else resolve(decision);
      };
      // A Stop is not a "no": the engine records that nothing started, and asks again on Resume.
      const onAbort = () => finish(stoppedError());
      this.pending.set(view.id, {
        view,
        req,
        settle: finish,
        fallBack: () => finish(this.notify(req, signal)),
      });
      if (signal.aborted) return finish(stoppedError());
      signal.addEventListener('abort', onAbort, { once: true });
      surface.show(view);
    });
  }

  /** The notification path: when no panel of the task is open. */
  private async notify(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const what = req.kind === 'write' ? `write ${req.path ?? 'a file'}` : `run \`${req.command ?? ''}\``;
    const message = `Baton: “${this.titleOf(req.taskId)}” wants to ${what}.${req.caution ? ` ${req.caution}` : ''}`;
    if (signal.aborted) throw stoppedError();
    const stopped = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(stoppedError()), { once: true }));
    for (;;) {
      const buttons = req.kind === 'write' && req.newContent !== undefined ? [ALLOW_ONCE, ALLOW_TASK, SHOW_DIFF, DENY] : [ALLOW_ONCE, ALLOW_TASK, DENY];
      const choice = await Promise.race([Promise.resolve(vscode.window.showWarningMessage(message, ...buttons)), stopped]);
      if (choice === DENY || choice === undefined) return 'deny';
      if (choice === ALLOW_ONCE) return 'allow_once';
      if (choice === ALLOW_TASK) return 'allow_task';
      if (choice === SHOW_DIFF) await showDiff(req);
    }
  }
}

function stoppedError(): Error {
  return new Error('the task was stopped before the question was answered');
}

/**
 * The name runtimeSession.ts constructs. It is TaskApprovals: inline when a panel is open, a
 * notification otherwise.
 */

/**
 * The two sides of a proposed write, as read-only documents of our own scheme (untitled
 * documents would linger as unsaved files). The path keeps its name, so the diff editor
 * colours the syntax by its extension.
 */
const PROPOSAL_SCHEME = 'baton-proposal';
const proposalText = new Map<string, string>();
let proposalSeq = 0;

async function showDiff(req: ApprovalRequest): Promise<void> {
  const name = (req.path ?? 'file').replace(/^\/+/, '');
  const seq = ++proposalSeq;
  const left = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${seq}/current/${name}` });
  const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${seq}/proposed/${name}` });
  // Only the latest few proposals are kept; an older diff editor shows empty sides.
  for (const key of [...proposalText.keys()].slice(0, Math.max(0, proposalText.size - 20))) proposalText.delete(key);
  proposalText.set(left.toString(), req.oldContent ?? '');
  proposalText.set(right.toString(), req.newContent ?? '');
  const title = `${name} ${req.oldContent === undefined ? '(new file) ' : ''}↔ proposed by Baton`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}
