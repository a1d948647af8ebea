/**
 * What a Baton command may be handed besides a task id: a webview button passes what its form
 * collected (a goal, a budget, a message), so the command skips the prompts for it. Validated
 * here, whoever the caller: a command is also reachable from other extensions.
 */
import { z } from 'zod';
import { MAX_GOAL_LENGTH, MAX_MESSAGE_LENGTH } from '../../shared/protocol';
import { Budget } from '../../shared/task';

const CommandArgs = z.object({
  goal: z.string().trim().min(1).max(MAX_GOAL_LENGTH).optional(),
  context: z.string().max(MAX_MESSAGE_LENGTH).optional(),
  budget: Budget.optional(),
  /** Delegate: the id of an external agent (baton.agents) to do the subtask. */
  agent: z.string().trim().min(1).max(64).optional(),
  text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH).optional(),
  /** Open as a preview (a single click in the sidebar): the tab is reused for the next preview. */
  preview: z.boolean().optional(),
  /** Open File: a path inside the task's folder. */
  path: z.string().min(1).max(4096).optional(),
  /** Set by VS Code for a webview's context menu: the view type it was opened on. */
  webview: z.string().optional(),
});
export type CommandArgs = z.infer<typeof CommandArgs>;

/** The fields of `arg` a command understands; anything invalid counts as absent. */
export function commandArgs(arg: unknown): CommandArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const parsed = CommandArgs.safeParse(arg);
  if (parsed.success) return parsed.data;
  // Keep the valid fields: a bad budget must not also drop the task's goal.
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(CommandArgs.shape)) {
    const field = schema.safeParse((arg as Record<string, unknown>)[key]);
    if (field.success && field.data !== undefined) out[key] = field.data;
  }
  return out as CommandArgs;
}
