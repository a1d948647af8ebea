/**
 * The kill switch both its commands turn: the user setting `baton.delegation.paused`, which the
 * runtime reads on every delegate_task and continue_subtask call. A setting, not window state,
 * so a pause holds in every window and across Reload Window and restarts until it is lifted.
 */
import * as vscode from 'vscode';
import { confirmDone } from './taskCommand';

export const DELEGATION_PAUSED_SETTING = 'delegation.paused';

export function delegationPaused(): boolean {
  return vscode.workspace.getConfiguration('baton').get<boolean>(DELEGATION_PAUSED_SETTING) === true;
}

export async function setDelegationPaused(paused: boolean, log: vscode.LogOutputChannel): Promise<void> {
  if (delegationPaused() === paused) {
    void vscode.window.showInformationMessage(paused ? 'New delegations are already paused.' : 'New delegations are not paused.');
    return;
  }
  // Resuming removes the user setting rather than writing its default, so settings.json stays as it was.
  await vscode.workspace.getConfiguration('baton').update(DELEGATION_PAUSED_SETTING, paused ? true : undefined, vscode.ConfigurationTarget.Global);
  log.info(paused ? 'New delegations paused by the user' : 'New delegations resumed by the user');
  confirmDone(paused ? 'New delegations paused: running subtasks go on; tasks that try to delegate are told so.' : 'New delegations resumed.');
}
