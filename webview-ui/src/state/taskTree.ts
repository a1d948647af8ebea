/** Turns the flat task map into what the sidebar shows: roots newest first, children nested, filtered. */
import type { TaskFilter, WorkspaceInfo } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';

export interface TaskNode {
  readonly task: TaskRecord;
  /** In the order the parent delegated them (a batch's children in the order it listed them). */
  readonly children: readonly TaskNode[];
}

/**
 * A subtask its parent does not wait on but that still owes it an outcome: started with
 * `wait: false`, or set going again after it reported (its parent hears it at a turn boundary).
 */
export function runsInBackground(task: TaskRecord, parent: TaskRecord | undefined): boolean {
  return parent !== undefined && task.reportTo !== null && !parent.awaiting.some((a) => a.childId === task.id);
}

export function buildTaskTree(tasks: Readonly<Record<string, TaskRecord>>): TaskNode[] {
  const childrenOf = new Map<string, TaskRecord[]>();
  const roots: TaskRecord[] = [];
  for (const task of Object.values(tasks)) {
    // A child whose parent is missing (deleted, or quarantined by the store) is shown as a
    // root rather than hidden.
    if (task.parentId !== null && task.parentId !== task.id && tasks[task.parentId]) {
      const siblings = childrenOf.get(task.parentId) ?? [];
      siblings.push(task);
      childrenOf.set(task.parentId, siblings);
    } else {
      roots.push(task);
    }
  }

  const visited = new Set<string>();
  const toNode = (task: TaskRecord): TaskNode => {
    visited.add(task.id);
    // A batch's children share a creation time: the parent's own list says their order.
    const order = new Map(task.childIds.map((id, i) => [id, i]));
    const children = (childrenOf.get(task.id) ?? [])
      .filter((child) => !visited.has(child.id))
      .sort((a, b) => oldestFirst(a, b, order))
      .map(toNode);
    return { task, children };
  };
  const tree = roots.sort(newestFirst).map(toNode);

  // Records whose parent links form a cycle are reachable from no root; list them rather than
  // lose them.
  const stranded = Object.values(tasks).filter((task) => !visited.has(task.id));
  for (const task of stranded.sort(newestFirst)) {
    if (!visited.has(task.id)) tree.push(toNode(task));
  }
  return tree;
}

/** Whether a root task belongs to the open workspace (no folder open: tasks without one). */
export function inWorkspace(task: TaskRecord, workspace: WorkspaceInfo | null): boolean {
  const folders = workspace?.folders ?? [];
  return folders.length === 0 ? task.workspace === null : task.workspace !== null && folders.includes(task.workspace);
}

export interface FilteredTree {
  readonly nodes: TaskNode[];
  /** Root tasks hidden because they belong to other workspaces. */
  readonly elsewhere: number;
}

/**
 * Roots of other workspaces go unless `showAll`; with a query, a task stays when it or a
 * descendant matches (so a match keeps its ancestors for context).
 */
export function filterTree(tree: readonly TaskNode[], filter: TaskFilter, workspace: WorkspaceInfo | null): FilteredTree {
  const local = filter.showAll ? [...tree] : tree.filter((n) => inWorkspace(n.task, workspace));
  const elsewhere = tree.length - local.length;
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { nodes: local, elsewhere };
  const matches = (t: TaskRecord) => {
    const text = `${t.title}\n${t.goal}`.toLowerCase();
    return words.every((w) => text.includes(w));
  };
  const prune = (node: TaskNode): TaskNode | null => {
    const children = node.children.map(prune).filter((c): c is TaskNode => c !== null);
    return matches(node.task) || children.length > 0 ? { task: node.task, children } : null;
  };
  return { nodes: local.map(prune).filter((n): n is TaskNode => n !== null), elsewhere };
}

function newestFirst(a: TaskRecord, b: TaskRecord): number {
  return b.createdAt - a.createdAt || a.id.localeCompare(b.id);
}

function oldestFirst(a: TaskRecord, b: TaskRecord, order: ReadonlyMap<string, number>): number {
  const rank = (t: TaskRecord) => order.get(t.id) ?? Number.MAX_SAFE_INTEGER;
  return a.createdAt - b.createdAt || rank(a) - rank(b) || a.id.localeCompare(b.id);
}
