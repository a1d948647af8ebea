/**
 * The buttons a task panel offers, as data: one entry per user action, in the order they show.
 * Which of them appear is not decided here: the host sends what the lifecycle allows
 * (TaskUiState.actions), and a button shows exactly when its action is allowed. New actions
 * join this list.
 */
import type { UserAction } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';

export interface ActionButton {
  readonly action: UserAction;
  readonly label: string;
  readonly icon: string;
  /** The accessible name (and tooltip): what the click does, to which task. */
  readonly aria: string;
  readonly secondary: boolean;
  /** Opens a form in the panel instead of acting at once. */
  readonly form?: 'continue' | 'delegate' | 'resumeWithMessage';
  /** Pushed to the far end of the bar (Delete). */
  readonly trailing?: boolean;
}

/** The panel's buttons for `task`, in order; the caller keeps those the host allows. */
export function panelButtons(task: TaskRecord): ActionButton[] {
  const outOfBudget = task.status === 'needs_continuation';
  const waiting = task.status === 'delegated';
  return [
    { action: 'stop', label: waiting ? 'Stop all' : 'Stop', icon: 'debug-stop', aria: waiting ? 'Stop the task and its running subtasks' : 'Stop the task', secondary: false },
    { action: 'continue', label: 'Continue…', icon: 'debug-continue', aria: 'Continue with a new budget', secondary: false, form: 'continue' },
    {
      action: 'resume',
      label: waiting ? 'Resume all' : 'Resume',
      icon: outOfBudget ? 'debug-restart' : 'debug-continue',
      aria: waiting ? 'Resume the paused subtasks it waits on' : 'Resume the task',
      secondary: outOfBudget,
    },
    {
      action: 'resumeWithMessage',
      label: 'Resume with a message…',
      icon: 'comment-discussion',
      aria: waiting ? 'Resume its paused subtask with a message' : 'Resume the task with a message',
      secondary: true,
      form: 'resumeWithMessage',
    },
    { action: 'abandon', label: 'Abandon…', icon: 'circle-slash', aria: 'Abandon this subtask (its parent carries on)', secondary: true },
    { action: 'delegate', label: 'Delegate subtask…', icon: 'type-hierarchy-sub', aria: 'Delegate a subtask', secondary: true, form: 'delegate' },
    { action: 'delete', label: 'Delete…', icon: 'trash', aria: 'Delete the task', secondary: true, trailing: true },
  ];
}
