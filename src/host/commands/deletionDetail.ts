/**
 * What deleting a task takes with it, in words for the confirmation dialog: its subtasks, any
 * of them still running, and the parent that was waiting on it (invariant 9: that parent is
 * told the subtask was abandoned). Pure, for unit tests.
 */
import type { TaskRecord } from '../../shared/task';
import type { TaskLookup } from './taskAvailability';

export function deletionDetail(task: TaskRecord, lookup: TaskLookup): string {
  const subtree = collectSubtree(task, lookup);
  const subtasks = subtree.length - 1;
  const running = subtree.filter((t) => t.status === 'active' && t.awaitingUser === null).length;
  const lines: string[] = [];
  if (subtasks > 0) lines.push(`Its ${subtasks === 1 ? 'subtask is' : `${subtasks} subtasks are`} deleted with it.`);
  if (running > 0) {
    lines.push(running === 1 && task.status === 'active' ? 'It is running and will be stopped.' : `${running} running ${running === 1 ? 'task is' : 'tasks are'} stopped.`);
  }
  const parent = task.parentId ? lookup(task.parentId) : undefined;
  if (parent && parent.awaitingChildId === task.id) {
    lines.push(`“${parent.title}” is waiting on it: it is told the subtask was abandoned, and carries on.`);
  }
  lines.push('Its transcript is deleted too. This cannot be undone.');
  return lines.join(' ');
}

function collectSubtree(task: TaskRecord, lookup: TaskLookup): TaskRecord[] {
  const out: TaskRecord[] = [];
  const seen = new Set<string>();
  const visit = (t: TaskRecord) => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    out.push(t);
    for (const id of t.childIds) {
      const child = lookup(id);
      if (child) visit(child);
    }
  };
  visit(task);
  return out;
}
