/**
 * A task runs only in a window where its folder is open (src/core/ports/workspaces.ts). When
 * Resume (or another action that would run it) is refused for that reason, the user is told
 * why (information: it is a refusal, not an error) and offered to open the folder, in a new window so this one's running tasks carry on.
 */
import * as vscode from 'vscode';
import { FolderNotOpenError } from '../../core/ports/workspaces';

const OPEN_FOLDER = 'Open Folder';

/** Shows the refusal with "Open Folder"; true when `error` was such a refusal. */
export function offerTaskFolder(error: unknown, log: vscode.LogOutputChannel): boolean {
  if (!(error instanceof FolderNotOpenError)) return false;
  log.info(`Refused to run ${error.taskId ?? 'a task'} here: its folder ${error.folder} is not open in this window`);
  void vscode.window.showInformationMessage(error.message, OPEN_FOLDER).then(async (choice) => {
    if (choice === OPEN_FOLDER) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.parse(error.folder), { forceNewWindow: true });
  });
  return true;
}
