/** Baton: Continue Task… — resumes a paused task with a new turn budget, prefilled from the settings. */
import * as vscode from 'vscode';
import type { TaskRecord } from '../../shared/task';
import { orchestratorSettings } from '../runtime/settings';
import { actionTarget } from './taskAvailability';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

const MAX_TURNS = 1000;

export const continueTask = taskCommand({
  id: 'baton.continueTask',
  action: 'continue',
  title: 'Baton: Continue Task',
  placeHolder: 'Which task should continue with a new budget?',
  noneApplies: 'No task is out of budget, interrupted or failed, so there is nothing to continue.',
  async perform(task, { orchestrator, lookup, services }) {
    const target = actionTarget('continue', task, lookup);
    const budget = orchestratorSettings().defaultBudget;
    const turns = await vscode.window.showInputBox({
      title: `Baton: Continue ${quoted(target)}`,
      prompt: `${why(target)}How many more turns may it take? Its time budget restarts at ${Math.round(budget.maxRuntimeMs / 60_000)} minutes.`,
      value: String(budget.maxTurns),
      validateInput: (value) => (parseTurns(value) === undefined ? `A whole number of turns, from 1 to ${MAX_TURNS}.` : undefined),
      ignoreFocusOut: true,
    });
    const maxTurns = turns === undefined ? undefined : parseTurns(turns);
    if (maxTurns === undefined) return;
    services.log.info(`Continue ${target.id} "${target.title}" (was ${target.status}) with ${maxTurns} turns`);
    await withProgress(`Continuing ${quoted(target)}…`, () => orchestrator.resume(task.id, { ...budget, maxTurns }));
    confirmDone(`${quoted(target)} continues with ${maxTurns} more turns.`);
  },
});

function parseTurns(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_TURNS ? n : undefined;
}

function why(task: TaskRecord): string {
  if (task.status === 'needs_continuation') {
    const spent = task.budgetReason === 'runtime' ? 'its time budget' : task.budgetReason === 'response_timeout' ? 'its wait for the model' : 'its turns';
    return `It used up ${spent}. `;
  }
  return `It is ${task.status}. `;
}
