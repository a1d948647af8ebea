/** Turns the flat task map into what the list shows: roots newest first, children nested. */
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

function newestFirst(a: TaskRecord, b: TaskRecord): number {
  return b.createdAt - a.createdAt || a.id.localeCompare(b.id);
}

function oldestFirst(a: TaskRecord, b: TaskRecord): number {
  return a.createdAt - b.createdAt || a.id.localeCompare(b.id);
}
