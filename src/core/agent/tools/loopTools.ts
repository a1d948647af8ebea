/**
 * The tools the agent loop handles itself, because they touch the task's lifecycle:
 * delegating, checkpointing, finishing, asking the user. Only their definitions live here.
 */
import { z } from 'zod';
import { defineSpec } from './define';

const paths = z.array(z.string());

const DelegateTaskArgs = z.object({
  title: z.string().min(1).describe('A short title for the subtask, shown to the user (a few words).'),
  goal: z
    .string()
    .min(1)
    .describe('What the subtask must achieve and what it should report back, stated so that someone with no other context can do it.'),
  context: z
    .string()
    .optional()
    .describe('What the subtask needs to know: relevant files, decisions made, constraints, what was already tried.'),
});

const AttemptCompletionArgs = z.object({
  result: z
    .string()
    .min(1)
    .describe('The outcome: what was done, which files changed, how it was verified, anything left open. This is all the requester gets back.'),
});

const CheckpointArgs = z.object({
  summary: z.string().min(1).describe('What has been done so far and what was learned.'),
  files_read: paths.optional().describe('Workspace-relative paths of files read that matter for the rest of the work.'),
  files_written: paths.optional().describe('Workspace-relative paths of files created or changed so far.'),
  blockers: z.string().optional().describe('What is in the way, if anything.'),
  next_step: z.string().optional().describe('The next concrete step, so the work can be resumed from here.'),
});

const AskUserArgs = z.object({
  question: z.string().min(1).describe('One clear question, with the options if there are some.'),
});

export const TOOL_DEFINITIONS = {
  delegate_task: defineSpec(
    'delegate_task',
    'Hand a self-contained piece of work to a subagent and wait for its result. The subagent starts with no ' +
      'knowledge of this conversation: the goal and context must say everything it needs. Use it for work ' +
      'that is separable and sizable (investigating an area, a change across several files); do small steps ' +
      'yourself. One subtask at a time; its result arrives as this tool\'s result.',
    DelegateTaskArgs,
  ),
  attempt_completion: defineSpec(
    'attempt_completion',
    'Finish the task and hand back the result. Call it once the goal is met (or cannot be met, saying why), ' +
      'after checking the work where you can. The task ends with this call: do not call other tools with it.',
    AttemptCompletionArgs,
  ),
  checkpoint: defineSpec(
    'checkpoint',
    'Record progress, so the work can be resumed after an interruption or handed over if the task is ' +
      'stopped. Call it after each meaningful step of a long task, and before anything risky or slow. It ' +
      'changes nothing in the workspace.',
    CheckpointArgs,
  ),
  ask_user: defineSpec(
    'ask_user',
    'Ask the user a question and wait for the answer. Use it only when you cannot proceed without a ' +
      'decision or information only they have; otherwise make a reasonable choice and say so in the result.',
    AskUserArgs,
  ),
} as const;

export type LoopToolName = keyof typeof TOOL_DEFINITIONS;
export type DelegateTaskArgs = z.output<typeof DelegateTaskArgs>;
export type AttemptCompletionArgs = z.output<typeof AttemptCompletionArgs>;
export type CheckpointArgs = z.output<typeof CheckpointArgs>;
export type AskUserArgs = z.output<typeof AskUserArgs>;
