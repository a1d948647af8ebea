/** baton_task_status: where a Baton task stands, and its result once it completed, by task id. */
import * as vscode from 'vscode';
import { BatonApiError, parseInput } from '../../api/inputs';
import { partialWorkOf } from '../../api/outcome';
import type { ApiRuntime } from '../../api/runtimePort';
import { TaskStatusToolInput } from './toolInputs';
import { statusText } from './toolText';

export class TaskStatusTool implements vscode.LanguageModelTool<TaskStatusToolInput> {
  /** `runtime` undefined: the store did not open; every call says so. */
  constructor(private readonly runtime: ApiRuntime | undefined) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<TaskStatusToolInput>): vscode.PreparedToolInvocation {
    const taskId = TaskStatusToolInput.safeParse(options.input).data?.taskId;
    // Reading a task changes nothing: no confirmation.
    return { invocationMessage: taskId ? `Checking Baton task ${taskId}` : 'Checking a Baton task' };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<TaskStatusToolInput>): Promise<vscode.LanguageModelToolResult> {
    const { taskId } = parseInput(TaskStatusToolInput, options.input, 'baton_task_status input');
    const rt = this.runtime;
    if (!rt) throw new BatonApiError("Baton cannot read tasks in this window: its task store did not open (see Baton's log).", 'unavailable');
    const task = rt.task(taskId);
    if (!task) throw new BatonApiError(`Baton has no task with the id "${taskId}".`, 'not_found');
    const transcript = task.status === 'completed' ? [] : await rt.readTranscript(taskId);
    const text = statusText(rt.task(taskId) ?? task, rt.isRunning(taskId), partialWorkOf(task, transcript), (id) => rt.task(id));
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
  }
}
