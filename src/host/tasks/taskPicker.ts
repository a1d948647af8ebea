/**
 * A quick pick of tasks: codicon, title, status and parent, this workspace's tasks first.
 * Commands use it when no task is focused (or the focused one does not fit).
 */
import * as vscode from 'vscode';
import type { TaskRecord } from '../../shared/task';
import { pickGroups, type PickContext } from '../commands/taskPickItems';
import { orchestratorSettings } from '../runtime/settings';
import type { TaskLookup } from '../commands/taskAvailability';

interface TaskQuickPickItem extends vscode.QuickPickItem {
  taskId?: string;
}

export interface TaskPickOptions {
  /** e.g. "Baton: Stop Task". */
  title: string;
  placeHolder: string;
}

/** Resolves with the picked task, or undefined if the user dismissed the pick. */
export async function pickTask(tasks: readonly TaskRecord[], lookup: TaskLookup, options: TaskPickOptions): Promise<TaskRecord | undefined> {
  const ctx: PickContext = {
    lookup,
    now: Date.now(),
    leaseTtlMs: orchestratorSettings().leaseTtlMs,
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
