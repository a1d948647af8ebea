/**
 * A quick pick of tasks: codicon, title, status and parent, this workspace's tasks first.
 * Commands use it when no task panel is active (or its task does not fit the command).
 */
import * as vscode from 'vscode';
import type { TaskRecord } from '../../shared/task';
import { pickGroups, type PickContext } from '../commands/taskPickItems';
import type { TaskLookup } from '../commands/taskLookup';
import type { TaskUiStates } from './taskUiStates';

interface TaskQuickPickItem extends vscode.QuickPickItem {
  taskId?: string;
}

export interface TaskPickOptions {
  /** e.g. "Baton: Stop Task". */
  title: string;
  placeHolder: string;
}

/** Resolves with the picked task, or undefined if the user dismissed the pick. */
export async function pickTask(tasks: readonly TaskRecord[], lookup: TaskLookup, ui: TaskUiStates, options: TaskPickOptions): Promise<TaskRecord | undefined> {
  const ctx: PickContext = {
    lookup,
    stateOf: (id) => ui.get(id),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()),
  };
  const items: TaskQuickPickItem[] = [];
  for (const group of pickGroups(tasks, ctx)) {
    if (group.separator) items.push({ label: group.separator, kind: vscode.QuickPickItemKind.Separator });
    items.push(...group.items);
  }
  const picked = await vscode.window.showQuickPick(items, { ...options, matchOnDescription: true });
  return picked?.taskId ? lookup(picked.taskId) : undefined;
}
