/**
 * The Tasks sidebar (`baton.tasks`): serves the webview, answers its `ready` with a snapshot,
 * then forwards store changes as batched deltas, and hands the user's requests to TaskActions.
 */
import * as vscode from 'vscode';
import { PROTOCOL_VERSION, parseWebviewMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import { Disposable, DisposableStore, type IDisposable } from '../disposables';
import type { TaskActions } from '../tasks/taskActions';
import { currentWorkspaceInfo } from '../workspaceInfo';
import { TaskDeltaBatcher, type TaskDelta } from './taskDeltaBatcher';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';

export const TASKS_VIEW_ID = 'baton.tasks';

/** The part of the task store the view reads. */
export interface TaskFeed {
  list(): TaskRecord[];
  onDidChange(listener: (event: TaskDelta) => void): IDisposable;
}

const STORE_UNAVAILABLE = 'Baton could not open its task store, so no tasks can be shown. See the Baton output channel for details.';

export class TasksViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  /** The current page said `ready`: it has a listener, and has been (or is about to be) sent a snapshot. */
  private ready = false;
  private readonly viewListeners = this._register(new DisposableStore());
  private readonly batcher = this._register(new TaskDeltaBatcher((delta) => this.post({ type: 'tasksChanged', ...delta })));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly feed: TaskFeed | undefined,
    private readonly actions: TaskActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    if (feed) this._register(feed.onDidChange((event) => this.onStoreChanged(event)));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.sendSnapshot()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewListeners.clear();
    this.view = view;
    this.ready = false;

    view.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(this.extensionUri) };
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri, 'Baton Tasks');

    this.viewListeners.add(view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
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
        this.ready = false;
        this.batcher.discard();
        this.viewListeners.clear();
      }),
    );
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Dropped a message from the Tasks view: ${parsed.reason}`);
      return;
    }
    this.handle(parsed.message);
  }

  private handle(message: WebviewToHostMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        return;
      case 'openTask':
        void this.actions.openTask(message.taskId);
        return;
      case 'createTask':
        void this.actions.createTask(message.goal);
        return;
    }
  }

  private onStoreChanged(event: TaskDelta): void {
    if (this.ready && this.view?.visible) this.batcher.add(event);
  }

  private sendSnapshot(): void {
    if (!this.ready || !this.view?.visible) return;
    // Anything pending is older than what the snapshot holds.
    this.batcher.discard();
    this.post({
      type: 'snapshot',
      protocolVersion: PROTOCOL_VERSION,
      tasks: this.feed?.list() ?? [],
      workspace: currentWorkspaceInfo(),
      storeError: this.feed ? null : STORE_UNAVAILABLE,
    });
  }

  private post(message: HostToWebviewMessage): void {
    const view = this.view;
    if (!view) return;
    view.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.log.debug(`Tasks view did not take a '${message.type}' message (hidden or reloading)`);
      },
      (error: unknown) => this.log.warn(`Posting '${message.type}' to the Tasks view failed: ${String(error)}`),
    );
  }
}
