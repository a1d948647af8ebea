/** What Stop says it did, as plain data (no `vscode`, so it is unit-tested). */
import type { TaskRecord } from '../../shared/task';
import type { TaskLookup } from './taskLookup';

/** How many of `runningIds` are under `task` (Stop interrupts them all with it). */
export function runningBelow(task: TaskRecord, runningIds: readonly string[], lookup: TaskLookup): number {
  const descends = (id: string) => {
    for (let t = lookup(id); t?.parentId; t = lookup(t.parentId)) if (t.parentId === task.id) return true;
    return false;
  };
  return runningIds.filter((id) => id !== task.id && descends(id)).length;
}

/** The subtasks Stop stopped with the task, and (invariant 3) that a subtask's parent keeps waiting. */
export function stoppedWords(task: TaskRecord, below: number): string {
  const name = `“${task.title}”`;
  const what = below === 0 ? name : `${name} and ${below === 1 ? 'its running subtask' : `its ${below} running subtasks`}`;
  // A task waiting for the user's answer stops asking; Resume sets it going without the answer.
  const asked = task.status === 'active' && task.awaitingUser ? ': it no longer waits for your answer, and Resume sets it going again' : '';
  return task.parentId ? `Stopped ${what}${asked}; its parent keeps waiting for it.` : `Stopped ${what}${asked}.`;
}
