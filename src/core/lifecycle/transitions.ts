/**
 * The task lifecycle: one pure function `(tasks, command) → {tasks, effects}` or a typed error.
 * Nothing else in Baton writes status, parent links, `awaiting` or `reportTo`. Every command is
 * idempotent: repeating it after it took effect changes nothing.
 */
import type { TaskMap } from '../../shared/task';
import { Draft } from './draft';
import { createRoot, delegate } from './commands/create';
import { awaitUser, heartbeat, recordProgress, start } from './commands/running';
import { budgetExhausted, complete, fail, interrupt } from './commands/ending';
import { abandon, followUp, remove, resume } from './commands/userActions';
import { awaitChildren, continueSubtask, stopSubtask, wake } from './commands/supervision';
import { reconcile } from './commands/reconcile';
import { recordAgentSession } from './commands/agentSession';
import type { LifecycleCommand, TransitionResult } from './types';
import { LifecycleError } from './types';

/** The id of the task a command names (the parent for commands on children), or null for `reconcile`. */
export function commandTaskId(command: LifecycleCommand): string | null {
  switch (command.type) {
    case 'createRoot':
      return command.id;
    case 'delegate':
    case 'stopSubtask':
    case 'continueSubtask':
      return command.parentId;
    case 'reconcile':
      return null;
    default:
      return command.taskId;
  }
}

export function applyCommand(tasks: TaskMap, command: LifecycleCommand): TransitionResult {
  const draft = new Draft(tasks, command.now);
  try {
    run(draft, command);
    return draft.finish();
  } catch (error) {
    if (error instanceof LifecycleError) return { ok: false, error };
    throw error;
  }
}

function run(draft: Draft, command: LifecycleCommand): void {
  switch (command.type) {
    case 'createRoot':
      return createRoot(draft, command);
    case 'delegate':
      return delegate(draft, command);
    case 'start':
      return start(draft, command);
    case 'heartbeat':
      return heartbeat(draft, command);
    case 'recordProgress':
      return recordProgress(draft, command);
    case 'awaitUser':
      return awaitUser(draft, command);
    case 'complete':
      return complete(draft, command);
    case 'interrupt':
      return interrupt(draft, command);
    case 'budgetExhausted':
      return budgetExhausted(draft, command);
    case 'fail':
      return fail(draft, command);
    case 'stopSubtask':
      return stopSubtask(draft, command);
    case 'continueSubtask':
      return continueSubtask(draft, command);
    case 'awaitChildren':
      return awaitChildren(draft, command);
    case 'wake':
      return wake(draft, command);
    case 'resume':
      return resume(draft, command);
    case 'abandon':
      return abandon(draft, command);
    case 'followUp':
      return followUp(draft, command);
    case 'delete':
      return remove(draft, command);
    case 'reconcile':
      return reconcile(draft, command);
    case 'recordAgentSession':
      return recordAgentSession(draft, command);
  }
}
