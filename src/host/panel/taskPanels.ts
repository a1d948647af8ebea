/**
 * The task panels: at most one per task, opened or revealed by `open`, restored after a window
 * reload by a serializer (the page keeps its task id in its webview state). Also where inline
 * approvals are shown: in the panel of the task that asks.
 */
import * as vscode from 'vscode';
import type { ApprovalView } from '../../shared/protocol';
import { Disposable } from '../disposables';
import type { InlineApprovalSurface } from '../runtime/approvals';
import type { PanelPlacement, TaskOpener } from '../services';
import type { ViewContext } from '../views/viewContext';
import { TASK_PANEL_VIEW_TYPE, TaskPanel } from './taskPanel';

export class TaskPanels extends Disposable implements TaskOpener, InlineApprovalSurface {
  private readonly panels = new Map<string, TaskPanel>();
  private ctx: ViewContext | undefined;

  /** Starts serving: panels need the views' context, which needs this (to open panels). */
  bind(ctx: ViewContext): void {
    this.ctx = ctx;
    this._register(
      vscode.window.registerWebviewPanelSerializer(TASK_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const taskId = taskIdOf(state);
          if (!taskId || this.panels.has(taskId)) {
            panel.dispose();
            return;
          }
          this.adopt(panel, taskId);
        },
      }),
    );
  }

  async open(taskId: string, options: PanelPlacement = {}): Promise<void> {
    const existing = this.panels.get(taskId);
    if (existing) {
      existing.reveal(options.preserveFocus);
      return;
    }
    if (!this.ctx) throw new Error('Task panels are not ready yet.');
    const title = this.ctx.feed?.get(taskId)?.title ?? 'Task';
    await this.closeUnrevived(title);
    const panel = vscode.window.createWebviewPanel(
      TASK_PANEL_VIEW_TYPE,
      title,
      { viewColumn: options.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      { enableFindWidget: true },
    );
    this.adopt(panel, taskId);
  }

  isVisible(taskId: string): boolean {
    return this.panels.get(taskId)?.visible ?? false;
  }

  /** Ids of the tasks whose panels are open. */
  openTaskIds(): string[] {
    return [...this.panels.keys()];
  }

  canAsk(taskId: string): boolean {
    return this.panels.has(taskId);
  }

  show(approval: ApprovalView): void {
    const panel = this.panels.get(approval.taskId);
    if (!panel) return;
    panel.showApproval(approval);
    // Asking in a panel nobody sees would stall the task quietly: bring it forward.
    if (!panel.visible) panel.reveal(true);
  }

  withdraw(approval: ApprovalView): void {
    this.panels.get(approval.taskId)?.withdrawApproval(approval);
  }

  override dispose(): void {
    for (const panel of [...this.panels.values()]) panel.panel.dispose();
    this.panels.clear();
    super.dispose();
  }

  /**
   * After a reload VS Code revives a restored panel only once its tab is shown, so a tab of this
   * task may exist that the serializer has not handed over yet. The API cannot show that tab,
   * so it is closed and a fresh panel opened, rather than leaving two tabs of one task.
   */
  private async closeUnrevived(title: string): Promise<void> {
    // Another task of the same title has a live panel: its tab cannot be told apart, leave it.
    if ([...this.panels.values()].some((p) => p.panel.title === title)) return;
    const stale = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(TASK_PANEL_VIEW_TYPE) && tab.label === title);
    if (stale.length > 0) await vscode.window.tabGroups.close(stale, true);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, taskId: string): void {
    if (!this.ctx) {
      webviewPanel.dispose();
      return;
    }
    const panel = new TaskPanel(webviewPanel, taskId, this.ctx, (closed) => {
      if (this.panels.get(closed.taskId) === closed) this.panels.delete(closed.taskId);
    });
    this.panels.set(taskId, panel);
  }
}

function taskIdOf(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null || !('taskId' in state)) return undefined;
  const id = (state as { taskId: unknown }).taskId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
