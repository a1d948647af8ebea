/**
 * What deleting a task takes with it, in words for the confirmation dialog: its subtasks, any
 * of them still running, and the parent still owed its outcome (invariant 9: that parent is
 * told the subtask was deleted, with its partial work). Pure, for unit tests.
 */
import type { TaskRecord } from '../../shared/task';
import type { TaskLookup } from './taskLookup';

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
  if (parent && parent.awaiting.some((e) => e.childId === task.id)) {
    lines.push(`“${parent.title}” is waiting on it: it is told the subtask was deleted, gets its partial work, and carries on.`);
  } else if (parent && task.reportTo) {
    lines.push(`“${parent.title}” is told the subtask was deleted, and gets its partial work.`);
  }
  lines.push(subtasks > 0 ? 'Their transcripts go too.' : 'Its transcript goes too.');
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
