/**
 * The status bar item: how many tasks run and how many are interrupted, across windows
 * (e.g. "$(sync~spin) 2 running · $(debug-pause) 1 interrupted"); hidden when both are zero.
 * A click shows the Tasks sidebar.
 */
import * as vscode from 'vscode';
import { Disposable } from '../disposables';
import { orchestratorSettings } from '../runtime/settings';
import type { BatonServices } from '../services';
import { statusBarContent, summarizeTasks } from './taskSummary';

export class TaskStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('baton.status', vscode.StatusBarAlignment.Left, 10));
  private shown: string | undefined;

  constructor(private readonly services: Pick<BatonServices, 'store' | 'orchestrator'>) {
    super();
    this.item.name = 'Baton Tasks';
    this.item.command = 'baton.showTasks';
    const { store, orchestrator } = services;
    if (store) this._register(store.onDidChange(() => this.update()));
    // A runner starting or stopping may precede (or, for another window's task, replace) a store event.
    if (orchestrator) this._register(orchestrator.onEvent((event) => event.type === 'done' && this.update()));
    this.update();
  }

  private update(): void {
    const tasks = this.services.store?.list() ?? [];
    const content = statusBarContent(summarizeTasks(tasks, Date.now(), orchestratorSettings().leaseTtlMs));
    const key = content && `${content.text}\n${content.tooltip}`;
    if (key === this.shown) return;
    this.shown = key;
    if (!content) {
      this.item.hide();
      return;
    }
    this.item.text = content.text;
    this.item.tooltip = content.tooltip;
    this.item.accessibilityInformation = { label: content.ariaLabel, role: 'button' };
    this.item.show();
  }
}
