/** Baton: New Task — starts a root task on the configured model: the goal from the sidebar's box, or asked for. */
import * as vscode from 'vscode';
import { modelRoute, modelLabel } from '../runtime/settings';
import { titleFromGoal } from '../tasks/titleFromGoal';
import { defaultTaskWorkspace } from '../workspaceInfo';
import { commandArgs } from './commandArgs';
import type { BatonCommand } from './command';
import { reportFailures, taskContext, withProgress } from './taskCommand';

export const newTask: BatonCommand = {
  id: 'baton.newTask',
  async run(services, arg) {
    const ctx = taskContext(services);
    if (!ctx) return;
    const route = modelRoute();
    // From the sidebar's box: the user keeps typing there, so the panel opens without taking focus.
    const given = commandArgs(arg).goal;
    const goal =
      given ??
      (
        await vscode.window.showInputBox({
          title: 'Baton: New Task',
          prompt: `What should the task do? It runs on ${modelLabel(route)} (Baton: Select Model to change).`,
          placeHolder: 'e.g. Add a --json flag to the export command and test it',
          validateInput: (value) => (value.trim() ? undefined : 'Describe what the task should do (Escape cancels).'),
          ignoreFocusOut: true,
        })
      )?.trim();
    if (!goal) return;
    const title = titleFromGoal(goal);
    await reportFailures(services.log, 'Baton: New Task', async () => {
      const task = await withProgress(`Starting “${title}”…`, () =>
        ctx.orchestrator.createTask({ goal, title, modelRoute: route, workspace: defaultTaskWorkspace() }),
      );
      services.log.info(`Created task ${task.id} "${title}" on ${route.provider}/${route.model}`);
      await services.panels.open(task.id, { preserveFocus: given !== undefined });
    });
  },
};
