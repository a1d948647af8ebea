/**
 * Baton: Resume Task with a Message… — resumes a stopped task and hands it a message it reads
 * first (Zoo Code #566: "stop, then tell it what to do differently"). On a task waiting on one
 * paused subtask, that subtask gets it; the lifecycle refuses when several would.
 */
import * as vscode from 'vscode';
import { confirmDone, quoted, taskCommand, withProgress } from './taskCommand';

export const resumeWithMessage = taskCommand({
  id: 'baton.resumeWithMessage',
  action: 'resumeWithMessage',
  title: 'Baton: Resume Task with a Message',
  placeHolder: 'Which task should resume with your message?',
  noneApplies: 'No task is interrupted, out of budget or failed, so there is nothing to resume.',
  async perform(task, { orchestrator, services }, args) {
    const text =
      args.text ??
      (
        await vscode.window.showInputBox({
          title: `Baton: Resume ${quoted(task)} with a message`,
          prompt: 'It reads this first when it resumes: what to do next, or what to do differently.',
          validateInput: (value) => (value.trim() ? undefined : 'Write the message (Escape cancels).'),
          ignoreFocusOut: true,
        })
      )?.trim();
    if (!text) return;
    services.log.info(`Resume ${task.id} "${task.title}" (was ${task.status}) with a message`);
    await withProgress(`Resuming ${quoted(task)}…`, () => orchestrator.resume(task.id, { message: text }));
    confirmDone(`Resumed ${quoted(task)} with your message.`);
  },
});
