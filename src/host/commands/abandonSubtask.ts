/** Baton: Abandon Subtask — detaches a paused subtask, after a confirmation; its parent gets the partial work and carries on. */
import { abandonDetail } from './abandonDetail';
import { confirm, confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const abandonSubtask = taskCommand({
  id: 'baton.abandonSubtask',
  action: 'abandon',
  title: 'Baton: Abandon Subtask',
  placeHolder: 'Which paused subtask should be abandoned?',
  noneApplies: 'No subtask is paused (interrupted, out of budget or failed); stop a running subtask first, then abandon it.',
  async perform(task, { orchestrator, lookup, services }) {
    const ok = await confirm({ question: `Abandon ${quoted(task)}?`, detail: abandonDetail(task, lookup), confirm: 'Abandon', consequence: 'it cannot be resumed; its transcript is kept' });
    if (!ok) return;
    services.log.info(`Abandon ${task.id} "${task.title}" (was ${task.status}); parent ${task.parentId}`);
    await withProgress(`Abandoning ${quoted(task)}…`, () => orchestrator.abandon(task.id));
    confirmDone(`Abandoned ${quoted(task)}; its parent carries on.`);
  },
});
