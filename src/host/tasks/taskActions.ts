/**
 * What the user can do to tasks from the sidebar, the task panels (and commands): create, open,
 * Stop, Resume, Continue, Abandon, Delete, Delegate, follow up. Each action reports its own
 * failure to the user (the lifecycle's messages are written for people) and to the log;
 * callers need not catch.
 */
import * as vscode from 'vscode';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import type { Budget, TaskRecord } from '../../shared/task';
import { errorMessage } from '../errors';
import { modelRoute } from '../runtime/settings';
import { defaultTaskWorkspace } from '../workspaceInfo';
import { offerTaskFolder } from './folderOffer';
import { titleFromGoal } from './titleFromGoal';

export interface TaskActionsDeps {
  readonly orchestrator: Orchestrator | undefined;
  readonly log: vscode.LogOutputChannel;
  /** Opens (or reveals) a task's panel. */
  open(taskId: string, options?: { preserveFocus?: boolean }): Promise<void>;
}

const NO_STORE = 'Baton cannot run tasks: its task store did not open. See the Baton log.';

export class TaskActions {
  constructor(private readonly deps: TaskActionsDeps) {}

  /** Creates a root task for `goal`, starts its agent and shows its panel beside the sidebar. */
  async createTask(goal: string): Promise<TaskRecord | undefined> {
    const title = titleFromGoal(goal);
    const task = await this.attempt(`create the task “${title}”`, (o) =>
      o.createTask({ goal, title, modelRoute: modelRoute(), workspace: defaultTaskWorkspace() }),
    );
    if (task) {
      this.deps.log.info(`Created task ${task.id} "${title}" on ${task.modelRoute?.provider}/${task.modelRoute?.model}`);
      await this.deps.open(task.id, { preserveFocus: true });
    }
    return task;
  }

  async open(taskId: string): Promise<void> {
    if (!this.existing(taskId)) return;
    await this.deps.open(taskId);
  }

  async stop(taskId: string): Promise<void> {
    const task = this.existing(taskId);
    if (task) await this.attempt(`stop “${task.title}”`, (o) => o.stop(taskId));
  }

  async resume(taskId: string): Promise<void> {
    const task = this.existing(taskId);
    if (task) await this.attempt(`resume “${task.title}”`, (o) => o.resume(taskId));
  }

  /** Resume with a new budget (a task that ran out of one, or any resumable task). */
  async continueWith(taskId: string, budget: Budget): Promise<void> {
    const task = this.existing(taskId);
    if (task) await this.attempt(`continue “${task.title}”`, (o) => o.resume(taskId, budget));
  }

  async abandon(taskId: string): Promise<void> {
    const task = this.existing(taskId);
    if (task) await this.attempt(`abandon “${task.title}”`, (o) => o.abandon(taskId));
  }

  /** Deletes a task and its subtasks after a modal confirmation. */
  async delete(taskId: string): Promise<boolean> {
    const task = this.existing(taskId);
    if (!task) return false;
    const subtasks = countDescendants(task, (id) => this.deps.orchestrator?.task(id));
    const detail = [
      subtasks > 0 ? `Its ${subtasks === 1 ? 'subtask' : `${subtasks} subtasks`} and all transcripts go too.` : 'Its transcript goes too.',
      task.reportTo !== null ? 'Its parent is told the subtask was deleted, and gets its partial work.' : '',
      'This cannot be undone.',
    ]
      .filter(Boolean)
      .join(' ');
    const choice = await vscode.window.showWarningMessage(`Delete the task “${task.title}”?`, { modal: true, detail }, 'Delete');
    if (choice !== 'Delete') return false;
    const done = await this.attempt(`delete “${task.title}”`, (o) => o.delete(taskId));
    if (done) this.deps.log.info(`Deleted task ${taskId} "${task.title}" and ${subtasks} subtask(s)`);
    return done !== undefined;
  }

  /** Delegates a subtask of `parentId`; asks for the goal when none is given. */
  async delegate(parentId: string, goal?: string, context?: string): Promise<TaskRecord | undefined> {
    const parent = this.existing(parentId);
    if (!parent) return undefined;
    goal ??= await vscode.window.showInputBox({
      title: `Delegate a subtask of “${parent.title}”`,
      prompt: 'What should the subtask do? Its result goes back to this task, which waits for it.',
      placeHolder: 'e.g. Write unit tests for the parser',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'Describe the subtask.'),
    });
    if (!goal?.trim()) return undefined;
    const text = goal.trim();
    const child = await this.attempt(`delegate from “${parent.title}”`, (o) =>
      o.delegate(parentId, { goal: text, title: titleFromGoal(text), context: context ?? '' }),
    );
    if (child) this.deps.log.info(`Delegated ${child.id} "${child.title}" from ${parentId}`);
    return child;
  }

  /** A follow-up message to a root task, or its answer to the task's question. */
  async followUp(taskId: string, text: string): Promise<void> {
    const task = this.existing(taskId);
    if (task) await this.attempt(`send the message to “${task.title}”`, (o) => o.followUp(taskId, text));
  }

  private existing(taskId: string): TaskRecord | undefined {
    if (!this.deps.orchestrator) {
      void vscode.window.showErrorMessage(NO_STORE);
      return undefined;
    }
    const task = this.deps.orchestrator.task(taskId);
    if (!task) {
      this.deps.log.warn(`Asked to act on task ${taskId}, which does not exist (deleted in another window?)`);
      void vscode.window.showWarningMessage('That task no longer exists.');
    }
    return task;
  }

  /** Runs `work`; on failure tells the user why (the lifecycle's message) and logs it. */
  private async attempt<T>(what: string, work: (orchestrator: Orchestrator) => Promise<T>): Promise<T | undefined> {
    const orchestrator = this.deps.orchestrator;
    if (!orchestrator) {
      void vscode.window.showErrorMessage(NO_STORE);
      return undefined;
    }
    try {
      return await work(orchestrator);
    } catch (error) {
      if (offerTaskFolder(error, this.deps.log)) return undefined;
      this.deps.log.warn(`Could not ${what}: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Baton could not ${what}: ${errorMessage(error)}`);
      return undefined;
    }
  }
}

function countDescendants(task: TaskRecord, get: (id: string) => TaskRecord | undefined): number {
  let count = 0;
  const stack = [...task.childIds];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    count++;
    stack.push(...(get(id)?.childIds ?? []));
  }
  return count;
}
