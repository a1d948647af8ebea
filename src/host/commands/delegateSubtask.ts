/**
 * Baton: Delegate Subtask… — hands part of a task's work to a new subtask: the parent (the
 * active panel's task, or one picked) waits while the subtask runs, and gets its result back.
 * A webview's Delegate form passes the goal and context (and an agent, if any); the palette asks
 * for them, and who does the work: Baton's subagent or an external agent (baton.agents).
 */
import * as vscode from 'vscode';
import { childModelRoute, modelLabel, modelRoute } from '../runtime/settings';
import { titleFromGoal } from '../tasks/titleFromGoal';
import { pickWorker } from './pickWorker';
import { quoted, taskCommand, withProgress } from './taskCommand';

const TITLE = 'Baton: Delegate Subtask';

export const delegateSubtask = taskCommand({
  id: 'baton.delegateSubtask',
  action: 'delegate',
  title: TITLE,
  placeHolder: 'Which task delegates? It waits for the subtask’s result.',
  noneApplies: 'No open task can delegate right now. Start one with "Baton: New Task".',
  async perform(parent, { orchestrator, services }, args) {
    let goal = args.goal;
    let context = args.context;
    let agent = args.agent;
    if (goal === undefined) {
      goal = (
        await vscode.window.showInputBox({
          title: `${TITLE} of ${quoted(parent)}`,
          prompt: `What should the subtask do? ${quoted(parent)} waits until it reports back.`,
          placeHolder: 'e.g. Write unit tests for the date parser',
          validateInput: (value) => (value.trim() ? undefined : 'Describe what the subtask should do (Escape cancels).'),
          ignoreFocusOut: true,
        })
      )?.trim();
      if (!goal) return;
      context = await vscode.window.showInputBox({
        title: `${TITLE} of ${quoted(parent)} (optional context)`,
        prompt: 'Anything the subtask should know: files, constraints, what to leave alone. Leave empty for none.',
        ignoreFocusOut: true,
      });
      if (context === undefined) return;
      const worker = await pickWorker(`${TITLE} of ${quoted(parent)}`, modelLabel(childModelRoute() ?? modelRoute()), services.log);
      if (worker === undefined) return;
      agent = worker ?? undefined;
    }
    const text = goal;
    const child = await withProgress(`Delegating from ${quoted(parent)}…`, () =>
      orchestrator.delegate(parent.id, { goal: text, title: titleFromGoal(text), context: context?.trim() ?? '', ...(agent && { agent }) }),
    );
    services.log.info(`Delegated ${child.id} "${child.title}" from ${parent.id} "${parent.title}"${agent ? ` to the agent ${agent}` : ''}`);
    await services.panels.open(child.id);
  },
});
