/** Baton: Show Tasks — reveals and focuses the Tasks sidebar. */
import * as vscode from 'vscode';
import { TASKS_VIEW_ID } from '../views/tasksViewProvider';
import type { BatonCommand } from './command';

export const showTasks: BatonCommand = {
  id: 'baton.showTasks',
  // Every view gets a `<viewId>.focus` command from VS Code; it opens the container too.
  run: () => vscode.commands.executeCommand(`${TASKS_VIEW_ID}.focus`),
};
