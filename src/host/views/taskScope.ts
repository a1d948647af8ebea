/**
 * Which tasks a webview may act on. A task panel acts on its own task tree only, and answers
 * only the approvals of tasks in that tree; the Tasks sidebar lists every task, so it acts on
 * any of them, but answers no approvals (they are asked in the panel of the task that asks).
 * So a page that misbehaves (a rendering bug, injected content) cannot reach another tree's
 * tasks or allow another task's command. Pure: the panels and the sidebar check every request
 * here before acting on it.
 */
import type { WebviewToHostMessage } from '../../shared/protocol';

export interface TaskScope {
  /** Names the webview in log lines, e.g. "the panel of 8fK2…". */
  readonly name: string;
  holds(taskId: string): boolean;
  /** Whether it may start a new root task (only the sidebar has a New Task form). */
  readonly createsTasks: boolean;
  readonly answersApprovals: boolean;
}

/** The sidebar: every task, no approvals. */
export const SIDEBAR_SCOPE: TaskScope = { name: 'the Tasks view', holds: () => true, createsTasks: true, answersApprovals: false };

/**
 * A task panel: the tasks whose root is `root()` (its task's root, read when asked, since the
 * panel may have opened before its task loaded). A task that does not exist is in no tree.
 */
export function treeScope(name: string, root: () => string | undefined, rootOf: (taskId: string) => string | undefined): TaskScope {
  return {
    name,
    holds: (taskId) => {
      const own = root();
      return own !== undefined && rootOf(taskId) === own;
    },
    createsTasks: false,
    answersApprovals: true,
  };
}

/** The tasks a message names: those it would act on. */
export function tasksNamedBy(message: WebviewToHostMessage): string[] {
  return message.type === 'command' && message.taskId !== undefined ? [message.taskId] : [];
}

/**
 * Why `scope` may not send `message` (one line for the log), or undefined when it may.
 * `askingTaskOf` names the task an open approval belongs to; an approval that is no longer
 * open is let through, since answering it does nothing.
 */
export function refusal(scope: TaskScope, message: WebviewToHostMessage, askingTaskOf: (approvalId: string) => string | undefined): string | undefined {
  if (message.type === 'command' && message.command === 'baton.newTask' && !scope.createsTasks) return `${scope.name} may not create tasks`;
  if (message.type === 'approve' || message.type === 'showDiff') {
    if (!scope.answersApprovals) return `${scope.name} answers no approvals (approval ${message.approvalId})`;
    const asking = askingTaskOf(message.approvalId);
    if (asking !== undefined && !scope.holds(asking)) return `approval ${message.approvalId} was asked by task ${asking}, outside the tree of ${scope.name}`;
    return undefined;
  }
  const outside = tasksNamedBy(message).find((id) => !scope.holds(id));
  const what = message.type === 'command' ? message.command : message.type;
  return outside === undefined ? undefined : `'${what}' names task ${outside}, outside the tree of ${scope.name}`;
}
