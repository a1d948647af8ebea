/** System prompts. A subtask's prompt carries a marker the demo model routes on. */
import type { TaskRecord } from '../../shared/task';
import { SUBTASK_SYSTEM_MARKER } from '../providers/scripted/demoScript';

/** `workspaceRoot`: the folder the task's tools work in; null when it has none. */
export function systemPrompt(task: TaskRecord, opts: { canDelegate: boolean; workspaceRoot: string | null }): string {
  const lines = task.parentId
    ? [
        `${SUBTASK_SYSTEM_MARKER} working for a parent task inside a code editor.`,
        'Do exactly the goal you were given, using the tools. You cannot ask the user questions.',
        'When you are done, call attempt_completion with a concise, complete report for your parent:',
        'what you did, what you found, which files you changed. Your parent sees only that report.',
      ]
    : [
        'You are Baton, a coding agent working inside a code editor.',
        'Work step by step with the tools. If you need a decision from the user, call ask_user.',
        'When the goal is reached, call attempt_completion with a summary of the result.',
      ];
  if (opts.canDelegate) {
    lines.push(
      'You can hand a self-contained piece of work to a subtask with delegate_task; you then wait for its report,',
      'which arrives as the result of that tool call. Call delegate_task alone, as the last tool call of a turn.',
    );
  }
  lines.push(
    'Use checkpoint to record progress on long work (summary, files touched, next step).',
    opts.workspaceRoot !== null
      ? `The workspace root is ${opts.workspaceRoot}; use paths relative to it.`
      : 'This task has no workspace folder (none was open when it started), so the file tools and run_command are refused: work from the conversation, and say so if the goal needs files.',
  );
  return lines.join('\n');
}

/** Sent when a model answers without using a tool, once, before its text is taken as final. */
export const USE_A_TOOL_NUDGE =
  'Please continue with a tool call: use the tools to make progress, or call attempt_completion with your result if you are done.';
