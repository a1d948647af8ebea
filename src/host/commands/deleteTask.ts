/** Baton: Delete Task — deletes a task, its subtasks and transcripts, after a confirmation (Cancel is the default). */
import { deletionDetail } from './deletionDetail';
import { confirm, confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const deleteTask = taskCommand({
  id: 'baton.deleteTask',
  action: 'delete',
  title: 'Baton: Delete Task',
  placeHolder: 'Which task should be deleted?',
  noneApplies: 'There are no tasks to delete.',
  async perform(task, { orchestrator, lookup, services }) {
    const ok = await confirm({ question: `Delete ${quoted(task)}?`, detail: deletionDetail(task, lookup), confirm: 'Delete', consequence: 'this cannot be undone' });
    if (!ok) return;
    services.log.info(`Delete ${task.id} "${task.title}" (was ${task.status}, ${task.childIds.length} direct subtasks)`);
    await withProgress(`Deleting ${quoted(task)}…`, () => orchestrator.delete(task.id));
    confirmDone(`Deleted ${quoted(task)}.`);
  },
});
