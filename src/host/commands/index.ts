/**
 * The command table: every Baton command, registered in one place (after rust-analyzer's
 * `createCommands`). Each command lives in its own file; package.json declares the same ids.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../errors';
import { DisposableStore, type IDisposable } from '../disposables';
import type { BatonServices } from '../services';
import { abandonSubtask } from './abandonSubtask';
import type { BatonCommand } from './command';
import { continueTask } from './continueTask';
import { delegateSubtask } from './delegateSubtask';
import { deleteTask } from './deleteTask';
import { newTask } from './newTask';
import { openTask } from './openTask';
import { resumeTask } from './resumeTask';
import { selectModel } from './selectModel';
import { setApiKey } from './setApiKey';
import { showTasks } from './showTasks';
import { stopTask } from './stopTask';

export const COMMANDS: readonly BatonCommand[] = [
  newTask,
  delegateSubtask,
  stopTask,
  resumeTask,
  continueTask,
  abandonSubtask,
  openTask,
  showTasks,
  deleteTask,
  setApiKey,
  selectModel,
];

/** Context key: the task store opened, so the task commands can work (package.json `when` clauses). */
export const STORE_READY_CONTEXT = 'baton.storeReady';

export function registerCommands(services: BatonServices): IDisposable {
  void vscode.commands.executeCommand('setContext', STORE_READY_CONTEXT, services.store !== undefined && services.orchestrator !== undefined);
  const registrations = new DisposableStore();
  for (const command of COMMANDS) {
    registrations.add(vscode.commands.registerCommand(command.id, (...args: unknown[]) => runSafely(command, services, args)));
  }
  return registrations;
}

/** The last line of defence: whatever a command throws reaches the log, and the user sees one line. */
async function runSafely(command: BatonCommand, services: BatonServices, args: unknown[]): Promise<void> {
  try {
    await command.run(services, ...args);
  } catch (error) {
    services.log.error(`Command ${command.id} failed:`, error);
    void vscode.window.showErrorMessage(`Baton: ${errorMessage(error)}`);
  }
}
