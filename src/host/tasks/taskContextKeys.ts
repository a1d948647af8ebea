/**
 * Context keys for `when` clauses, from the task states: `baton.anyTask.<action>` (some task
 * allows it: the palette hides commands that apply to nothing) and `baton.activeTask.<action>`
 * (the active task panel's task allows it: its editor title buttons and keybindings).
 */
import * as vscode from 'vscode';
import { USER_ACTIONS, type UserAction } from '../../shared/protocol';
import { Disposable } from '../disposables';
import type { TaskFocus } from './taskFocus';
import type { TaskUiStates } from './taskUiStates';

export function contextKey(scope: 'anyTask' | 'activeTask', action: UserAction): string {
  return `baton.${scope}.${action}`;
}

export class TaskContextKeys extends Disposable {
  private readonly values = new Map<string, boolean>();

  constructor(
    private readonly ui: TaskUiStates | undefined,
    private readonly focus: TaskFocus,
  ) {
    super();
    if (ui) this._register(ui.onDidChange(() => this.update()));
    this._register(focus.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const active = this.focus.get();
    for (const action of USER_ACTIONS) {
      this.set(contextKey('anyTask', action), this.ui !== undefined && this.ui.applicable(action).length > 0);
      this.set(contextKey('activeTask', action), this.ui !== undefined && active !== undefined && this.ui.check(active, action).allowed);
    }
  }

  private set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}
