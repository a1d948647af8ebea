/**
 * The status bar item: how many tasks wait for the user, run, or are interrupted, across windows
 * (e.g. "$(bell-dot) 1 needs you · $(sync~spin) 2 running"); hidden when all are zero. While a
 * task waits for the user the item stands out (warning colours) and a click opens that task;
 * otherwise a click shows the Tasks sidebar. Beside it, while new delegations are paused, the
 * kill switch's own item.
 */
import * as vscode from 'vscode';
import { Disposable } from '../disposables';
import type { BatonServices } from '../services';
import { DelegationPausedItem } from './delegationPausedItem';
import { statusBarContent, summarizeTasks } from './taskSummary';

export class TaskStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('baton.status', vscode.StatusBarAlignment.Left, 10));
  private shown: string | undefined;

  constructor(private readonly services: Pick<BatonServices, 'store' | 'ui'>) {
    super();
    this.item.name = 'Baton Tasks';
    this._register(new DelegationPausedItem());
    const { store, ui } = services;
    if (store) this._register(store.onDidChange(() => this.update()));
    if (ui) this._register(ui.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const tasks = this.services.store?.list() ?? [];
    const ui = this.services.ui;
    const content = statusBarContent(summarizeTasks(tasks, (id) => ui?.get(id)));
    const key = content && `${content.text}\n${content.tooltip}\n${content.attention?.id ?? ''}`;
    if (key === this.shown) return;
    this.shown = key;
    if (!content) {
      this.item.hide();
      return;
    }
    this.item.text = content.text;
    this.item.tooltip = content.tooltip;
    this.item.accessibilityInformation = { label: content.ariaLabel, role: 'button' };
    this.item.backgroundColor = content.attention ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = content.attention
      ? { command: 'baton.openTask', title: 'Open the task that needs you', arguments: [content.attention.id] }
      : 'baton.showTasks';
    this.item.show();
  }
}
