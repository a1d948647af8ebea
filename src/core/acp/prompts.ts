/** What Baton says to an external agent besides the task's goal: the prompts that pick a session up again. */
import type { UserMessage } from '../../shared/task';

/**
 * After a Stop, a reload or a crash, the agent's session is back (resumed or loaded) but the
 * interrupted turn is not: neither `session/resume` nor `session/load` continues it.
 */
export const CONTINUE_PROMPT =
  'You were interrupted (the user stopped you, or the editor reloaded or restarted) and your last turn may not have ' +
  'finished: a tool call may not have run, or its result may not have reached you. Check the current state of the ' +
  'work, then continue the task where you left off. When it is done, give your final answer as your last message.';

/** The user's messages for the agent (a follow-up, "Resume with a message", a parent's new assignment). */
export function userMessagesPrompt(messages: readonly UserMessage[], interrupted: boolean): string {
  const text = messages.map((m) => m.text.trim()).join('\n\n');
  return interrupted ? `(You were interrupted, and your last turn may not have finished; check the current state first.)\n\n${text}` : text;
}

/** The agent's session could not be reopened: a new one starts from the goal and what was done before. */
export function restartPrompt(goal: string, outputTail: string): string {
  const before = outputTail.trim() ? `\n\nWhat you had written so far:\n${outputTail.trim()}` : '';
  return (
    `${goal}\n\n(You worked on this task before, in a session that could not be reopened. Check the current state of ` +
    `the files before you continue; do not redo work that is already done.)${before}`
  );
}
