/**
 * While new delegations are paused (the kill switch, `baton.delegation.paused`), a status bar
 * item says so, and a click resumes them; hidden otherwise. It also keeps the context key that
 * shows Pause or Resume New Delegations in the palette.
 */
import * as vscode from 'vscode';
import { DELEGATION_PAUSED_SETTING, delegationPaused } from '../commands/delegationSwitch';
import { Disposable } from '../disposables';

/** Context key: new delegations are paused (package.json `when` clauses). */
export const DELEGATION_PAUSED_CONTEXT = 'baton.delegationPaused';

export class DelegationPausedItem extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('baton.delegationPaused', vscode.StatusBarAlignment.Left, 9));
  private shown: boolean | undefined;

  constructor() {
    super();
    this.item.name = 'Baton Delegation Paused';
    this.item.text = '$(debug-pause) Delegation paused';
    this.item.tooltip = 'Baton: new delegations are paused. Running subtasks go on; a task that tries to start or continue a subtask is told so. Click to resume new delegations.';
    this.item.accessibilityInformation = { label: 'Baton: new delegations are paused. Resume new delegations.', role: 'button' };
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.command = 'baton.resumeDelegations';
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`baton.${DELEGATION_PAUSED_SETTING}`) && this.update()));
    this.update();
  }

  private update(): void {
    const paused = delegationPaused();
    if (paused === this.shown) return;
    this.shown = paused;
    void vscode.commands.executeCommand('setContext', DELEGATION_PAUSED_CONTEXT, paused);
    if (paused) this.item.show();
    else this.item.hide();
  }
}
