/** Baton: Stop Task — interrupts a running task; aimed at a task waiting on a subtask, stops that subtask. */
import { actionTarget } from './taskAvailability';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const stopTask = taskCommand({
  id: 'baton.stopTask',
  action: 'stop',
  title: 'Baton: Stop Task',
  placeHolder: 'Which task should stop?',
  noneApplies: 'No task is running.',
  async perform(task, { orchestrator, lookup, services }) {
    const target = actionTarget('stop', task, lookup);
    services.log.info(`Stop ${target.id} "${target.title}"${target.id === task.id ? '' : ` (asked on ${task.id})`}`);
    await withProgress(`Stopping ${quoted(target)}…`, () => orchestrator.stop(task.id));
    // Invariant 3: stopping a subtask leaves its parent waiting; say so, so nobody expects otherwise.
    confirmDone(target.parentId ? `Stopped ${quoted(target)}; its parent keeps waiting for it.` : `Stopped ${quoted(target)}.`);
  },
});
