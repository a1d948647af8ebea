/** Baton: Resume Task — resumes a paused task; on a task waiting on subtasks, every paused one it waits on. */
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const resumeTask = taskCommand({
  id: 'baton.resumeTask',
  action: 'resume',
  title: 'Baton: Resume Task',
  placeHolder: 'Which task should resume?',
  noneApplies: 'No task is interrupted, out of budget or failed, so there is nothing to resume.',
  async perform(task, { orchestrator, services }) {
    services.log.info(`Resume ${task.id} "${task.title}" (was ${task.status})`);
    await withProgress(`Resuming ${quoted(task)}…`, () => orchestrator.resume(task.id));
    confirmDone(task.status === 'delegated' ? `Resumed the subtasks ${quoted(task)} waits on.` : `Resumed ${quoted(task)}.`);
  },
});
