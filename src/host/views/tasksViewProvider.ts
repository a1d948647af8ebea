/**
 * The Tasks sidebar (`baton.tasks`): serves the webview, answers its `ready` with a snapshot,
 * then forwards store changes and live states as batched deltas, and hands the user's requests
 * to TaskActions. The filter (this workspace or all, search text) is kept per workspace.
 */
import * as vscode from 'vscode';
import { DEFAULT_FILTER, PROTOCOL_VERSION, TaskFilter, type WebviewToHostMessage } from '../../shared/protocol';
import { Disposable, DisposableStore } from '../disposables';
import { currentWorkspaceInfo } from '../workspaceInfo';
import { handleTaskRequest } from './taskRequests';
import { refusal, SIDEBAR_SCOPE } from './taskScope';
import { UpdateBatcher, type TaskDelta } from './updateBatcher';
import { STORE_UNAVAILABLE, type ViewContext } from './viewContext';
import { WebviewChannel } from './webviewChannel';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

export const TASKS_VIEW_ID = 'baton.tasks';
const FILTER_KEY = 'baton.tasks.filter';

export class TasksViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private channel: WebviewChannel | undefined;
  /** The current page said `ready`: it has a listener, and has been (or is about to be) sent a snapshot. */
  private ready = false;
  private readonly viewListeners = this._register(new DisposableStore());
  private readonly batcher = this._register(new UpdateBatcher((message) => this.channel?.post(message)));

  constructor(
    private readonly ctx: ViewContext,
    private readonly memento: vscode.Memento,
  ) {
    super();
    if (ctx.feed) this._register(ctx.feed.onDidChange((delta) => this.onStoreChanged(delta)));
    this._register(ctx.live.onDidChange((taskId, state) => this.isLive() && this.batcher.liveState(taskId, state)));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.sendSnapshot()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewListeners.clear();
    this.view = view;
    this.ready = false;

    view.webview.options = webviewOptions(this.ctx.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.ctx.extensionUri, 'sidebar', 'Baton Tasks');
    this.channel = this.viewListeners.add(new WebviewChannel(view.webview, 'the Tasks view', this.ctx.log, (m) => this.receive(m)));
    // A hidden view gets no deltas; on showing again it gets a snapshot (or, if VS Code dropped
    // its page meanwhile, the new page's `ready` asks for one).
    this.viewListeners.add(
      view.onDidChangeVisibility(() => {
        if (view.visible) this.sendSnapshot();
        else this.batcher.discard();
      }),
    );
    this.viewListeners.add(
      view.onDidDispose(() => {
        this.view = undefined;
        this.channel = undefined;
        this.ready = false;
        this.batcher.discard();
        this.viewListeners.clear();
      }),
    );
  }

  private receive(message: WebviewToHostMessage): void {
    const refused = refusal(SIDEBAR_SCOPE, message, (id) => this.ctx.approvals?.askingTask(id));
    if (refused) {
      this.ctx.log.warn(`Dropped a request: ${refused}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        return;
      case 'select':
        this.ctx.focus.set(message.taskId ?? undefined);
        return;
      case 'setFilter':
        void this.memento.update(FILTER_KEY, message.filter);
        return;
      case 'approve':
      case 'showDiff':
        // Refused above: approvals are answered in task panels.
        return;
      default:
        void handleTaskRequest(this.ctx.actions, message);
    }
  }

  private isLive(): boolean {
    return this.ready && this.view?.visible === true;
  }

  private onStoreChanged(delta: TaskDelta): void {
    if (this.isLive()) this.batcher.records(delta);
  }

  private filter(): TaskFilter {
    const parsed = TaskFilter.safeParse(this.memento.get(FILTER_KEY));
    return parsed.success ? parsed.data : DEFAULT_FILTER;
  }

  private sendSnapshot(): void {
    if (!this.isLive()) return;
    // Anything pending is older than what the snapshot holds.
    this.batcher.discard();
    this.channel?.post({
      type: 'snapshot',
      protocolVersion: PROTOCOL_VERSION,
      view: 'sidebar',
      tasks: this.ctx.feed?.list() ?? [],
      workspace: currentWorkspaceInfo(),
      storeError: this.ctx.feed ? null : STORE_UNAVAILABLE,
      settings: this.ctx.uiSettings(),
      live: this.ctx.live.all(),
      filter: this.filter(),
      panel: null,
      approvals: [],
    });
  }
}
