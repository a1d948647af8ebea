/** Baton: Delete Task — deletes a task, its subtasks and transcripts, after a modal confirmation. */
import * as vscode from 'vscode';
import { deletionDetail } from './deletionDetail';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const deleteTask = taskCommand({
  id: 'baton.deleteTask',
  action: 'delete',
  title: 'Baton: Delete Task',
  placeHolder: 'Which task should be deleted?',
  noneApplies: 'There are no tasks to delete.',
  async perform(task, { orchestrator, lookup, services }) {
    const choice = await vscode.window.showWarningMessage(`Delete ${quoted(task)}?`, { modal: true, detail: deletionDetail(task, lookup) }, 'Delete');
    if (choice !== 'Delete') return;
    services.log.info(`Delete ${task.id} "${task.title}" (was ${task.status}, ${task.childIds.length} direct subtasks)`);
    await withProgress(`Deleting ${quoted(task)}…`, () => orchestrator.delete(task.id));
    confirmDone(`Deleted ${quoted(task)}.`);
  },
});
