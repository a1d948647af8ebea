/**
 * Opens a file a task wrote ("Files written" in its result), resolved in the task's own folder.
 * A path that would leave the folder (absolute, or through `..`) is refused: the link comes from
 * a task's output.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandArgs } from './commandArgs';
import type { BatonCommand } from './command';
import { taskIdFromArg } from './taskArgument';

export const openFile: BatonCommand = {
  id: 'baton.openFile',
  async run({ store, log }, arg) {
    const taskId = taskIdFromArg(arg);
    const file = commandArgs(arg).path;
    const task = taskId ? store?.get(taskId) : undefined;
    if (!task || typeof file !== 'string') return;
    const relative = path.posix.normalize(file.replace(/\\/g, '/'));
    if (!task.workspace || path.posix.isAbsolute(relative) || relative.startsWith('..')) {
      log.warn(`Open File: refused "${file}" of task ${task.id}: not a path inside its folder`);
      void vscode.window.showInformationMessage(`“${file}” is not a file inside the task’s folder, so Baton does not open it.`);
      return;
    }
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(task.workspace), ...relative.split('/'));
    try {
      await vscode.window.showTextDocument(uri, { preview: true });
    } catch {
      void vscode.window.showInformationMessage(`“${file}” could not be opened: it may have been moved or deleted since.`);
    }
  },
};
