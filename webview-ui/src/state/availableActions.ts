/** Which actions a task offers now; the lifecycle has the last word, this only avoids dead buttons. */
import { RESUMABLE, type TaskRecord } from '../../../src/shared/task';

export interface AvailableActions {
  readonly stop: boolean;
  readonly resume: boolean;
  /** Resume with a new budget. */
  readonly continueWithBudget: boolean;
  /** Detach a paused child from its parent. */
  readonly abandon: boolean;
  readonly delegate: boolean;
  /** Send a message (a follow-up, or an answer to the task's question): root tasks only. */
  readonly followUp: boolean;
}

export function availableActions(task: TaskRecord): AvailableActions {
  const paused = RESUMABLE.includes(task.status);
  return {
    stop: task.status === 'active',
    resume: paused,
    continueWithBudget: paused,
    abandon: paused && task.parentId !== null,
    delegate: (task.status === 'active' && task.awaitingUser === null) || paused,
    followUp: task.parentId === null && (task.status === 'completed' || task.status === 'active'),
  };
}
