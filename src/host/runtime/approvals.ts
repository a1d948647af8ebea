/**
 * Asks the user before a task writes a file or runs a command. Every open question is shown in
 * each task panel of the asking task's tree (the parent's panel shows its child's question,
 * named), counted in the status bar and on the Baton view's badge, and, while no panel of that
 * tree is in view, in a notification that stays until the question is answered (anywhere) or
 * withdrawn. A question is withdrawn when the task stops (the request then rejects: a Stop is not
 * a "Deny"); the diff it opened closes once it is answered.
 */
import * as vscode from 'vscode';
import type { ApprovalDecision, ApprovalPort, ApprovalRequest } from '../../core/ports';
import { randomId } from '../../core/store/ids';
import { approvalNotice, formatForApproval } from '../../shared/approvalText';
import type { ApprovalView } from '../../shared/protocol';
import type { IDisposable } from '../disposables';

/** Where approvals are shown inline: the task panels. */
export interface InlineApprovalSurface {
  /** Whether a panel showing `taskId`'s tree is in view (then no notification is needed). */
  showsTreeOf(taskId: string): boolean;
  /** The open questions changed: panels show those of their tree. */
  approvalsChanged(): void;
}

interface Pending {
  readonly view: ApprovalView;
  readonly req: ApprovalRequest;
  settle(decision: ApprovalDecision): void;
  /** Resolves the notification's progress (closing it), once it is answered or withdrawn. */
  closeNotice?: () => void;
  /** Editors this question opened (its diff, its whole command), closed after the answer. */
  readonly opened: vscode.Uri[];
}

export const ANSWER_APPROVAL_COMMAND = 'baton.answerApproval';

export class TaskApprovals implements ApprovalPort {
  private surface: InlineApprovalSurface | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The set of open questions changed. */
  readonly onDidChange = this.emitter.event;

  /**
   * `newId` makes approval ids: random (nanoid's alphabet, 126 bits), so a page cannot answer
   * a question it was not shown by guessing its id.
   */
  constructor(
    private readonly titleOf: (taskId: string) => string,
    private readonly newId: () => string = randomId,
  ) {}

  /** Shows approvals in `surface` from now on, until the returned disposable is disposed. */
  attach(surface: InlineApprovalSurface): IDisposable {
    this.surface = surface;
    const proposals = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, { provideTextDocumentContent: (uri) => proposalText.get(uri.toString()) ?? '' });
    const answer = vscode.commands.registerCommand(ANSWER_APPROVAL_COMMAND, (id: unknown, decision: unknown) => this.answerFromNotice(id, decision));
    return {
      dispose: () => {
        proposals.dispose();
        answer.dispose();
        if (this.surface !== surface) return;
        this.surface = undefined;
        this.surfaceChanged();
      },
    };
  }

  /** Every open question, oldest first. */
  all(): ApprovalView[] {
    return [...this.pending.values()].map((p) => p.view);
  }

  /** The task that asked `approvalId`, while it is open (panels answer only their own tree's). */
  askingTask(approvalId: string): string | undefined {
    return this.pending.get(approvalId)?.view.taskId;
  }

  /**
   * The user answered in a panel (whose scope the caller checked with `askingTask`). Unknown
   * ids (answered elsewhere, withdrawn) are ignored.
   */
  decide(approvalId: string, decision: ApprovalDecision): void {
    this.pending.get(approvalId)?.settle(decision);
  }

  async showDiff(approvalId: string): Promise<void> {
    const p = this.pending.get(approvalId);
    if (p) p.opened.push(...(await showDiff(p.req)));
  }

  async showCommand(approvalId: string): Promise<void> {
    const p = this.pending.get(approvalId);
    if (p) p.opened.push(await showCommand(p.req.command ?? p.req.summary));
  }

  /** Panels opened, closed, showed or hid: a question no panel in view shows gets its notification. */
  surfaceChanged(): void {
    for (const p of this.pending.values()) if (!p.closeNotice && !this.surface?.showsTreeOf(p.view.taskId)) this.notify(p);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const view: ApprovalView = {
      id: `approval-${this.newId()}`,
      taskId: req.taskId,
      kind: req.kind,
      summary: req.summary,
      ...(req.path !== undefined && { path: req.path }),
      ...(req.command !== undefined && { command: req.command }),
      ...(req.caution !== undefined && { caution: req.caution }),
      hasDiff: req.kind === 'write' && req.newContent !== undefined,
    };
    if (signal.aborted) return Promise.reject(stoppedError());
    return new Promise<ApprovalDecision>((resolve, reject) => {
      let open = true;
      const finish = (decision: ApprovalDecision | Error) => {
        if (!open) return;
        open = false;
        const entry = this.pending.get(view.id);
        this.pending.delete(view.id);
        signal.removeEventListener('abort', onAbort);
        entry?.closeNotice?.();
        if (entry) void closeEditors(entry.opened);
        this.changed();
        if (decision instanceof Error) reject(decision);
        else resolve(decision);
      };
      // A Stop is not a "no": the engine records that nothing started, and asks again on Resume.
      const onAbort = () => finish(stoppedError());
      const entry: Pending = { view, req, settle: finish, opened: [] };
      this.pending.set(view.id, entry);
      signal.addEventListener('abort', onAbort, { once: true });
      this.changed();
      if (!this.surface?.showsTreeOf(req.taskId)) this.notify(entry);
    });
  }

  private changed(): void {
    this.surface?.approvalsChanged();
    this.emitter.fire();
  }

  /**
   * The notification: a progress notification, because VS Code keeps those in view while they
   * run (a plain one with buttons hides after a few seconds, and cannot be closed when the
   * question is answered in a panel). Its links answer, show the diff or the whole command, or
   * open the task; it closes when the question is answered anywhere or withdrawn.
   */
  private notify(p: Pending): void {
    const { message, cut } = approvalNotice(this.titleOf(p.req.taskId), p.req);
    const link = (label: string, command: string, args: unknown[]) => `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
    const answer = (label: string, decision: string) => link(label, ANSWER_APPROVAL_COMMAND, [p.view.id, decision]);
    // A toast shows one line: who asks and the ways to answer come first, the full request after.
    const head = `“${formatForApproval(this.titleOf(p.req.taskId)).inline}” asks to ${p.req.kind === 'write' ? 'write a file' : 'run a command'}`;
    const links = [
      link('Review', 'baton.openTask', [p.req.taskId]),
      answer('Allow once', 'allow_once'),
      answer('Allow for this task', 'allow_task'),
      answer('Deny', 'deny'),
      ...(p.view.hasDiff ? [answer('Show diff', 'show_diff')] : []),
      ...(cut ? [answer('Show command', 'show_command')] : []),
    ];
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    p.closeNotice = close;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${unlinked(head)}: ${links.join(' · ')} — ${unlinked(message)}`, cancellable: false },
      () => closed,
    );
  }

  private answerFromNotice(id: unknown, decision: unknown): void {
    if (typeof id !== 'string') return;
    if (decision === 'show_diff') void this.showDiff(id);
    else if (decision === 'show_command') void this.showCommand(id);
    else if (decision === 'allow_once' || decision === 'allow_task' || decision === 'deny') this.decide(id, decision);
  }
}

/**
 * Notification text is parsed for `[label](target)` links; a task title, path or command
 * (written by a model) must not become one. A space between the brackets and the parenthesis
 * keeps the text as it reads, and not a link.
 */
export function unlinked(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

function stoppedError(): Error {
  return new Error('the task was stopped before the question was answered');
}

/**
 * The two sides of a proposed write, as read-only documents of our own scheme (untitled
 * documents would linger as unsaved files). The path keeps its name, so the diff editor
 * colours the syntax by its extension.
 */
const PROPOSAL_SCHEME = 'baton-proposal';
const proposalText = new Map<string, string>();
let proposalSeq = 0;

/** The whole command as the card shows it (escapes, ␊ marks), in a read-only editor. */
async function showCommand(command: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${++proposalSeq}/command.txt` });
  const shown = formatForApproval(command);
  forgetOldProposals();
  proposalText.set(uri.toString(), [shown.warning, shown.text].filter(Boolean).join('\n\n'));
  await vscode.window.showTextDocument(uri, { preview: true });
  return uri;
}

async function showDiff(req: ApprovalRequest): Promise<vscode.Uri[]> {
  const name = (req.path ?? 'file').replace(/^\/+/, '');
  const seq = ++proposalSeq;
  const left = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${seq}/current/${name}` });
  const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${seq}/proposed/${name}` });
  forgetOldProposals();
  proposalText.set(left.toString(), req.oldContent ?? '');
  proposalText.set(right.toString(), req.newContent ?? '');
  const title = `${name} ${req.oldContent === undefined ? '(new file) ' : ''}↔ proposed by Baton`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  return [left, right];
}

/** The editors of an answered question's diff or command: they showed what is now decided. */
async function closeEditors(uris: readonly vscode.Uri[]): Promise<void> {
  if (uris.length === 0) return;
  const keys = new Set(uris.map((u) => u.toString()));
  const shows = (uri: vscode.Uri | undefined) => uri !== undefined && keys.has(uri.toString());
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff) return shows(input.original) || shows(input.modified);
      return input instanceof vscode.TabInputText && shows(input.uri);
    });
  if (tabs.length > 0) await Promise.resolve(vscode.window.tabGroups.close(tabs, true)).catch(() => undefined);
}

/** Only the latest few proposals are kept; an older diff editor shows empty sides. */
function forgetOldProposals(): void {
  for (const key of [...proposalText.keys()].slice(0, Math.max(0, proposalText.size - 20))) proposalText.delete(key);
}
