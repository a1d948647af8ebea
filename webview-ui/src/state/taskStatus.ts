/** How a task's status (and lease) reads in the list: a label, a codicon and a colour tone. */
import type { TaskRecord } from '../../../src/shared/task';

export type StatusTone = 'neutral' | 'running' | 'waiting' | 'warning' | 'error' | 'success' | 'muted';

export interface StatusPresentation {
  readonly label: string;
  /** A codicon name, without the `codicon-` prefix. */
  readonly icon: string;
  readonly tone: StatusTone;
  /** Whether the icon spins (only while the task runs). */
  readonly spin: boolean;
}

export function presentStatus(task: TaskRecord): StatusPresentation {
  switch (task.status) {
    case 'active':
      // "Running" is not a status: it is a lease held by some window's extension host.
      if (task.lease !== null) return { label: 'Running', icon: 'loading', tone: 'running', spin: true };
      if (task.awaitingUser !== null) return { label: 'Waiting for you', icon: 'comment-discussion', tone: 'waiting', spin: false };
      return { label: 'Active', icon: 'circle-large-outline', tone: 'neutral', spin: false };
    case 'delegated':
      return { label: 'Waiting on subtask', icon: 'type-hierarchy-sub', tone: 'waiting', spin: false };
    case 'interrupted':
      return { label: 'Interrupted', icon: 'debug-pause', tone: 'warning', spin: false };
    case 'needs_continuation':
      return { label: 'Needs continuation', icon: 'watch', tone: 'warning', spin: false };
    case 'failed':
      return { label: 'Failed', icon: 'error', tone: 'error', spin: false };
    case 'completed':
      return { label: 'Completed', icon: 'pass', tone: 'success', spin: false };
    case 'abandoned':
      return { label: 'Abandoned', icon: 'circle-slash', tone: 'muted', spin: false };
  }
}
