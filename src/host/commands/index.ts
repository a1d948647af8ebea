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
import { openFile } from './openFile';
import { openSettings } from './openSettings';
import { openTask } from './openTask';
import { openWalkthrough } from './openWalkthrough';
import { pauseDelegations } from './pauseDelegations';
import { resumeDelegations } from './resumeDelegations';
import { resumeTask } from './resumeTask';
import { resumeWithMessage } from './resumeWithMessage';
import { selectModel } from './selectModel';
import { sendMessage } from './sendMessage';
import { setApiKey } from './setApiKey';
import { showTasks } from './showTasks';
import { stopTask } from './stopTask';

export const COMMANDS: readonly BatonCommand[] = [
  newTask,
  delegateSubtask,
  stopTask,
  resumeTask,
  resumeWithMessage,
  continueTask,
  abandonSubtask,
  openTask,
  sendMessage,
  showTasks,
  deleteTask,
  setApiKey,
  selectModel,
  openSettings,
  openWalkthrough,
  openFile,
  pauseDelegations,
  resumeDelegations,
];

/** Context key: the task store opened, so the task commands can work (package.json `when` clauses). */
export const STORE_READY_CONTEXT = 'baton.storeReady';

/** Context key: the user chose a model (the walkthrough's "Choose a model" step is done). */
export const MODEL_CHOSEN_CONTEXT = 'baton.modelChosen';

export function registerCommands(services: BatonServices): IDisposable {
  void vscode.commands.executeCommand('setContext', STORE_READY_CONTEXT, services.store !== undefined && services.orchestrator !== undefined);
  const registrations = new DisposableStore();
  const modelChosen = () => void vscode.commands.executeCommand('setContext', MODEL_CHOSEN_CONTEXT, userChoseModel());
  modelChosen();
  registrations.add(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('baton.provider') && modelChosen()));
  for (const command of COMMANDS) {
    registrations.add(vscode.commands.registerCommand(command.id, (...args: unknown[]) => runSafely(command, services, args)));
  }
  return registrations;
}

/** A provider set in the user's settings: Select Model was run, or `npm start` chose the Demo model. */
function userChoseModel(): boolean {
  return vscode.workspace.getConfiguration('baton').inspect('provider')?.globalValue !== undefined;
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
