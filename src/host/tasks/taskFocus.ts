/**
 * Which task the user is looking at: the active task panel, or the task last selected in the
 * sidebar. Commands act on it, or ask with a quick pick when there is none.
 */
import * as vscode from 'vscode';

export class TaskFocus implements vscode.Disposable {
  private current: string | undefined;
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.emitter.event;

  get(): string | undefined {
    return this.current;
  }

  set(taskId: string | undefined): void {
    if (taskId === this.current) return;
    this.current = taskId;
    void vscode.commands.executeCommand('setContext', 'baton.taskFocused', taskId !== undefined);
    this.emitter.fire(taskId);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
