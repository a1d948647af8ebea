/**
 * Which notification a task deserves when its runner in this window stops, as plain data (no
 * `vscode`, so it is unit-tested). Only outcomes that ask something of the user, or that a root
 * task's user waited for, are announced: a completed subtask reports to its parent (the parent
 * carries on, so a toast would be noise), and a task the user stopped needs no news.
 */
import type { TaskRecord } from '../../shared/task';

export type NoticeSeverity = 'info' | 'warning' | 'error';

/** The buttons a notice offers, each a Baton command run on the task. */
export type NoticeAction = 'open' | 'resume' | 'continue';

export interface TaskNotice {
  readonly severity: NoticeSeverity;
  readonly message: string;
  readonly actions: readonly NoticeAction[];
  /** The same key means the same transition: it is announced once. */
  readonly key: string;
}

const MAX_DETAIL = 160;

export function taskNotice(task: TaskRecord): TaskNotice | undefined {
  const key = `${task.id}:${task.status}:${task.awaitingUser?.toolCallId ?? ''}:${task.updatedAt}`;
  const name = `${task.parentId ? 'Subtask' : 'Task'} “${task.title}”`;
  switch (task.status) {
    case 'completed':
      if (task.parentId !== null) return undefined;
      return { severity: 'info', message: `${name} completed${detail(task.result?.summary)}`, actions: ['open'], key };
    case 'failed':
      return { severity: 'error', message: `${name} failed${detail(task.failure?.message)}`, actions: ['open', 'resume'], key };
    case 'needs_continuation':
      return {
        severity: 'warning',
        message: `${name} ${budgetPhrase(task)} and needs continuation${detail(task.lastCheckpoint?.summary)}`,
        actions: ['open', 'continue'],
        key,
      };
    case 'interrupted':
      if (task.interruptReason !== 'crash') return undefined;
      return { severity: 'error', message: `${name} stopped after an internal error (see the Baton log).`, actions: ['open', 'resume'], key };
    case 'active':
      if (!task.awaitingUser) return undefined;
      return { severity: 'info', message: `${name} is waiting for your answer${detail(task.awaitingUser.question)}`, actions: ['open'], key };
    default:
      return undefined;
  }
}

function budgetPhrase(task: TaskRecord): string {
  switch (task.budgetReason) {
    case 'runtime':
      return 'used its time budget';
    case 'response_timeout':
      return 'got no answer from the model in time';
    default:
      return 'used its turn budget';
  }
}

/** ": first line of `text`" cut to a notification's length, or "." when there is none. */
function detail(text: string | undefined): string {
  const line = text?.trim().split(/\r?\n/, 1)[0]?.trim();
  if (!line) return '.';
  return `: ${line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line}`;
}
