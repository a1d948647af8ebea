/**
 * What a task quick pick shows, as plain data (no `vscode`, so it is unit-tested): each task's
 * codicon, title and status, its parent for a subtask, grouped into this workspace's tasks
 * first and then the others, newest first within each group.
 */
import type { TaskRecord } from '../../shared/task';
import { isRunning, type TaskLookup } from './taskAvailability';

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
  readonly now: number;
  readonly leaseTtlMs: number;
  /** Workspace folder URIs of this window; a task of none of them goes under "Other workspaces". */
  readonly workspaceFolders: readonly string[];
}

/** A status as a label and codicon, matching the sidebar's words. */
export function presentStatus(task: TaskRecord, now: number, leaseTtlMs: number): { label: string; icon: string } {
  switch (task.status) {
    case 'active':
      if (task.awaitingUser) return { label: 'Waiting for you', icon: 'comment-discussion' };
      return isRunning(task, now, leaseTtlMs) ? { label: 'Running', icon: 'sync~spin' } : { label: 'Active', icon: 'circle-large-outline' };
    case 'delegated':
      return { label: 'Waiting on subtask', icon: 'type-hierarchy-sub' };
    case 'interrupted':
      return { label: 'Interrupted', icon: 'debug-pause' };
    case 'needs_continuation':
      return { label: 'Needs continuation', icon: 'watch' };
    case 'failed':
      return { label: 'Failed', icon: 'error' };
    case 'completed':
      return { label: 'Completed', icon: 'pass' };
    case 'abandoned':
      return { label: 'Abandoned', icon: 'circle-slash' };
  }
}

export function pickItem(task: TaskRecord, ctx: PickContext): TaskPickItem {
  const status = presentStatus(task, ctx.now, ctx.leaseTtlMs);
  const parent = task.parentId ? ctx.lookup(task.parentId) : undefined;
  const description = parent ? `${status.label} · subtask of “${parent.title}”` : status.label;
  // `$(` in a title would be read as a codicon; a zero-width joiner keeps it literal.
  return { taskId: task.id, label: `$(${status.icon}) ${task.title.replace(/\$\(/g, '$\u200d(')}`, description };
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
