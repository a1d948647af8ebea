/** Baton: New Task — asks for a goal and starts a root task on the configured model. */
import * as vscode from 'vscode';
import { modelRoute } from '../runtime/settings';
import { titleFromGoal } from '../tasks/titleFromGoal';
import { defaultTaskWorkspace } from '../workspaceInfo';
import type { BatonCommand } from './command';
import { reportFailures, taskContext, withProgress } from './taskCommand';

export const newTask: BatonCommand = {
  id: 'baton.newTask',
  async run(services) {
    const ctx = taskContext(services);
    if (!ctx) return;
    const route = modelRoute();
    const goal = await vscode.window.showInputBox({
      title: 'Baton: New Task',
      prompt: `What should the task do? It runs on ${route.provider === 'demo' ? 'the Demo model (scripted)' : `${route.provider} / ${route.model}`} (Baton: Select Model to change).`,
      placeHolder: 'e.g. Add a --json flag to the export command and test it',
      ignoreFocusOut: true,
    });
    if (!goal?.trim()) return;
    const title = titleFromGoal(goal);
    await reportFailures(services.log, 'Baton: New Task', async () => {
      const task = await withProgress(`Starting “${title}”…`, () =>
        ctx.orchestrator.createTask({ goal, title, modelRoute: route, workspace: defaultTaskWorkspace() }),
      );
      services.log.info(`Created task ${task.id} "${title}" on ${route.provider}/${route.model}`);
      await services.panels.open(task.id);
    });
  },
};
