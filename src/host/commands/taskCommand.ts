/**
 * What the task commands share, so each command file holds only its own step: the orchestrator
 * (or a clear message when the store did not open), the task to act on (given, focused, or
 * picked from the tasks the command applies to), and failures reported without a stack trace.
 */
import * as vscode from 'vscode';
import { LifecycleError } from '../../core/lifecycle';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import type { TaskRecord } from '../../shared/task';
import { errorMessage } from '../errors';
import type { BatonServices } from '../services';
import { pickTask } from '../tasks/taskPicker';
import type { BatonCommand } from './command';
import { taskIdFromArg } from './taskArgument';
import { tasksFor, unavailableReason, type TaskAction, type TaskLookup } from './taskAvailability';

export interface TaskCommandContext {
  readonly services: BatonServices;
  readonly orchestrator: Orchestrator;
  readonly lookup: TaskLookup;
}

export interface TaskChoice {
  readonly action: TaskAction;
  /** Quick pick and dialog title, e.g. "Baton: Stop Task". */
  readonly title: string;
  /** e.g. "Which task should stop?" */
  readonly placeHolder: string;
  /** Said when no task applies, e.g. "No task is running." */
  readonly noneApplies: string;
  /** False: always ask (Open Task: the focused task is the one already in view). */
  readonly useFocus?: boolean;
}

export interface TaskCommandSpec extends TaskChoice {
  readonly id: string;
  perform(task: TaskRecord, ctx: TaskCommandContext): Promise<void>;
}

/** A command acting on one task, chosen as {@link chooseTask} does. */
export function taskCommand(spec: TaskCommandSpec): BatonCommand {
  return {
    id: spec.id,
    async run(services, arg) {
      const ctx = taskContext(services);
      if (!ctx) return;
      const task = await chooseTask(spec, ctx, arg);
      if (task) await reportFailures(services.log, spec.title, () => spec.perform(task, ctx));
    },
  };
}

/** The orchestrator and a lookup, or undefined (the user is told) when the store did not open. */
export function taskContext(services: BatonServices): TaskCommandContext | undefined {
  const orchestrator = services.orchestrator;
  if (!orchestrator) {
    void vscode.window.showErrorMessage('Baton cannot work on tasks: its task store did not open. See the Baton log.', 'Show Log').then((choice) => {
      if (choice) services.log.show();
    });
    return undefined;
  }
  return { services, orchestrator, lookup: (id) => orchestrator.task(id) };
}

/**
 * The task to act on: the one passed (a button or menu on a task), else the focused task if the
 * action applies to it (and the command uses the focus), else a quick pick of the tasks it
 * applies to. A task it does not apply to gets a message saying why, never a silent no-op.
 */
export async function chooseTask(choice: TaskChoice, ctx: TaskCommandContext, arg: unknown): Promise<TaskRecord | undefined> {
  const { lookup } = ctx;
  const givenId = taskIdFromArg(arg);
  if (givenId) {
    const task = lookup(givenId);
    if (!task) {
      void vscode.window.showWarningMessage('That task no longer exists; it was deleted, perhaps in another window.');
      return undefined;
    }
    const reason = unavailableReason(choice.action, task, lookup);
    if (reason) void vscode.window.showInformationMessage(reason);
    return reason ? undefined : task;
  }
  const focusedId = choice.useFocus === false ? undefined : ctx.services.focus.get();
  const focused = focusedId ? lookup(focusedId) : undefined;
  const focusedReason = focused ? unavailableReason(choice.action, focused, lookup) : undefined;
  if (focused && !focusedReason) return focused;
  const candidates = tasksFor(choice.action, ctx.services.store?.list() ?? [], lookup);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(focusedReason ?? choice.noneApplies);
    return undefined;
  }
  return pickTask(candidates, lookup, {
    title: choice.title,
    placeHolder: focusedReason ? `${focusedReason} Pick another task.` : choice.placeHolder,
  });
}

/**
 * Runs `work`; a lifecycle refusal (the task changed meanwhile, or a rule the checks above do
 * not cover) is shown as it is worded, anything else as one line with the details in the log.
 */
export async function reportFailures(log: vscode.LogOutputChannel, title: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof LifecycleError) {
      log.warn(`${title}: refused (${error.code}): ${error.message}`);
      void vscode.window.showWarningMessage(error.message);
      return;
    }
    log.error(`${title} failed:`, error);
    const choice = await vscode.window.showErrorMessage(`${title} failed: ${errorMessage(error)}`, 'Show Log');
    if (choice) log.show();
  }
}

/** Runs `work` under a progress indicator: a notification for slow steps, the status bar for quick ones. */
export function withProgress<T>(title: string, work: () => Promise<T>, where: 'notification' | 'window' = 'window'): Promise<T> {
  const location = where === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
  return Promise.resolve(vscode.window.withProgress({ location, title }, work));
}

/** A short confirmation in the status bar; the sidebar and panel show the new state. */
export function confirmDone(message: string): void {
  vscode.window.setStatusBarMessage(`$(check) ${message}`, 4_000);
}

/** “title”, for messages. */
export function quoted(task: TaskRecord): string {
  return `“${task.title}”`;
}
