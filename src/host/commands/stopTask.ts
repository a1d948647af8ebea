/** Baton: Stop Task — interrupts a running task; on a task waiting on subtasks, every running task below it. */
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const stopTask = taskCommand({
  id: 'baton.stopTask',
  action: 'stop',
  title: 'Baton: Stop Task',
  placeHolder: 'Which task should stop?',
  noneApplies: 'No task is running.',
  async perform(task, { orchestrator, services }) {
    services.log.info(`Stop ${task.id} "${task.title}" (was ${task.status})`);
    await withProgress(`Stopping ${quoted(task)}…`, () => orchestrator.stop(task.id));
    // Invariant 3: stopping a subtask leaves its parent waiting; say so, so nobody expects otherwise.
    confirmDone(task.parentId ? `Stopped ${quoted(task)}; its parent keeps waiting for it.` : `Stopped ${quoted(task)}.`);
  },
});
