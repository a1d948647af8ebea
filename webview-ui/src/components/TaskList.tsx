/** The task list: roots newest first, each child nested under its parent. */
import { useMemo, type CSSProperties, type KeyboardEvent } from 'react';
import type { TaskRecord } from '../../../src/shared/task';
import { buildTaskTree, type TaskNode } from '../state/taskTree';
import { presentStatus } from '../state/taskStatus';

interface TaskListProps {
  tasks: Readonly<Record<string, TaskRecord>>;
  onOpen: (taskId: string) => void;
}

export function TaskList({ tasks, onOpen }: TaskListProps) {
  const tree = useMemo(() => buildTaskTree(tasks), [tasks]);

  if (tree.length === 0) {
    return (
      <div className="empty-state" role="status">
        <span className="codicon codicon-list-tree empty-state-icon" aria-hidden="true" />
        <p className="empty-state-title">No tasks yet</p>
        <p className="empty-state-hint">Describe what you want done above and press Enter.</p>
      </div>
    );
  }

  return (
    <ul className="task-list" aria-label="Tasks" onKeyDown={moveFocusWithArrows}>
      {tree.map((node) => (
        <TaskItem key={node.task.id} node={node} depth={0} onOpen={onOpen} />
      ))}
    </ul>
  );
}

function TaskItem({ node, depth, onOpen }: { node: TaskNode; depth: number; onOpen: (taskId: string) => void }) {
  const { task, children } = node;
  const status = presentStatus(task);
  const title = task.title.trim() || 'Untitled task';
  const iconClass = `codicon codicon-${status.icon} status-icon tone-${status.tone}${status.spin ? ' codicon-modifier-spin' : ''}`;
  // Set through the CSSOM by React, which the CSP allows (unlike a style attribute in markup).
  const indent = { '--depth': depth } as CSSProperties;

  return (
    <li className="task-item">
      <button
        type="button"
        className="task-row"
        style={indent}
        data-task-row=""
        aria-label={`${title}, ${status.label}${depth > 0 ? ', subtask' : ''}`}
        title={task.goal.trim() === title ? title : `${title}\n\n${task.goal}`}
        onClick={() => onOpen(task.id)}
      >
        <span className={iconClass} aria-hidden="true" />
        <span className="task-title">{title}</span>
        <span className={`task-status tone-${status.tone}`} aria-hidden="true">
          {status.label}
        </span>
      </button>
      {children.length > 0 && (
        <ul className="task-children" aria-label={`Subtasks of ${title}`}>
          {children.map((child) => (
            <TaskItem key={child.task.id} node={child} depth={depth + 1} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Up/Down/Home/End move between rows, as in VS Code's own trees; Tab still leaves the list. */
function moveFocusWithArrows(event: KeyboardEvent<HTMLUListElement>) {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const rows = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('[data-task-row]'));
  const current = rows.indexOf(document.activeElement as HTMLButtonElement);
  const last = rows.length - 1;
  const next =
    event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'ArrowDown' ? Math.min(current + 1, last) : Math.max(current - 1, 0);
  rows[next]?.focus();
  event.preventDefault();
}
