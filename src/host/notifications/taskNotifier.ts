/**
 * Tells the user when a task this window ran completes, fails, runs out of budget or waits for
 * an answer, unless its panel is in view, with buttons to open it (and Resume / Continue).
 * Triggered by the runner's `done` event, so each window announces only its own tasks, and
 * once per transition. A question stays in view until it is answered (anywhere): a progress
 * notification, which VS Code keeps up while it runs, closed when the task no longer waits.
 */
import * as vscode from 'vscode';
import type { AgentEvent } from '../../shared/events';
import { Disposable } from '../disposables';
import { unlinked } from '../runtime/approvals';
import type { BatonServices } from '../services';
import { taskNotice, type NoticeAction, type TaskNotice } from './taskNotice';

const BUTTONS: Record<NoticeAction, { label: string; command: string }> = {
  open: { label: 'Open', command: 'baton.openTask' },
  resume: { label: 'Resume', command: 'baton.resumeTask' },
  continue: { label: 'Continue…', command: 'baton.continueTask' },
};

/** Keys of announced transitions kept, so a repeated event is not announced twice. */
const REMEMBERED = 200;

export class TaskNotifier extends Disposable {
  private readonly announced: string[] = [];
  /** Ends the notifications of open questions. */
  private readonly waits = new Set<() => void>();

  constructor(private readonly services: Pick<BatonServices, 'orchestrator' | 'panels' | 'log' | 'store'>) {
    super();
    const orchestrator = services.orchestrator;
    if (orchestrator) this._register(orchestrator.onEvent((event) => this.onEvent(event)));
  }

  private onEvent(event: AgentEvent): void {
    if (event.type !== 'done') return;
    const task = this.services.orchestrator?.task(event.taskId);
    const notice = task && taskNotice(task);
    if (!notice || this.announced.includes(notice.key)) return;
    this.remember(notice.key);
    if (this.services.panels.isVisible(event.taskId)) return;
    this.services.log.info(`Notify: ${notice.message}`);
    void this.show(event.taskId, notice);
  }

  override dispose(): void {
    for (const done of [...this.waits]) done();
    super.dispose();
  }

  private remember(key: string): void {
    this.announced.push(key);
    if (this.announced.length > REMEMBERED) this.announced.shift();
  }

  private async show(taskId: string, notice: TaskNotice): Promise<void> {
    const asked = this.services.orchestrator?.task(taskId)?.awaitingUser;
    if (asked) return this.showUntilAnswered(taskId, asked.toolCallId, notice);
    const labels = notice.actions.map((action) => BUTTONS[action].label);
    // VS Code shows "Source: Baton" on the toast; the message needs no prefix.
    const message = notice.message;
    const choice =
      notice.severity === 'error'
        ? await vscode.window.showErrorMessage(message, ...labels)
        : notice.severity === 'warning'
          ? await vscode.window.showWarningMessage(message, ...labels)
          : await vscode.window.showInformationMessage(message, ...labels);
    const action = notice.actions.find((a) => BUTTONS[a].label === choice);
    if (action) await vscode.commands.executeCommand(BUTTONS[action].command, taskId);
  }

  private showUntilAnswered(taskId: string, toolCallId: string, notice: TaskNotice): Promise<void> {
    const store = this.services.store;
    const link = (label: string, command: string) => `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([taskId]))})`;
    const title = `${unlinked(notice.message)} ${link('Answer', 'baton.sendMessage')} · ${link('Open', 'baton.openTask')}`;
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, () => {
        const stillAsks = () => store?.get(taskId)?.awaitingUser?.toolCallId === toolCallId;
        if (!store || !stillAsks()) return Promise.resolve();
        return new Promise<void>((resolve) => {
          const done = () => {
            sub.dispose();
            this.waits.delete(done);
            resolve();
          };
          const sub = store.onDidChange(() => !stillAsks() && done());
          // Closed with the extension too, so no question's notification outlives it.
          this.waits.add(done);
        });
      }),
    );
  }
}
