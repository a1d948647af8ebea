/**
 * What the user can do to tasks from the host side (the sidebar today, commands later). Each
 * action reports its own failures to the user and the log; callers need not catch.
 */
import * as vscode from 'vscode';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import { errorMessage } from '../errors';
import { defaultTaskWorkspace } from '../workspaceInfo';
import { modelRoute } from '../runtime/settings';
import { titleFromGoal } from './titleFromGoal';

export class TaskActions {
  constructor(
    private readonly orchestrator: Orchestrator | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Creates a root task for `goal` and starts its agent. */
  async createTask(goal: string): Promise<void> {
    if (!this.orchestrator) {
      void vscode.window.showErrorMessage('Baton cannot create tasks: its task store did not open. See the Baton log.');
      return;
    }
    const title = titleFromGoal(goal);
    try {
      const task = await this.orchestrator.createTask({ goal, title, modelRoute: modelRoute(), workspace: defaultTaskWorkspace() });
      this.log.info(`Created task ${task.id} "${title}" on ${task.modelRoute?.provider}/${task.modelRoute?.model}`);
    } catch (error) {
      this.log.error(`Could not create task "${title}": ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Baton could not create the task: ${errorMessage(error)}`);
    }
  }

  /** Opens a task. The task panel is a later issue; for now this says so. */
  async openTask(taskId: string): Promise<void> {
    const task = this.orchestrator?.task(taskId);
    if (!task) {
      this.log.warn(`Asked to open task ${taskId}, which does not exist (deleted in another window?)`);
      void vscode.window.showWarningMessage('That task no longer exists.');
      return;
    }
    this.log.info(`Open task ${taskId} "${task.title}" (status ${task.status})`);
    void vscode.window.showInformationMessage(`“${task.title}”: the task view isn't built yet; coming in a later version of Baton.`);
  }
}
