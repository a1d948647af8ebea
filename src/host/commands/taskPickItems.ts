/**
 * What a task quick pick shows, as plain data (no `vscode`, so it is unit-tested): each task's
 * codicon, title and status (the words the sidebar uses: src/shared/taskStatus.ts), its parent for a subtask, grouped into this workspace's tasks
 * first and then the others, newest first within each group.
 */
import type { TaskUiState } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import { presentStatus } from '../../shared/taskStatus';
import type { TaskLookup } from './taskLookup';

export interface TaskPickItem {
  readonly taskId: string;
  /** `$(codicon) title`. */
  readonly label: string;
  /** Status, and the parent of a subtask. */
  readonly description: string;
}

export interface TaskPickGroup {
  /** Undefined for this workspace's group (no separator). */
  readonly separator: string | undefined;
  readonly items: readonly TaskPickItem[];
}

export interface PickContext {
  readonly lookup: TaskLookup;
  /** How each task stands now (running, waiting for the user), as the sidebar shows it. */
  readonly stateOf: (taskId: string) => TaskUiState | undefined;
  /** Workspace folder URIs of this window; a task of none of them goes under "Other workspaces". */
  readonly workspaceFolders: readonly string[];
}

/** Quick pick icons do not spin unless asked to. */
function codicon(icon: string, spin: boolean): string {
  return spin ? `${icon}~spin` : icon;
}

export function pickItem(task: TaskRecord, ctx: PickContext): TaskPickItem {
  const status = presentStatus(task, ctx.stateOf(task.id));
  const parent = task.parentId ? ctx.lookup(task.parentId) : undefined;
  const description = parent ? `${status.label} · subtask of “${parent.title}”` : status.label;
  // `$(` in a title would be read as a codicon; a zero-width joiner keeps it literal.
  return { taskId: task.id, label: `$(${codicon(status.icon, status.spin)}) ${task.title.replace(/\$\(/g, '$\u200d(')}`, description };
}

export function pickGroups(tasks: readonly TaskRecord[], ctx: PickContext): TaskPickGroup[] {
  const newestFirst = [...tasks].sort((a, b) => b.createdAt - a.createdAt);
  const here = (task: TaskRecord) => task.workspace === null || ctx.workspaceFolders.length === 0 || ctx.workspaceFolders.includes(task.workspace);
  const local = newestFirst.filter(here);
  const other = newestFirst.filter((task) => !here(task));
  const groups: TaskPickGroup[] = [];
  if (local.length) groups.push({ separator: undefined, items: local.map((t) => pickItem(t, ctx)) });
  if (other.length) groups.push({ separator: 'Other workspaces', items: other.map((t) => pickItem(t, ctx)) });
  return groups;
}
