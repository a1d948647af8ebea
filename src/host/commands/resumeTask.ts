/** Baton: Resume Task — resumes an interrupted, out-of-budget or failed task (the one at the bottom of a waiting chain). */
import { offerTaskFolder } from '../tasks/folderOffer';
import { actionTarget } from './taskAvailability';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const resumeTask = taskCommand({
  id: 'baton.resumeTask',
  action: 'resume',
  title: 'Baton: Resume Task',
  placeHolder: 'Which task should resume?',
  noneApplies: 'No task is interrupted, out of budget or failed, so there is nothing to resume.',
  async perform(task, { orchestrator, lookup, services }) {
    const target = actionTarget('resume', task, lookup);
    services.log.info(`Resume ${target.id} "${target.title}" (was ${target.status})`);
    try {
      await withProgress(`Resuming ${quoted(target)}…`, () => orchestrator.resume(task.id));
    } catch (error) {
      if (offerTaskFolder(error, services.log)) return;
      throw error;
    }
    confirmDone(`Resumed ${quoted(target)}.`);
  },
});
