/** Turns the flat task map into what the sidebar shows: roots newest first, children nested, filtered. */
import type { TaskFilter, WorkspaceInfo } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';

export interface TaskNode {
  readonly task: TaskRecord;
  /** Oldest first: the order the parent delegated them. */
  readonly children: readonly TaskNode[];
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
    const children = (childrenOf.get(task.id) ?? [])
      .filter((child) => !visited.has(child.id))
      .sort(oldestFirst)
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

function oldestFirst(a: TaskRecord, b: TaskRecord): number {
  return a.createdAt - b.createdAt || a.id.localeCompare(b.id);
}
