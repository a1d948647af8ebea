/** Baton: Stop Task — interrupts a running task; on a task waiting on subtasks, every running task below it. */
import { runningBelow, stoppedWords } from './stopDetail';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const stopTask = taskCommand({
  id: 'baton.stopTask',
  action: 'stop',
  title: 'Baton: Stop Task',
  placeHolder: 'Which task should stop?',
  noneApplies: 'No task is running.',
  async perform(task, { orchestrator, services, lookup }) {
    const below = runningBelow(task, orchestrator.runningIds(), lookup);
    services.log.info(`Stop ${task.id} "${task.title}" (was ${task.status}; ${below} running below it)`);
    await withProgress(`Stopping ${quoted(task)}…`, () => orchestrator.stop(task.id));
    confirmDone(stoppedWords(task, below));
  },
});
