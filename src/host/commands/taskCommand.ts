/**
 * What the task commands share, so each command file holds only its own step, and so a button
 * in a webview, a context menu, a notification and the palette all take one path: which task
 * (given, the active Baton panel's, or picked from the tasks the action applies to, as the
 * lifecycle's authority says), confirmation, refusals worded as the lifecycle words them and
 * shown as information, and errors shown once with the log a click away.
 */
import * as vscode from 'vscode';
import { LifecycleError } from '../../core/lifecycle';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import type { UserAction } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import { errorMessage } from '../errors';
import type { BatonServices } from '../services';
import { offerTaskFolder } from '../tasks/folderOffer';
import { pickTask } from '../tasks/taskPicker';
import type { TaskUiStates } from '../tasks/taskUiStates';
import { commandArgs, type CommandArgs } from './commandArgs';
import type { BatonCommand } from './command';
import { taskIdFromArg } from './taskArgument';
import type { TaskLookup } from './taskLookup';

export interface TaskCommandContext {
  readonly services: BatonServices;
  readonly orchestrator: Orchestrator;
  readonly ui: TaskUiStates;
  readonly lookup: TaskLookup;
}

export interface TaskChoice {
  readonly action: UserAction;
  /** Quick pick and dialog title, e.g. "Baton: Stop Task". */
  readonly title: string;
  /** e.g. "Which task should stop?" */
  readonly placeHolder: string;
  /** Said when no task applies, e.g. "No task is running." */
  readonly noneApplies: string;
  /** False: always ask (Open Task: the task in the active panel is the one already in view). */
  readonly useFocus?: boolean;
}

export interface TaskCommandSpec extends TaskChoice {
  readonly id: string;
  perform(task: TaskRecord, ctx: TaskCommandContext, args: CommandArgs): Promise<void>;
}

/** A command acting on one task, chosen as {@link chooseTask} does. */
export function taskCommand(spec: TaskCommandSpec): BatonCommand {
  return {
    id: spec.id,
    async run(services, arg) {
      const ctx = taskContext(services);
      if (!ctx) return;
      const task = await chooseTask(spec, ctx, arg);
      if (!task) return;
      await reportFailures(services.log, spec.title, async () => {
        // What the user was shown assumed leases nobody holds are released: commit that first.
        await ctx.ui.releaseDead(task.id);
        await spec.perform(task, ctx, commandArgs(arg));
      });
    },
  };
}

/** The orchestrator and the task states, or undefined (the user is told) when the store did not open. */
export function taskContext(services: BatonServices): TaskCommandContext | undefined {
  const { orchestrator, ui } = services;
  if (!orchestrator || !ui) {
    void vscode.window.showErrorMessage('Baton cannot work on tasks: its task store did not open. See the Baton log.', 'Show Log').then((choice) => {
      if (choice) services.log.show();
    });
    return undefined;
  }
  return { services, orchestrator, ui, lookup: (id) => orchestrator.task(id) };
}

/**
 * The task to act on: the one passed (a button, a menu, a notification), else the active Baton
 * panel's task if the action applies to it (and the command uses it), else a quick pick of the
 * tasks it applies to. A task it does not apply to gets the reason, never a silent no-op.
 */
export async function chooseTask(choice: TaskChoice, ctx: TaskCommandContext, arg: unknown): Promise<TaskRecord | undefined> {
  const { lookup, ui, services } = ctx;
  const givenId = taskIdFromArg(arg);
  if (givenId) {
    const task = lookup(givenId);
    if (!task) {
      void vscode.window.showInformationMessage('That task no longer exists; it was deleted, perhaps in another window.');
      return undefined;
    }
    // A task panel's context menu acts on that panel's tree only (as its buttons do).
    if (commandArgs(arg).webview === 'baton.task' && !services.panels.activePanelHolds(task.id)) {
      services.log.warn(`${choice.title}: refused task ${task.id} from a task panel's menu: it is outside that panel's tree`);
      return undefined;
    }
    const state = ui.check(task.id, choice.action);
    if (!state.allowed) void vscode.window.showInformationMessage(state.reason);
    return state.allowed ? task : undefined;
  }
  const focusedId = choice.useFocus === false ? undefined : services.focus.get();
  const focused = focusedId ? lookup(focusedId) : undefined;
  const focusedState = focused ? ui.check(focused.id, choice.action) : undefined;
  if (focused && focusedState?.allowed) return focused;
  const focusedReason = focusedState && !focusedState.allowed ? focusedState.reason : undefined;
  const candidates = ui.applicable(choice.action).flatMap((id) => lookup(id) ?? []);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(focusedReason ?? choice.noneApplies);
    return undefined;
  }
  return pickTask(candidates, lookup, ui, {
    title: choice.title,
    placeHolder: focusedReason ? `${focusedReason} Pick another task.` : choice.placeHolder,
  });
}

/**
 * Runs `work`. A lifecycle refusal (the task changed since it was offered) is information, shown
 * as the lifecycle words it; anything else is an error, shown once, with the details in the log.
 */
export async function reportFailures(log: vscode.LogOutputChannel, title: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (offerTaskFolder(error, log)) return;
    if (error instanceof LifecycleError) {
      log.info(`${title}: refused (${error.code}): ${error.message}`);
      void vscode.window.showInformationMessage(error.message);
      return;
    }
    log.error(`${title} failed:`, error);
    const choice = await vscode.window.showErrorMessage(`${title} failed: ${errorMessage(error)}`, 'Show Log');
    if (choice) log.show();
  }
}

export interface Confirmation {
  /** e.g. "Delete “Write the docs”?" */
  readonly question: string;
  /** What happens, in a sentence (a quick pick shows one line of it). */
  readonly detail: string;
  /** The destructive choice, e.g. "Delete". */
  readonly confirm: string;
  /** Said beside the choice, e.g. "cannot be undone". */
  readonly consequence: string;
}

/**
 * Asks before something that cannot be undone. Cancel is the default: a quick pick with Cancel
 * first (VS Code's modal dialogs always make the first action the default button, so a stray
 * Enter would delete), and Escape cancels too.
 */
export async function confirm(c: Confirmation): Promise<boolean> {
  interface Choice extends vscode.QuickPickItem {
    ok: boolean;
  }
  const items: Choice[] = [
    { label: '$(close) Cancel', description: 'keep it as it is', ok: false },
    { label: `$(warning) ${c.confirm}`, description: c.consequence, detail: c.detail, ok: true },
  ];
  const placeHolder = `Cancel is selected: pick “${c.confirm}” to go ahead.`;
  const picked = await vscode.window.showQuickPick(items, { title: c.question, placeHolder, ignoreFocusOut: true });
  return picked?.ok === true;
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
