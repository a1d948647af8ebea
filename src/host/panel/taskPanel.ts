/**
 * One task panel (`baton.task`): answers the page's `ready` with a snapshot (the task's tree,
 * how each task stands, its transcript so far, live states, the open approvals of the tree),
 * then streams deltas through an UpdateBatcher, and runs the user's requests through the
 * command table. Its page is kept alive while hidden (`retainContextWhenHidden`), so switching
 * tabs shows the last content at once and the stream never pauses. A preview panel is reused:
 * opening another task as a preview shows that task here instead of in a new tab.
 */
import * as vscode from 'vscode';
import type { AgentEvent } from '../../shared/events';
import { CHILD_TAIL_CHARS, PROTOCOL_VERSION, DEFAULT_FILTER, type ApprovalView, type TaskUiState, type WebviewToHostMessage } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import { Disposable } from '../disposables';
import { errorMessage } from '../errors';
import { UpdateBatcher, type TaskDelta } from '../views/updateBatcher';
import { refusal, treeScope, type TaskScope } from '../views/taskScope';
import { STORE_UNAVAILABLE, type ViewContext } from '../views/viewContext';
import { WebviewChannel } from '../views/webviewChannel';
import { runWebviewCommand } from '../views/webviewCommands';
import { renderWebviewHtml, webviewOptions } from '../views/webviewHtml';
import { currentWorkspaceInfo } from '../workspaceInfo';
import { compactTranscript, joinLive } from './transcriptSnapshot';

export const TASK_PANEL_VIEW_TYPE = 'baton.task';

export interface TaskPanelHost {
  /** This panel closed. */
  closed(panel: TaskPanel): void;
  /** This panel became active, visible or hidden. */
  viewStateChanged(panel: TaskPanel): void;
  /** The user acted in this panel: a preview becomes a panel of its own. */
  used(panel: TaskPanel): void;
}

export class TaskPanel extends Disposable {
  private readonly channel: WebviewChannel;
  private readonly batcher: UpdateBatcher;
  /** The page has its snapshot: deltas flow. */
  private streaming = false;
  /** Events that arrive while a snapshot's transcript is being read. */
  private buffered: AgentEvent[] | undefined;
  private snapshotSeq = 0;
  private rootId: string | undefined;
  private disposed = false;
  /** Approval questions the page shows, by id. */
  private shownApprovals = new Set<string>();
  /** What this panel may act on: its task's tree (see taskScope.ts). */
  private readonly scope: TaskScope;
  private currentTaskId: string;
  /** A preview panel shows whatever task is opened next as a preview; using it pins it. */
  preview: boolean;

  constructor(
    readonly panel: vscode.WebviewPanel,
    taskId: string,
    private readonly ctx: ViewContext,
    private readonly host: TaskPanelHost,
    preview = false,
  ) {
    super();
    this.currentTaskId = taskId;
    this.preview = preview;
    this.rootId = ctx.feed?.get(taskId)?.rootId;
    this.scope = treeScope(
      `the panel of ${taskId}`,
      () => (this.rootId = ctx.feed?.get(this.currentTaskId)?.rootId ?? this.rootId),
      (id) => ctx.feed?.get(id)?.rootId,
    );
    panel.webview.options = webviewOptions(ctx.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'baton.svg');
    panel.webview.html = renderWebviewHtml(panel.webview, ctx.extensionUri, 'panel', this.task()?.title ?? 'Task');

    this.batcher = this._register(new UpdateBatcher((message) => this.channel.post(message)));
    this.channel = this._register(new WebviewChannel(panel.webview, `the panel of ${taskId}`, ctx.log, (m) => this.receive(m)));
    if (ctx.feed) this._register(ctx.feed.onDidChange((delta) => this.onRecords(delta)));
    if (ctx.orchestrator) this._register(ctx.orchestrator.onEvent((event) => this.onEvent(event)));
    if (ctx.ui) this._register(ctx.ui.onDidChange((changed) => this.onUiStates(changed)));
    this._register(ctx.live.onDidChange((id, state) => this.streaming && this.inTree(id) && this.batcher.liveState(id, state)));
    this._register(panel.onDidChangeViewState(() => host.viewStateChanged(this)));
    this._register(
      panel.onDidDispose(() => {
        this.disposed = true;
        host.closed(this);
        this.dispose();
      }),
    );
  }

  get taskId(): string {
    return this.currentTaskId;
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  get active(): boolean {
    return !this.disposed && this.panel.active;
  }

  task(): TaskRecord | undefined {
    return this.ctx.feed?.get(this.currentTaskId);
  }

  /** Whether `taskId` is in this panel's tree (what it shows and may act on). */
  holds(taskId: string): boolean {
    return this.scope.holds(taskId);
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Shows another task here (a preview reused): the page gets that task's snapshot. */
  showTask(taskId: string): void {
    if (taskId === this.currentTaskId) return;
    this.currentTaskId = taskId;
    this.rootId = this.ctx.feed?.get(taskId)?.rootId;
    this.shownApprovals = new Set();
    void this.sendSnapshot();
  }

  setTitle(title: string): void {
    if (this.panel.title !== title) this.panel.title = title;
  }

  /** The open approval questions changed: the page gets those of this tree it does not show yet, and loses the others. */
  syncApprovals(): void {
    if (!this.streaming) return;
    const now = this.treeApprovals();
    const ids = new Set(now.map((a) => a.id));
    for (const id of this.shownApprovals) if (!ids.has(id)) this.channel.post({ type: 'approvalResolved', approvalId: id });
    for (const approval of now) if (!this.shownApprovals.has(approval.id)) this.channel.post({ type: 'approvalRequested', approval });
    this.shownApprovals = ids;
  }

  private receive(message: WebviewToHostMessage): void {
    const refused = refusal(this.scope, message, (id) => this.ctx.approvals?.askingTask(id));
    if (refused) {
      this.ctx.log.warn(`Dropped a request: ${refused}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        void this.sendSnapshot();
        return;
      case 'setFilter':
      case 'loadOlder':
        return;
      case 'approve':
        this.host.used(this);
        this.ctx.approvals?.decide(message.approvalId, message.decision);
        return;
      case 'showDiff':
        this.ctx.approvals?.showDiff(message.approvalId).catch((error: unknown) => {
          void vscode.window.showErrorMessage(`Baton could not show the diff: ${errorMessage(error)}`);
        });
        return;
      case 'command':
        // Opening another task from here follows it in this tab only if this is a preview.
        if (message.command !== 'baton.openTask') this.host.used(this);
        runWebviewCommand(message, `the panel of ${this.currentTaskId}`, this.ctx.log);
        return;
    }
  }

  private async sendSnapshot(): Promise<void> {
    this.streaming = false;
    this.batcher.discard();
    const seq = ++this.snapshotSeq;
    const taskId = this.currentTaskId;
    this.buffered = [];
    let transcript: AgentEvent[] = [];
    try {
      transcript = (await this.ctx.orchestrator?.readTranscript(taskId)) ?? [];
    } catch (error) {
      this.ctx.log.error(`Could not read the transcript of ${taskId}: ${errorMessage(error)}`);
    }
    // A newer snapshot (another `ready`, or another task shown here) supersedes this one.
    if (seq !== this.snapshotSeq || this.disposed) return;
    const joined = compactTranscript(joinLive(transcript, this.buffered));
    this.buffered = undefined;
    this.rootId = this.task()?.rootId ?? this.rootId;
    const tasks = this.tree();
    const ui = this.ctx.ui;
    const approvals = this.treeApprovals();
    this.channel.post({
      type: 'snapshot',
      protocolVersion: PROTOCOL_VERSION,
      view: 'panel',
      tasks,
      ui: Object.fromEntries(tasks.flatMap((t) => (ui?.get(t.id) ? [[t.id, ui.get(t.id)!]] : []))),
      workspace: currentWorkspaceInfo(),
      storeError: this.ctx.feed ? null : STORE_UNAVAILABLE,
      settings: this.ctx.uiSettings(),
      live: Object.fromEntries(Object.entries(this.ctx.live.all()).filter(([id]) => this.inTree(id))),
      filter: DEFAULT_FILTER,
      panel: { taskId, transcript: joined, tails: this.childTails(taskId) },
      approvals,
      model: this.ctx.modelLabel(),
      focus: taskId,
    });
    this.shownApprovals = new Set(approvals.map((a) => a.id));
    this.streaming = true;
  }

  private treeApprovals(): ApprovalView[] {
    return (this.ctx.approvals?.all() ?? []).filter((a) => this.inTree(a.taskId));
  }

  private inTree(taskId: string): boolean {
    return this.rootId !== undefined && this.ctx.feed?.get(taskId)?.rootId === this.rootId;
  }

  private onEvent(event: AgentEvent): void {
    if (event.taskId !== this.currentTaskId) {
      // A child's text feeds its tail in this panel: one record lookup per delta, never its transcript.
      if (event.type === 'text' && this.streaming && this.ctx.feed?.get(event.taskId)?.parentId === this.currentTaskId) {
        this.batcher.childText(event.taskId, event.delta);
      }
      return;
    }
    if (this.buffered) this.buffered.push(event);
    else if (this.streaming) this.batcher.event(event);
  }

  /** The last output of each child of `taskId`, as this window's live view holds it (no transcript is read). */
  private childTails(taskId: string): Record<string, string> {
    const statuses = this.ctx.orchestrator?.subtaskStatus(taskId) ?? [];
    return Object.fromEntries(statuses.flatMap((s) => (s.outputTail ? [[s.id, s.outputTail.slice(-CHILD_TAIL_CHARS)]] : [])));
  }

  private onRecords(delta: TaskDelta): void {
    if (!this.streaming) return;
    const changed = delta.changed.filter((t) => t.rootId === this.rootId);
    if (changed.length > 0 || delta.removed.length > 0) this.batcher.records({ changed, removed: delta.removed });
  }

  private onUiStates(changed: Readonly<Record<string, TaskUiState>>): void {
    if (!this.streaming) return;
    const mine = Object.entries(changed).filter(([id]) => this.inTree(id));
    if (mine.length > 0) this.batcher.uiStates(Object.fromEntries(mine));
  }

  private tree(): TaskRecord[] {
    return this.rootId === undefined ? [] : (this.ctx.feed?.list().filter((t) => t.rootId === this.rootId) ?? []);
  }
}
