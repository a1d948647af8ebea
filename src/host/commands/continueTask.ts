/** Baton: Continue Task… — resumes a task that ran out of budget with a new one, prefilled from the settings. */
import * as vscode from 'vscode';
import type { TaskRecord } from '../../shared/task';
import { orchestratorSettings } from '../runtime/settings';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

const MAX_TURNS = 1000;

export const continueTask = taskCommand({
  id: 'baton.continueTask',
  action: 'continue',
  title: 'Baton: Continue Task',
  placeHolder: 'Which task should continue with a new budget?',
  noneApplies: 'No task ran out of budget, so none needs a new one (Resume continues a stopped task).',
  async perform(task, { orchestrator, services }, args) {
    const defaults = orchestratorSettings().defaultBudget;
    let budget = args.budget;
    if (!budget) {
      const turns = await vscode.window.showInputBox({
        title: `Baton: Continue ${quoted(task)}`,
        prompt: `${why(task)}How many more turns may it take? Its time budget restarts at ${Math.round(defaults.maxRuntimeMs / 60_000)} minutes.`,
        value: String(defaults.maxTurns),
        validateInput: (value) => (parseTurns(value) === undefined ? `A whole number of turns, from 1 to ${MAX_TURNS}.` : undefined),
        ignoreFocusOut: true,
      });
      const maxTurns = turns === undefined ? undefined : parseTurns(turns);
      if (maxTurns === undefined) return;
      budget = { ...defaults, maxTurns };
    }
    services.log.info(`Continue ${task.id} "${task.title}" (was ${task.status}) with ${budget.maxTurns} turns`);
    const chosen = budget;
    await withProgress(`Continuing ${quoted(task)}…`, () => orchestrator.resume(task.id, chosen));
    confirmDone(`${quoted(task)} continues with ${chosen.maxTurns} more turns.`);
  },
});

function parseTurns(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_TURNS ? n : undefined;
}

function why(task: TaskRecord): string {
  if (task.status !== 'needs_continuation') return '';
  const spent = task.budgetReason === 'runtime' ? 'its time budget' : task.budgetReason === 'response_timeout' ? 'its wait for the model' : 'its turns';
  return `It used up ${spent}. `;
}
