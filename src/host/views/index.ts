/**
 * The Baton UI: the Tasks sidebar and the task panels, over one set of task states, live
 * states and inline approvals. `activate()` builds it once, after the store opened.
 */
import * as vscode from 'vscode';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import { Disposable } from '../disposables';
import type { TaskPanels } from '../panel/taskPanels';
import type { TaskApprovals } from '../runtime/approvals';
import { modelLabel, modelRoute, orchestratorSettings } from '../runtime/settings';
import type { TaskFocus } from '../tasks/taskFocus';
import type { TaskUiStates } from '../tasks/taskUiStates';
import { LiveStates } from './liveStates';
import { TASKS_VIEW_ID, TasksViewProvider } from './tasksViewProvider';
import type { TaskFeed, ViewContext } from './viewContext';

export { TASKS_VIEW_ID } from './tasksViewProvider';

export interface TaskViewsOptions {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly feed: TaskFeed | undefined;
  readonly orchestrator: Orchestrator | undefined;
  /** The runtime's approvals port: panels show its requests inline. */
  readonly approvals: TaskApprovals | undefined;
  readonly ui: TaskUiStates | undefined;
  readonly focus: TaskFocus;
  /** Created when the extension started (its serializer must be registered before anything is awaited). */
  readonly panels: TaskPanels;
  /** Where the sidebar keeps its filter (the workspace's state). */
  readonly memento: vscode.Memento;
  /** Registers the sidebar's provider (default: with VS Code; at activation it was registered before the store opened). */
  readonly registerSidebar?: (provider: vscode.WebviewViewProvider) => vscode.Disposable;
}

export class TaskViews extends Disposable {
  constructor(options: TaskViewsOptions) {
    super();
    const { orchestrator, feed, log, panels } = options;
    const live = new LiveStates();
    if (orchestrator) this._register(orchestrator.onEvent((event) => live.observe(event)));
    if (feed) {
      this._register(
        feed.onDidChange((delta) => {
          for (const task of delta.changed) if (task.status !== 'active') live.forget(task.id);
          for (const id of delta.removed) live.forget(id);
        }),
      );
    }
    const approvals = options.approvals;
    const ctx: ViewContext = {
      extensionUri: options.extensionUri,
      log,
      feed,
      orchestrator,
      live,
      approvals,
      ui: options.ui,
      focus: options.focus,
      uiSettings: () => ({ defaultBudget: orchestratorSettings().defaultBudget }),
      modelLabel: () => modelLabel(modelRoute()),
    };
    panels.bind(ctx);
    if (approvals) this._register(approvals.attach(panels));
    const sidebar = this._register(new TasksViewProvider(ctx, options.memento));
    const register =
      options.registerSidebar ?? ((provider) => vscode.window.registerWebviewViewProvider(TASKS_VIEW_ID, provider, { webviewOptions: { retainContextWhenHidden: true } }));
    this._register(register(sidebar));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('baton.provider') || e.affectsConfiguration('baton.model')) sidebar.modelChanged();
      }),
    );
  }
}
