/**
 * How a task's status reads, everywhere (the sidebar, the panels, the quick picks): a label, a
 * codicon and a colour tone, from its record and what the host says of it now (TaskUiState:
 * whether it runs, whether it or a subtask waits for the user) plus its live state. One copy,
 * so the words cannot drift between the host and the webview.
 */
import type { LiveState, TaskUiState } from './protocol';
import type { TaskRecord } from './task';

export type StatusTone = 'neutral' | 'running' | 'waiting' | 'attention' | 'warning' | 'error' | 'success' | 'muted';

export interface StatusPresentation {
  readonly label: string;
  /** A codicon name, without the `codicon-` prefix. */
  readonly icon: string;
  readonly tone: StatusTone;
  /** Whether the icon spins (only while the task runs). */
  readonly spin: boolean;
  /** A longer explanation for tooltips and screen readers, when the label is not enough. */
  readonly detail?: string;
}

/** `ui` is what the host says of the task now; `now` only matters for a retry's countdown. */
export function presentStatus(task: TaskRecord, ui: Pick<TaskUiState, 'running' | 'attention'> | undefined, live?: LiveState, now = Date.now()): StatusPresentation {
  const attention = ui?.attention;
  if (attention && attention.taskId === task.id) {
    return attention.kind === 'approval'
      ? { label: 'Needs your approval', icon: 'shield', tone: 'attention', spin: false, detail: 'It waits for you to allow or deny a write or a command.' }
      : { label: 'Waiting for your answer', icon: 'comment-discussion', tone: 'attention', spin: false, detail: task.awaitingUser?.question ?? 'It asked you a question.' };
  }
  if (attention) {
    const what = attention.kind === 'approval' ? 'approval' : 'answer';
    return { label: `Subtask needs your ${what}`, icon: 'bell-dot', tone: 'attention', spin: false, detail: `Its subtask “${attention.title}” waits for your ${what}.` };
  }
  // "Running" is not a status: it is a live lease held by some window's extension host.
  const running = ui ? ui.running : task.status === 'active' && task.awaitingUser === null && task.lease !== null;
  switch (task.status) {
    case 'active':
      // A queued subtask holds its lease but waits for a free slot (`baton.maxConcurrentChildren`).
      if (live?.kind === 'queued' && task.awaitingUser === null) {
        return {
          label: 'Queued',
          icon: 'clock',
          tone: 'waiting',
          spin: false,
          detail: `Waiting for a free slot (number ${live.position} in line); it starts when a running subtask ends.`,
        };
      }
      if (running && live?.kind === 'retrying') {
        const wait = Math.max(0, Math.ceil((live.at + live.waitMs - now) / 1000));
        return {
          label: `Retrying ${live.attempt + 1}/${live.maxAttempts}${wait > 0 ? ` in ${wait}s` : ''}`,
          icon: 'sync',
          tone: 'warning',
          spin: wait === 0,
          detail: `The model call failed (${live.reason}); attempt ${live.attempt + 1} of ${live.maxAttempts}${wait > 0 ? ` starts in ${wait} s` : ' is starting'}.`,
        };
      }
      if (running && live?.kind === 'stalled') {
        return {
          label: 'Stalled',
          icon: 'warning',
          tone: 'warning',
          spin: false,
          detail: `No output from the model for ${Math.round(live.sinceMs / 1000)} s; it pauses at the response timeout.`,
        };
      }
      if (running) return { label: 'Running', icon: 'loading', tone: 'running', spin: true };
      if (task.awaitingUser !== null) {
        return { label: 'Waiting for your answer', icon: 'comment-discussion', tone: 'attention', spin: false, detail: task.awaitingUser.question };
      }
      return { label: 'Not running', icon: 'debug-disconnect', tone: 'warning', spin: false, detail: 'The window that ran it is gone; Resume continues it.' };
    case 'delegated': {
      const n = task.awaiting.length;
      return { label: n > 1 ? `Waiting on ${n} subtasks` : 'Waiting on subtask', icon: 'type-hierarchy-sub', tone: 'waiting', spin: false };
    }
    case 'interrupted':
      return { label: 'Interrupted', icon: 'debug-pause', tone: 'warning', spin: false, detail: interruptDetail(task) };
    case 'needs_continuation':
      return {
        label: 'Needs continuation',
        icon: 'watch',
        tone: 'warning',
        spin: false,
        detail: `Used up its ${task.budgetReason === 'turns' ? 'turn' : task.budgetReason === 'runtime' ? 'time' : 'response-timeout'} budget; Continue gives it a new one.`,
      };
    case 'failed':
      return { label: 'Failed', icon: 'error', tone: 'error', spin: false, detail: task.failure?.message };
    case 'completed':
      return { label: 'Completed', icon: 'pass', tone: 'success', spin: false };
    case 'abandoned':
      return { label: 'Abandoned', icon: 'circle-slash', tone: 'muted', spin: false, detail: 'Detached from its parent, which got its partial work.' };
  }
}

/** Why a task is interrupted, and what Resume does, in the words of its interrupt reason. */
export function interruptDetail(task: TaskRecord): string {
  switch (task.interruptReason) {
    case 'user_stop':
      return 'Stopped by you; Resume continues it.';
    case 'editor_closed':
      return 'The window running it closed (a reload, or the editor quit); Resume continues it.';
    case 'crash':
      return 'It stopped on an internal error; Resume continues it.';
    case 'child_lost':
      return 'Its subtask was lost; Resume continues it.';
    case 'parent_stop':
      return 'Stopped by its parent task; Resume continues it.';
    default:
      return 'Resume continues it.';
  }
}
