/**
 * Which children a task panel shows side by side, and what of each child's output: pure, so the
 * choice is tested without a page. A child is open to its parent while the parent waits on it,
 * while it still owes its parent an outcome (a background child), or while it runs; a child
 * whose outcome its parent already has shows in the parent's delegation cards instead.
 */
import type { LiveState, TaskUiState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';

export interface ChildCard {
  readonly id: string;
  /** Undefined while its record has not arrived (an awaited child of another window's store). */
  readonly task: TaskRecord | undefined;
  readonly ui: TaskUiState | undefined;
  readonly live: LiveState | undefined;
  /** Its last lines of output (TAIL_LINES at most). */
  readonly tail: string;
  /** Whether its parent waits on it now. */
  readonly awaited: boolean;
}

/** How many lines of a child's output its card shows. */
export const TAIL_LINES = 6;

interface PanelView {
  readonly tasks: Readonly<Record<string, TaskRecord>>;
  readonly ui: Readonly<Record<string, TaskUiState>>;
  readonly live: Readonly<Record<string, LiveState>>;
  readonly tails: Readonly<Record<string, string>>;
}

/** The open children of `task`: the awaited ones in the order it awaits them, then the others in the order it made them. */
export function openChildren(task: TaskRecord, view: PanelView): ChildCard[] {
  const awaited = new Set(task.awaiting.map((a) => a.childId));
  const ids = [...awaited, ...task.childIds.filter((id) => !awaited.has(id) && isOpen(view.tasks[id]))];
  return ids.map((id) => ({
    id,
    task: view.tasks[id],
    ui: view.ui[id],
    live: view.live[id],
    tail: lastLines(view.tails[id] ?? '', TAIL_LINES),
    awaited: awaited.has(id),
  }));
}

function isOpen(child: TaskRecord | undefined): boolean {
  if (!child) return false;
  return child.status === 'active' || child.status === 'delegated' || child.reportTo !== null;
}

/** The last `n` non-empty lines of `text`, trimmed at the end. */
export function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines
    .slice(-n)
    .join('\n')
    .replace(/^\n+/, '');
}
