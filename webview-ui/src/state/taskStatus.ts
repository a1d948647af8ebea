/** How a task's status (with its lease and live state) reads: a label, a codicon and a colour tone. */
import type { LiveState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';

export type StatusTone = 'neutral' | 'running' | 'waiting' | 'warning' | 'error' | 'success' | 'muted';

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

/** `now` only matters for a retry's countdown. */
export function presentStatus(task: TaskRecord, live?: LiveState, now = Date.now()): StatusPresentation {
  switch (task.status) {
    case 'active':
      if (live?.kind === 'retrying' && task.lease !== null) {
        const wait = Math.max(0, Math.ceil((live.at + live.waitMs - now) / 1000));
        return {
          label: `Retrying ${live.attempt + 1}/${live.maxAttempts}${wait > 0 ? ` in ${wait}s` : ''}`,
          icon: 'sync',
          tone: 'warning',
          spin: wait === 0,
          detail: `The model call failed (${live.reason}); attempt ${live.attempt + 1} of ${live.maxAttempts}${wait > 0 ? ` starts in ${wait} s` : ' is starting'}.`,
        };
      }
      if (live?.kind === 'stalled' && task.lease !== null) {
        return {
          label: 'Stalled',
          icon: 'warning',
          tone: 'warning',
          spin: false,
          detail: `No output from the model for ${Math.round(live.sinceMs / 1000)} s; it pauses at the response timeout.`,
        };
      }
      // "Running" is not a status: it is a lease held by some window's extension host.
      if (task.lease !== null) return { label: 'Running', icon: 'loading', tone: 'running', spin: true };
      if (task.awaitingUser !== null) {
        return { label: 'Waiting for you', icon: 'comment-discussion', tone: 'waiting', spin: false, detail: task.awaitingUser.question };
      }
      return { label: 'Active', icon: 'circle-large-outline', tone: 'neutral', spin: false, detail: 'Open and not finished; not running in any window now.' };
    case 'delegated':
      return { label: 'Waiting on subtask', icon: 'type-hierarchy-sub', tone: 'waiting', spin: false };
    case 'interrupted':
      return { label: 'Interrupted', icon: 'debug-pause', tone: 'warning', spin: false, detail: interruptDetail(task) };
    case 'needs_continuation':
      return {
        label: 'Needs continuation',
        icon: 'watch',
        tone: 'warning',
        spin: false,
        detail: `Used up its ${task.budgetReason === 'turns' ? 'turn' : task.budgetReason === 'runtime' ? 'runtime' : 'response-timeout'} budget; Continue gives it a new one.`,
      };
    case 'failed':
      return { label: 'Failed', icon: 'error', tone: 'error', spin: false, detail: task.failure?.message };
    case 'completed':
      return { label: 'Completed', icon: 'pass', tone: 'success', spin: false };
    case 'abandoned':
      return { label: 'Abandoned', icon: 'circle-slash', tone: 'muted', spin: false };
  }
}

function interruptDetail(task: TaskRecord): string {
  switch (task.interruptReason) {
    case 'user_stop':
      return 'Stopped by you; Resume continues it.';
    case 'editor_closed':
      return 'The window running it closed; Resume continues it.';
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
