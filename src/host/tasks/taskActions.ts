/**
 * What the user can do to tasks from the host side (the sidebar today, commands later). Each
 * action reports its own failures to the user and the log; callers need not catch.
 */
import * as vscode from 'vscode';
import type { LifecycleCommand, TransitionOk } from '../../core/lifecycle/types';
import type { TaskRecord } from '../../shared/task';
import { errorMessage } from '../errors';
import { defaultTaskWorkspace } from '../workspaceInfo';
import { titleFromGoal } from './titleFromGoal';

/** The part of the task store the actions use. */
export interface TaskCommitter {
  get(id: string): TaskRecord | undefined;
  commit(command: LifecycleCommand): Promise<TransitionOk>;
}

export class TaskActions {
  constructor(
    private readonly store: TaskCommitter | undefined,
    private readonly newId: () => string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Creates a root task for `goal`. No agent runs it yet: that comes with the orchestrator. */
  async createTask(goal: string): Promise<void> {
    if (!this.store) {
      void vscode.window.showErrorMessage('Baton cannot create tasks: its task store did not open. See the Baton log.');
      return;
    }
    const id = this.newId();
    const title = titleFromGoal(goal);
    try {
      await this.store.commit({ type: 'createRoot', id, title, goal, workspace: defaultTaskWorkspace(), now: Date.now() });
      this.log.info(`Created task ${id} "${title}"`);
    } catch (error) {
      this.log.error(`Could not create task "${title}": ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Baton could not create the task: ${errorMessage(error)}`);
    }
  }

  /** Opens a task. The task panel is a later issue; for now this says so. */
  async openTask(taskId: string): Promise<void> {
    const task = this.store?.get(taskId);
    if (!task) {
      this.log.warn(`Asked to open task ${taskId}, which does not exist (deleted in another window?)`);
      void vscode.window.showWarningMessage('That task no longer exists.');
      return;
    }
    this.log.info(`Open task ${taskId} "${task.title}" (status ${task.status})`);
    void vscode.window.showInformationMessage(`“${task.title}”: the task view isn't built yet; coming in a later version of Baton.`);
  }
}
