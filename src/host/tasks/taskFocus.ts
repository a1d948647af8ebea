/**
 * The task in front of the user: the task of the active Baton task panel, and nothing when the
 * active editor is anything else (a file, another view). Palette commands act on it, or ask
 * with a quick pick; a sidebar selection never counts (it goes stale as soon as focus moves).
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
    this.emitter.fire(taskId);
  }

  /** The panel of `taskId` stopped being the active editor: nothing is in front any more (unless another panel took over). */
  clear(taskId: string): void {
    if (this.current === taskId) this.set(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
