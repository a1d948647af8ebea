/**
 * The tools the agent loop handles itself, because they touch the task's lifecycle: delegating
 * and supervising subtasks, checkpointing, finishing, asking the user. Only their definitions
 * live here; their handlers are in ../loop/.
 */
import { z } from 'zod';
import { WakeOn } from '../../../shared/task';
import { MAX_BATCH } from '../../lifecycle/types';
import { defineSpec } from './define';

const paths = z.array(z.string());

/** The longest wait_for_subtasks timeout and continue_subtask runtime a model may ask for. */
export const MAX_WAIT_SECONDS = 24 * 3600;
export const MAX_CONTINUE_TURNS = 1000;
export const MAX_CONTINUE_MINUTES = 24 * 60;

const ChildGoal = z.object({
  goal: z
    .string()
    .min(1)
    .describe('What the subtask must achieve and what it should report back, stated so that someone with no other context can do it.'),
  title: z.string().optional().describe('A short title for the subtask, shown to the user (a few words).'),
  context: z
    .string()
    .optional()
    .describe('What the subtask needs to know: relevant files, decisions made, constraints, what was already tried.'),
  role: z
    .enum(['leaf', 'orchestrator'])
    .optional()
    .describe('"leaf": it does the work itself. "orchestrator" (default where nesting allows): it may delegate further.'),
  model: z
    .string()
    .optional()
    .describe("The name of one of the model routes the user configured; omit it to use the default subtask model."),
  agent: z
    .string()
    .optional()
    .describe(
      'The id of an external coding agent the user configured (e.g. "opencode") to do this subtask instead of a Baton subagent; ' +
        'it works in the same folder with its own tools, under the same approvals, and reports back the same way. Omit it normally.',
    ),
});

const DelegateTaskArgs = ChildGoal.partial({ goal: true })
  .extend({
    tasks: z
      .array(ChildGoal)
      .min(1)
      .max(MAX_BATCH)
      .optional()
      .describe(`Several subtasks at once (up to ${MAX_BATCH}), run in parallel; give this instead of "goal".`),
    wait: z
      .boolean()
      .optional()
      .describe('true (default): wait until every subtask of this call has an outcome, then get them all as this call\'s result. false: start them in the background and keep working.'),
  })
  .refine((a) => (a.goal !== undefined) !== (a.tasks !== undefined), { message: 'Give either "goal" (one subtask) or "tasks" (several), not both and not neither.' });

const SubtaskIds = z.array(z.string().min(1)).min(1);

const SubtaskStatusArgs = z.object({
  ids: SubtaskIds.optional().describe('The subtasks to look at; all of yours when omitted.'),
});

const WaitForSubtasksArgs = z.object({
  ids: SubtaskIds.optional().describe('The subtasks to wait for; all that still owe you an outcome when omitted.'),
  timeoutSeconds: z.number().positive().max(MAX_WAIT_SECONDS).optional().describe('Wake after this many seconds even if they have not finished.'),
  wakeOn: z
    .array(WakeOn)
    .optional()
    .describe('Also wake at the first of these events of a waited-for subtask: "tool_call" (it used a tool), "retrying" (a model error), "stalled" (the model went quiet), "checkpoint".'),
});

const StopSubtaskArgs = z.object({
  id: z.string().min(1).describe('The subtask to stop.'),
  reason: z.string().optional().describe('Why, for the record.'),
});

const ContinueSubtaskArgs = z.object({
  id: z.string().min(1).describe('The subtask to give a new assignment: one of yours that completed, failed, was stopped or ran out of budget.'),
  message: z.string().min(1).describe('The new instruction. The subtask keeps its own conversation and sees this as the next message.'),
  maxTurns: z.number().int().positive().max(MAX_CONTINUE_TURNS).optional().describe('Turn budget of the new assignment (default: its current budget).'),
  maxRuntimeMinutes: z.number().positive().max(MAX_CONTINUE_MINUTES).optional().describe('Runtime budget of the new assignment, in minutes.'),
  wait: z.boolean().optional().describe('true (default): wait for its outcome as this call\'s result. false: keep working; it reports later.'),
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
    'Hand self-contained work to subagents. One subtask ("goal") or several in parallel ("tasks"). A subagent starts ' +
      'with no knowledge of this conversation: goal and context must say everything it needs. Use it for separable, ' +
      'sizable work (investigating an area, a change across several files); do small steps yourself. By default you wait ' +
      'and get one result with every subtask\'s outcome in the order you listed them; with wait: false they run in the ' +
      'background while you keep working. Subtasks beyond the concurrency limit are queued and start when a slot frees.',
    DelegateTaskArgs,
  ),
  subtask_status: defineSpec(
    'subtask_status',
    'Look at your subtasks without waiting: each one\'s status, what it is doing now (generating, running a tool, ' +
      'retrying after an error, stalled, queued, waiting for the user), the end of its output, its last tool calls, ' +
      'its usage so far and its last checkpoint. Cheap; it does not consume their outcomes.',
    SubtaskStatusArgs,
  ),
  wait_for_subtasks: defineSpec(
    'wait_for_subtasks',
    'Wait for your subtasks without spending tokens: until they all report, the timeout passes, or (with wakeOn) the ' +
      'first matching event of one of them. Then you get their status view and every outcome that arrived. Use it to ' +
      'watch a subtask\'s first steps and steer it (stop_subtask, continue_subtask) before it runs to the end.',
    WaitForSubtasksArgs,
  ),
  stop_subtask: defineSpec(
    'stop_subtask',
    'Stop one of your subtasks now: its model call is cut, a tool call in flight finishes, and it stays resumable. ' +
      'The result is its partial work (output, checkpoint, files written, tool calls). Continue it later with continue_subtask.',
    StopSubtaskArgs,
  ),
  continue_subtask: defineSpec(
    'continue_subtask',
    'Give one of your subtasks a follow-up assignment: it continues its own conversation with your message under a new ' +
      'budget. Works on a subtask that completed, failed, was stopped, or ran out of budget (not on one still running: ' +
      'stop it first).',
    ContinueSubtaskArgs,
  ),
  attempt_completion: defineSpec(
    'attempt_completion',
    'Finish the task and hand back the result. Call it once the goal is met (or cannot be met, saying why), ' +
      'after checking the work where you can, and once no subtask of yours is still open. The task ends with this call: ' +
      'do not call other tools with it.',
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

/** The tools that watch and steer subtasks, offered to a task that can delegate or has subtasks. */
export const SUPERVISION_TOOLS = ['subtask_status', 'wait_for_subtasks', 'stop_subtask', 'continue_subtask'] as const;

export type LoopToolName = keyof typeof TOOL_DEFINITIONS;
export type DelegateTaskArgs = z.output<typeof DelegateTaskArgs>;
export type ChildGoalArgs = z.output<typeof ChildGoal>;
export type SubtaskStatusArgs = z.output<typeof SubtaskStatusArgs>;
export type WaitForSubtasksArgs = z.output<typeof WaitForSubtasksArgs>;
export type StopSubtaskArgs = z.output<typeof StopSubtaskArgs>;
export type ContinueSubtaskArgs = z.output<typeof ContinueSubtaskArgs>;
export type AttemptCompletionArgs = z.output<typeof AttemptCompletionArgs>;
export type CheckpointArgs = z.output<typeof CheckpointArgs>;
export type AskUserArgs = z.output<typeof AskUserArgs>;
