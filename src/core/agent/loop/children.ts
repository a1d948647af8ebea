/** Finding a task's own subtasks by the ids its model names. */
import type { TaskRecord } from '../../../shared/task';
import type { LoopContext } from './context';

/** The task's children, oldest first. */
export function childrenOf(ctx: LoopContext, task: TaskRecord): TaskRecord[] {
  return task.childIds.flatMap((id) => {
    const child = ctx.deps.getTask(id);
    return child && child.parentId === task.id ? [child] : [];
  });
}

/** `"Title" (id x)` for each child, so the model can correct an id. */
export function listChildren(children: readonly TaskRecord[]): string {
  return children.length === 0 ? 'You have no subtasks.' : `Your subtasks: ${children.map((c) => `"${c.title}" (id ${c.id}, ${c.status})`).join(', ')}.`;
}

/** The named children, or a message naming the ids that are not the task's. */
export function ownChildren(ctx: LoopContext, ids: readonly string[]): TaskRecord[] | string {
  const task = ctx.task();
  const mine = childrenOf(ctx, task);
  const unknown = ids.filter((id) => !mine.some((c) => c.id === id));
  if (unknown.length > 0) return `No subtask of yours has the id ${unknown.map((id) => `"${id}"`).join(', ')}. ${listChildren(mine)}`;
  return ids.map((id) => mine.find((c) => c.id === id)!);
}
