/**
 * The task panels: at most one per task, opened or revealed by `open`, restored after a window
 * reload by a serializer (the page keeps its task id in its webview state). Like VS Code's
 * preview editors, a task opened as a preview (a single click in the sidebar) reuses the tab of
 * the previous preview until the user acts in it. Tabs are titled from the task (a subtask whose
 * title another tab has too gets its parent's title after it); a deleted task's tab closes.
 *
 * The serializer is registered when the extension starts, before anything is awaited: VS Code
 * may restore a panel while Baton still opens its store, and must find the serializer then. The
 * revived panel waits until the views are ready (`bind`).
 */
import * as vscode from 'vscode';
import { Disposable } from '../disposables';
import type { InlineApprovalSurface } from '../runtime/approvals';
import type { PanelPlacement, TaskOpener } from '../services';
import type { ViewContext } from '../views/viewContext';
import { TASK_PANEL_VIEW_TYPE, TaskPanel, type TaskPanelHost } from './taskPanel';

export class TaskPanels extends Disposable implements TaskOpener, InlineApprovalSurface, TaskPanelHost {
  private readonly panels = new Set<TaskPanel>();
  private ctx: ViewContext | undefined;
  private bound!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.bound = resolve));

  constructor() {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(TASK_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          await this.ready;
          const taskId = taskIdOf(state);
          if (!taskId || this.find(taskId) || !this.ctx?.feed?.get(taskId)) {
            // Its task is gone (deleted meanwhile), or it is shown already: no tab of nothing.
            panel.dispose();
            return;
          }
          this.adopt(panel, taskId, false);
        },
      }),
    );
  }

  /** Starts serving: panels need the views' context, which needs this (to open panels). */
  bind(ctx: ViewContext): void {
    this.ctx = ctx;
    if (ctx.feed) {
      this._register(
        ctx.feed.onDidChange((delta) => {
          // A deleted task's tab closes: there is nothing left to show in it.
          for (const id of delta.removed) this.find(id)?.panel.dispose();
          if (delta.changed.length > 0) this.retitle();
        }),
      );
    }
    this.bound();
  }

  async open(taskId: string, options: PanelPlacement = {}): Promise<void> {
    const existing = this.find(taskId);
    if (existing) {
      if (!options.preview) existing.preview = false;
      existing.reveal(options.preserveFocus);
      return;
    }
    if (!this.ctx) throw new Error('Task panels are not ready yet.');
    const preview = options.preview ? [...this.panels].find((p) => p.preview) : undefined;
    if (preview) {
      preview.showTask(taskId);
      this.retitle();
      preview.reveal(options.preserveFocus);
      this.viewStateChanged(preview);
      return;
    }
    const title = this.ctx.feed?.get(taskId)?.title ?? 'Task';
    await this.closeUnrevived(title);
    const panel = vscode.window.createWebviewPanel(
      TASK_PANEL_VIEW_TYPE,
      title,
      { viewColumn: options.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      // Kept alive while hidden: a tab switch shows the last content at once, never a blank page.
      { enableFindWidget: true, retainContextWhenHidden: true },
    );
    this.adopt(panel, taskId, options.preview === true);
  }

  isVisible(taskId: string): boolean {
    return this.find(taskId)?.visible ?? false;
  }

  activePanelHolds(taskId: string): boolean {
    return [...this.panels].some((p) => p.active && p.holds(taskId));
  }

  showsTreeOf(taskId: string): boolean {
    return [...this.panels].some((p) => p.visible && p.holds(taskId));
  }

  approvalsChanged(): void {
    for (const panel of this.panels) panel.syncApprovals();
  }

  closed(panel: TaskPanel): void {
    this.panels.delete(panel);
    this.ctx?.focus.clear(panel.taskId);
    this.ctx?.approvals?.surfaceChanged();
    this.retitle();
  }

  viewStateChanged(panel: TaskPanel): void {
    if (panel.active) this.ctx?.focus.set(panel.taskId);
    else this.ctx?.focus.clear(panel.taskId);
    this.ctx?.approvals?.surfaceChanged();
  }

  used(panel: TaskPanel): void {
    panel.preview = false;
  }

  override dispose(): void {
    for (const panel of [...this.panels]) panel.panel.dispose();
    this.panels.clear();
    super.dispose();
  }

  private find(taskId: string): TaskPanel | undefined {
    return [...this.panels].find((p) => p.taskId === taskId);
  }

  /**
   * Tab titles: each task's title; where two open tabs would read the same, a subtask's gets its
   * parent's title after it (VS Code adds a description to editors whose names collide).
   */
  private retitle(): void {
    const feed = this.ctx?.feed;
    const plain = new Map<TaskPanel, string>();
    for (const p of this.panels) plain.set(p, (p.task()?.title.trim() || (feed ? 'Task not found' : 'Task')).replace(/\s+/g, ' '));
    const counts = new Map<string, number>();
    for (const t of plain.values()) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [p, title] of plain) {
      const parent = p.task()?.parentId ? feed?.get(p.task()!.parentId!) : undefined;
      p.setTitle((counts.get(title) ?? 0) > 1 && parent ? `${title} · ${parent.title}` : title);
    }
  }

  /**
   * After a reload VS Code revives a restored panel only once its tab is shown, so a tab of this
   * task may exist that the serializer has not handed over yet. The API cannot show that tab,
   * so it is closed and a fresh panel opened, rather than leaving two tabs of one task.
   */
  private async closeUnrevived(title: string): Promise<void> {
    // Another task of the same title has a live panel: its tab cannot be told apart, leave it.
    if ([...this.panels].some((p) => p.panel.title === title)) return;
    const stale = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(TASK_PANEL_VIEW_TYPE) && tab.label === title);
    if (stale.length > 0) await vscode.window.tabGroups.close(stale, true);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, taskId: string, preview: boolean): void {
    if (!this.ctx) {
      webviewPanel.dispose();
      return;
    }
    const panel = new TaskPanel(webviewPanel, taskId, this.ctx, this, preview);
    this.panels.add(panel);
    this.retitle();
    this.viewStateChanged(panel);
  }
}

function taskIdOf(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null || !('taskId' in state)) return undefined;
  const id = (state as { taskId: unknown }).taskId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
