/**
 * Baton's language model tools as models call them: names and inputs. The JSON schemas models
 * see are in package.json (`contributes.languageModelTools`); these zod schemas check what
 * arrives (fields a model adds on its own are dropped), and a unit test keeps the two in step.
 */
import { z } from 'zod';

export const DELEGATE_TOOL = 'baton_delegate';
export const TASK_STATUS_TOOL = 'baton_task_status';
export const BATON_LM_TOOLS: readonly string[] = [DELEGATE_TOOL, TASK_STATUS_TOOL];

/** Whether `name` is one of Baton's own language model tools (which Baton never offers to the models it calls). */
export function isBatonLmTool(name: string): boolean {
  return BATON_LM_TOOLS.includes(name);
}

export const DelegateToolInput = z
  .object({
    goal: z.string().refine((goal) => goal.trim().length > 0, 'goal is empty: say what the task should do'),
    context: z.string().optional(),
    agent: z.string().optional(),
    mode: z.enum(['wait', 'start']).optional(),
  });
export type DelegateToolInput = z.infer<typeof DelegateToolInput>;

export const TaskStatusToolInput = z.object({ taskId: z.string().trim().min(1, 'taskId is empty') });
export type TaskStatusToolInput = z.infer<typeof TaskStatusToolInput>;
