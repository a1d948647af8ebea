/**
 * The Tasks sidebar (`baton.tasks`): serves the webview, answers its `ready` with a snapshot,
 * then forwards store changes, how tasks stand (TaskUiState) and live states as batched deltas,
 * and runs the user's requests through the command table. Its badge counts the tasks waiting for
 * the user; its selection follows the active task panel. The filter (this workspace or all,
 * search text) is kept per workspace. Of a large history it lists what the store loaded (the
 * newest roots and every unfinished task) and asks for more through SidebarPaging: older roots
 * when the user asks, and whatever a search finds among all tasks.
 */
import * as vscode from 'vscode';
import { DEFAULT_FILTER, PROTOCOL_VERSION, TaskFilter, type WebviewToHostMessage } from '../../shared/protocol';
import { Disposable, DisposableStore } from '../disposables';
import { currentWorkspaceInfo } from '../workspaceInfo';
import { pagedFeed, SidebarPaging } from './sidebarPaging';
import { refusal, SIDEBAR_SCOPE } from './taskScope';
import { UpdateBatcher, type TaskDelta } from './updateBatcher';
import { STORE_UNAVAILABLE, type ViewContext } from './viewContext';
import { WebviewChannel } from './webviewChannel';
import { runWebviewCommand } from './webviewCommands';
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
  /** Undefined when the feed has no catalog to page through (it lists everything). */
  private readonly paging: SidebarPaging | undefined;

  constructor(
    private readonly ctx: ViewContext,
    private readonly memento: vscode.Memento,
  ) {
    super();
    const paged = pagedFeed(ctx.feed);
    this.paging = paged && new SidebarPaging(paged);
    if (ctx.feed) this._register(ctx.feed.onDidChange((delta) => this.onStoreChanged(delta)));
    if (ctx.ui) {
      this._register(
        ctx.ui.onDidChange((changed) => {
          if (this.ready) this.batcher.uiStates(changed);
          this.updateBadge();
        }),
      );
    }
    this._register(ctx.live.onDidChange((taskId, state) => this.ready && this.batcher.liveState(taskId, state)));
    this._register(ctx.focus.onDidChange((taskId) => this.ready && this.channel?.post({ type: 'focus', taskId: taskId ?? null })));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.sendSnapshot()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewListeners.clear();
    this.view = view;
    this.ready = false;

    view.webview.options = webviewOptions(this.ctx.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.ctx.extensionUri, 'sidebar', 'Baton Tasks');
    this.channel = this.viewListeners.add(new WebviewChannel(view.webview, 'the Tasks view', this.ctx.log, (m) => this.receive(m)));
    this.updateBadge();
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

  /** The model changed (Select Model): the empty state names it. */
  modelChanged(): void {
    this.sendSnapshot();
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
        this.whenLoaded(this.paging?.search(this.filter().query));
        return;
      case 'setFilter':
        void this.memento.update(FILTER_KEY, message.filter);
        this.whenLoaded(this.paging?.search(message.filter.query));
        return;
      case 'loadOlder':
        this.whenLoaded(this.paging?.loadOlder());
        return;
      case 'approve':
      case 'showDiff':
        // Refused above: approvals are answered in task panels.
        return;
      case 'command':
        runWebviewCommand(message, 'the Tasks view', this.ctx.log);
        return;
    }
  }

  /** The view's badge: how many tasks wait for the user (an approval, or an answer). */
  private updateBadge(): void {
    if (!this.view) return;
    const waiting = this.ctx.ui?.waitingForUser() ?? [];
    const n = waiting.length;
    // A zero badge is not shown; `undefined` does not always clear one already shown.
    const badge = { value: n, tooltip: n === 0 ? '' : n === 1 ? `“${waiting[0]!.title}” needs you` : `${n} tasks need you` };
    if (this.view.badge?.value !== badge.value || this.view.badge?.tooltip !== badge.tooltip) this.view.badge = badge;
  }

  /** Trees paging loaded (silently, in the store): their tasks' states, then a snapshot that lists them. */
  private whenLoaded(loading: Promise<boolean> | undefined): void {
    void loading?.then(
      (loaded) => {
        if (!loaded) return;
        this.ctx.ui?.refreshAll();
        this.sendSnapshot();
      },
      (error: unknown) => this.ctx.log.warn('The Tasks view could not load more tasks:', error),
    );
  }

  private onStoreChanged(delta: TaskDelta): void {
    if (this.ready) this.batcher.records(delta);
  }

  private filter(): TaskFilter {
    const parsed = TaskFilter.safeParse(this.memento.get(FILTER_KEY));
    return parsed.success ? parsed.data : DEFAULT_FILTER;
  }

  private sendSnapshot(): void {
    if (!this.ready) return;
    // Anything pending is older than what the snapshot holds.
    this.batcher.discard();
    this.channel?.post({
      type: 'snapshot',
      protocolVersion: PROTOCOL_VERSION,
      view: 'sidebar',
      tasks: this.ctx.feed?.list() ?? [],
      olderTasks: this.paging?.olderTasks() ?? false,
      ui: this.ctx.ui?.all() ?? {},
      workspace: currentWorkspaceInfo(),
      storeError: this.ctx.feed ? null : STORE_UNAVAILABLE,
      settings: this.ctx.uiSettings(),
      live: this.ctx.live.all(),
      filter: this.filter(),
      panel: null,
      approvals: [],
      model: this.ctx.modelLabel(),
      focus: this.ctx.focus.get() ?? null,
    });
  }
}
