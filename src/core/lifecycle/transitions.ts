import type { TaskMap } from '../../shared/task';
import type { LifecycleCommand, TransitionResult } from './types';
import { LifecycleError } from './types';

/** The id of the task a command names (the parent for `delegate`), or null for `reconcile`. */
export function commandTaskId(command: LifecycleCommand): string | null {
  switch (command.type) {
    case 'createRoot':
      return command.id;
    case 'delegate':
      return command.parentId;
    case 'reconcile':
      return null;
    default:
      return command.taskId;
  }
}

export function applyCommand(_tasks: TaskMap, command: LifecycleCommand): TransitionResult {
  return { ok: false, error: new LifecycleError('invalid_transition', `not yet implemented: ${command.type}`) };
}
