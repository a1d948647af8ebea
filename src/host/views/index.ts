/**
 * The Baton UI: the Tasks sidebar and the task panels, over one set of task actions, live
 * states and inline approvals. `activate()` calls `registerTaskViews` once.
 */
import * as vscode from 'vscode';
import type { TaskApprovals } from '../runtime/approvals';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import { Disposable } from '../disposables';
import { TaskPanels } from '../panel/taskPanels';
import { orchestratorSettings } from '../runtime/settings';
import { TaskActions } from '../tasks/taskActions';
import type { TaskFocus } from '../tasks/taskFocus';
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
  readonly focus: TaskFocus;
  /** Where the sidebar keeps its filter (the workspace's state). */
  readonly memento: vscode.Memento;
  /** Registers the sidebar's provider (default: with VS Code; at activation it was registered before the store opened). */
  readonly registerSidebar?: (provider: vscode.WebviewViewProvider) => vscode.Disposable;
}

export class TaskViews extends Disposable {
  readonly panels: TaskPanels;
  readonly actions: TaskActions;

  constructor(options: TaskViewsOptions) {
    super();
    const { orchestrator, feed, log } = options;
    this.panels = this._register(new TaskPanels());
    this.actions = new TaskActions({ orchestrator, log, open: (taskId, o) => this.panels.open(taskId, o) });
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
      actions: this.actions,
      focus: options.focus,
      uiSettings: () => ({ defaultBudget: orchestratorSettings().defaultBudget }),
    };
    this.panels.bind(ctx);
    if (approvals) this._register(approvals.attach(this.panels));
    const sidebar = this._register(new TasksViewProvider(ctx, options.memento));
    const register = options.registerSidebar ?? ((provider) => vscode.window.registerWebviewViewProvider(TASKS_VIEW_ID, provider));
    this._register(register(sidebar));
  }
}
