/**
 * Baton: Delegate Subtask… — hands part of a task's work to a new subtask: the parent (the
 * focused task, or one picked) waits while the subtask runs, and gets its result back.
 */
import * as vscode from 'vscode';
import { titleFromGoal } from '../tasks/titleFromGoal';
import type { BatonCommand } from './command';
import { chooseTask, quoted, reportFailures, taskContext, withProgress } from './taskCommand';

export const delegateSubtask: BatonCommand = {
  id: 'baton.delegateSubtask',
  async run(services, arg) {
    const ctx = taskContext(services);
    if (!ctx) return;
    const title = 'Baton: Delegate Subtask';
    const parent = await chooseTask(
      {
        action: 'delegate',
        title,
        placeHolder: 'Which task delegates? It waits for the subtask’s result.',
        noneApplies: 'No open task can delegate right now. Start one with "Baton: New Task".',
      },
      ctx,
      arg,
    );
    if (!parent) return;
    const goal = await vscode.window.showInputBox({
      title: `${title} of ${quoted(parent)}`,
      prompt: `What should the subtask do? ${quoted(parent)} waits until it reports back.`,
      placeHolder: 'e.g. Write unit tests for the date parser',
      ignoreFocusOut: true,
    });
    if (!goal?.trim()) return;
    const context = await vscode.window.showInputBox({
      title: `${title} of ${quoted(parent)} (optional context)`,
      prompt: 'Anything the subtask should know: files, constraints, what to leave alone. Leave empty for none.',
      ignoreFocusOut: true,
    });
    if (context === undefined) return;
    await reportFailures(services.log, title, async () => {
      const child = await withProgress(
        `Delegating from ${quoted(parent)}…`,
        () => ctx.orchestrator.delegate(parent.id, { goal, title: titleFromGoal(goal), context: context.trim() }),
        'notification',
      );
      services.log.info(`Delegated ${child.id} "${child.title}" from ${parent.id} "${parent.title}"`);
      await services.panels.open(child.id);
    });
  },
};
