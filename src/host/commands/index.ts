/** The command table: every Baton command, registered in one place. */
import * as vscode from 'vscode';
import { DisposableStore, type IDisposable } from '../disposables';
import type { BatonCommand, CommandServices } from './command';
import { selectModel } from './selectModel';
import { setApiKey } from './setApiKey';
import { showTasks } from './showTasks';

const COMMANDS: readonly BatonCommand[] = [showTasks, setApiKey, selectModel];

export function registerCommands(services: CommandServices): IDisposable {
  const registrations = new DisposableStore();
  for (const command of COMMANDS) {
    registrations.add(vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(services, ...args)));
  }
  return registrations;
}
