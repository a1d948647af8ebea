/** Baton: Send Message to Task… — a follow-up to a root task, or the answer to a task's question. */
import * as vscode from 'vscode';
import { confirmDone, quoted, taskCommand } from './taskCommand';

export const sendMessage = taskCommand({
  id: 'baton.sendMessage',
  action: 'message',
  title: 'Baton: Send Message to Task',
  placeHolder: 'Which task is the message for?',
  noneApplies: 'No task takes a message now: a subtask reports to its parent, and a paused task needs Resume first.',
  async perform(task, { orchestrator, services }, args) {
    const question = task.awaitingUser?.question;
    const text =
      args.text ??
      (
        await vscode.window.showInputBox({
          title: `Baton: ${question ? 'Answer' : 'Message to'} ${quoted(task)}`,
          prompt: question ?? (task.status === 'completed' ? 'A follow-up: the task continues with it.' : 'The task reads it at its next turn.'),
          validateInput: (value) => (value.trim() ? undefined : 'Write the message (Escape cancels).'),
          ignoreFocusOut: true,
        })
      )?.trim();
    if (!text) return;
    services.log.info(`Message to ${task.id} "${task.title}" (${question ? 'an answer' : task.status})`);
    await orchestrator.followUp(task.id, text);
    confirmDone(question ? `Answered ${quoted(task)}.` : `Sent to ${quoted(task)}.`);
  },
});
