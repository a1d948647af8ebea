/** Baton: Abandon Subtask — detaches a paused subtask; its parent gets the partial work and carries on. */
import * as vscode from 'vscode';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const abandonSubtask = taskCommand({
  id: 'baton.abandonSubtask',
  action: 'abandon',
  title: 'Baton: Abandon Subtask',
  placeHolder: 'Which paused subtask should be abandoned?',
  noneApplies: 'No subtask is paused (interrupted, out of budget or failed); stop a running subtask first, then abandon it.',
  async perform(task, { orchestrator, lookup, services }) {
    const parent = task.parentId ? lookup(task.parentId) : undefined;
    const parentName = parent ? quoted(parent) : 'Its parent';
    const choice = await vscode.window.showWarningMessage(
      `Abandon ${quoted(task)}?`,
      {
        modal: true,
        detail: `${parentName} stops waiting for it and gets its partial work (last output, files read and written). An abandoned subtask cannot be resumed; its transcript is kept.`,
      },
      'Abandon',
    );
    if (choice !== 'Abandon') return;
    services.log.info(`Abandon ${task.id} "${task.title}" (was ${task.status}); parent ${task.parentId}`);
    await withProgress(`Abandoning ${quoted(task)}…`, () => orchestrator.abandon(task.id));
    confirmDone(`Abandoned ${quoted(task)}; its parent carries on.`);
  },
});
