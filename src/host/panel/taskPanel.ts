/**
 * One task's panel (`baton.task`): answers the page's `ready` with a snapshot (the task's tree,
 * its transcript so far, live states, open approvals), then streams deltas through an
 * UpdateBatcher while the page is visible, and hands the user's requests to TaskActions.
 */
import * as vscode from 'vscode';
import type { AgentEvent } from '../../shared/events';
import { PROTOCOL_VERSION, DEFAULT_FILTER, type ApprovalView, type WebviewToHostMessage } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import { Disposable } from '../disposables';
import { errorMessage } from '../errors';
import { UpdateBatcher, type TaskDelta } from '../views/updateBatcher';
import { handleTaskRequest } from '../views/taskRequests';
import { refusal, treeScope, type TaskScope } from '../views/taskScope';
import type { ViewContext } from '../views/viewContext';
import { WebviewChannel } from '../views/webviewChannel';
import { renderWebviewHtml, webviewOptions } from '../views/webviewHtml';
import { currentWorkspaceInfo } from '../workspaceInfo';
import { compactTranscript, joinLive } from './transcriptSnapshot';

export const TASK_PANEL_VIEW_TYPE = 'baton.task';

export class TaskPanel extends Disposable {
  private readonly channel: WebviewChannel;
  private readonly batcher: UpdateBatcher;
  /** Deltas flow only once the page has its snapshot. */
  private streaming = false;
  /** Events that arrive while a snapshot's transcript is being read. */
  private buffered: AgentEvent[] | undefined;
  private snapshotSeq = 0;
  private rootId: string | undefined;
  private disposed = false;
  /** What this panel may act on: its task's tree (see taskScope.ts). */
  private readonly scope: TaskScope;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly taskId: string,
    private readonly ctx: ViewContext,
    onDidDispose: (panel: TaskPanel) => void,
  ) {
    super();
    this.rootId = ctx.feed?.get(taskId)?.rootId;
    this.scope = treeScope(
      `the panel of ${taskId}`,
      () => (this.rootId = ctx.feed?.get(taskId)?.rootId ?? this.rootId),
      (id) => ctx.feed?.get(id)?.rootId,
    );
    panel.webview.options = webviewOptions(ctx.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'baton.svg');
    this.updateTitle(ctx.feed?.get(taskId));
    panel.webview.html = renderWebviewHtml(panel.webview, ctx.extensionUri, 'panel', panel.title);

    this.batcher = this._register(new UpdateBatcher((message) => this.channel.post(message)));
    this.channel = this._register(new WebviewChannel(panel.webview, `the panel of ${taskId}`, ctx.log, (m) => this.receive(m)));
    if (ctx.feed) this._register(ctx.feed.onDidChange((delta) => this.onRecords(delta)));
    if (ctx.orchestrator) this._register(ctx.orchestrator.onEvent((event) => this.onEvent(event)));
    this._register(ctx.live.onDidChange((id, state) => this.streaming && this.batcher.liveState(id, state)));
    this._register(
      panel.onDidChangeViewState(() => {
        if (panel.active) ctx.focus.set(taskId);
        // A hidden panel's page is torn down; the next one says `ready` and gets a snapshot.
        if (!panel.visible) this.pause();
      }),
    );
    this._register(
      panel.onDidDispose(() => {
        this.disposed = true;
        ctx.approvals?.panelClosed(taskId);
        onDidDispose(this);
        this.dispose();
      }),
    );
    if (panel.active) ctx.focus.set(taskId);
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  showApproval(approval: ApprovalView): void {
    if (this.streaming) this.channel.post({ type: 'approvalRequested', approval });
  }

  withdrawApproval(approval: ApprovalView): void {
    if (this.streaming) this.channel.post({ type: 'approvalResolved', approvalId: approval.id });
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
      case 'select':
        if (message.taskId) this.ctx.focus.set(message.taskId);
        return;
      case 'setFilter':
        return;
      case 'approve':
        this.ctx.approvals?.decide(message.approvalId, message.decision);
        return;
      case 'showDiff':
        this.ctx.approvals?.showDiff(message.approvalId).catch((error: unknown) => {
          void vscode.window.showErrorMessage(`Baton could not show the diff: ${errorMessage(error)}`);
        });
        return;
      default:
        void handleTaskRequest(this.ctx.actions, message);
    }
  }

  private pause(): void {
    this.streaming = false;
    this.buffered = undefined;
    this.snapshotSeq++;
    this.batcher.discard();
  }

  private async sendSnapshot(): Promise<void> {
    this.pause();
    const seq = this.snapshotSeq;
    this.buffered = [];
    let transcript: AgentEvent[] = [];
    try {
      transcript = (await this.ctx.orchestrator?.readTranscript(this.taskId)) ?? [];
    } catch (error) {
      this.ctx.log.error(`Could not read the transcript of ${this.taskId}: ${errorMessage(error)}`);
    }
    if (seq !== this.snapshotSeq || this.disposed) return;
    const joined = compactTranscript(joinLive(transcript, this.buffered));
    this.buffered = undefined;
    const task = this.ctx.feed?.get(this.taskId);
    this.rootId = task?.rootId ?? this.rootId;
    this.channel.post({
      type: 'snapshot',
      protocolVersion: PROTOCOL_VERSION,
      view: 'panel',
      tasks: this.tree(),
      workspace: currentWorkspaceInfo(),
      storeError: null,
      settings: this.ctx.uiSettings(),
      live: this.ctx.live.all(),
      filter: DEFAULT_FILTER,
      panel: { taskId: this.taskId, transcript: joined },
      approvals: this.ctx.approvals?.pendingFor(this.taskId) ?? [],
    });
    this.streaming = true;
  }

  private onEvent(event: AgentEvent): void {
    if (event.taskId !== this.taskId) return;
    if (this.buffered) this.buffered.push(event);
    else if (this.streaming) this.batcher.event(event);
  }

  private onRecords(delta: TaskDelta): void {
    const own = delta.changed.find((t) => t.id === this.taskId);
    if (own) this.updateTitle(own);
    if (!this.streaming) return;
    const changed = delta.changed.filter((t) => t.rootId === this.rootId);
    if (changed.length > 0 || delta.removed.length > 0) this.batcher.records({ changed, removed: delta.removed });
  }

  private tree(): TaskRecord[] {
    return this.rootId === undefined ? [] : (this.ctx.feed?.list().filter((t) => t.rootId === this.rootId) ?? []);
  }

  private updateTitle(task: TaskRecord | undefined): void {
    const title = task ? task.title.trim() || 'Untitled task' : 'Task not found';
    if (this.panel.title !== title) this.panel.title = title;
  }
}
