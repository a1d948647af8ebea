/**
 * The sidebar's one state owner: a pure reducer over the host's messages. The host is the
 * source of truth; this only mirrors it (a snapshot replaces everything, deltas patch it).
 */
import { PROTOCOL_VERSION, type HostToWebviewMessage, type WorkspaceInfo } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';

export interface TasksState {
  /** `connecting` until the first snapshot; `incompatible` when the host speaks another protocol. */
  readonly phase: 'connecting' | 'ready' | 'incompatible';
  readonly tasks: Readonly<Record<string, TaskRecord>>;
  readonly workspace: WorkspaceInfo | null;
  readonly storeError: string | null;
}

export type TasksAction = HostToWebviewMessage;

export const initialTasksState: TasksState = { phase: 'connecting', tasks: {}, workspace: null, storeError: null };

export function tasksReducer(state: TasksState, action: TasksAction): TasksState {
  switch (action.type) {
    case 'snapshot': {
      if (action.protocolVersion !== PROTOCOL_VERSION) {
        return { ...initialTasksState, phase: 'incompatible' };
      }
      const tasks: Record<string, TaskRecord> = {};
      for (const task of action.tasks) tasks[task.id] = task;
      return { phase: 'ready', tasks, workspace: action.workspace, storeError: action.storeError };
    }
    case 'tasksChanged': {
      // A delta only means something on top of a snapshot.
      if (state.phase !== 'ready') return state;
      const tasks: Record<string, TaskRecord> = { ...state.tasks };
      for (const task of action.changed) {
        const held = tasks[task.id];
        // Revisions only grow; an older copy arriving late must not undo a newer one.
        if (held && held.revision > task.revision) continue;
        tasks[task.id] = task;
      }
      for (const id of action.removed) delete tasks[id];
      return { ...state, tasks };
    }
  }
}
