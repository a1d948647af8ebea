/** Turns a webview's request about a task into the matching TaskActions call. */
import type { TaskRequest } from '../../shared/protocol';
import type { TaskActions } from '../tasks/taskActions';

export function handleTaskRequest(actions: TaskActions, request: TaskRequest): Promise<unknown> {
  switch (request.type) {
    case 'open':
      return actions.open(request.taskId);
    case 'newTask':
      return actions.createTask(request.goal);
    case 'stop':
      return actions.stop(request.taskId);
    case 'resume':
      return actions.resume(request.taskId);
    case 'continue':
      return actions.continueWith(request.taskId, request.budget);
    case 'abandon':
      return actions.abandon(request.taskId);
    case 'delete':
      return actions.delete(request.taskId);
    case 'delegate':
      return actions.delegate(request.parentId, request.goal, request.context);
    case 'followUp':
      return actions.followUp(request.taskId, request.text);
  }
}
