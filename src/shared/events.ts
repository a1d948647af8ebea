/**
 * Events of the agent loop. The same objects are journaled to the task transcript, posted to
 * the webview and handed to programmatic subscribers. The conversation a task resumes with is
 * rebuilt from the `assistant`, `tool_result` and `user` entries (plus trailing text deltas of
 * a turn cut short by a crash); `user` message ids and `tool_result.consumes` say which inbox
 * messages the model has already seen.
 */
import { z } from 'zod';
import { BudgetReason, Checkpoint, TaskStatus } from './task';

const base = { taskId: z.string(), at: z.number().int().nonnegative() };

export const ToolCall = z.object({ id: z.string(), name: z.string(), args: z.unknown() });
export type ToolCall = z.infer<typeof ToolCall>;

/** One step of an agent's plan (ACP `plan`); the whole plan is resent on every change. */
export const PlanEntry = z.object({
  content: z.string(),
  priority: z.enum(['high', 'medium', 'low']).catch('medium'),
  status: z.enum(['pending', 'in_progress', 'completed']).catch('pending'),
});
export type PlanEntry = z.infer<typeof PlanEntry>;

export const AgentEvent = z.discriminatedUnion('type', [
  /** A child was created by this task (parent's transcript) — the delegation card. */
  z.object({ ...base, type: z.literal('spawned'), childId: z.string(), title: z.string(), goal: z.string(), toolCallId: z.string() }),
  z.object({ ...base, type: z.literal('text'), delta: z.string() }),
  z.object({ ...base, type: z.literal('reasoning'), delta: z.string() }),
  /** A whole model turn, written when it ends (or is cut short by Stop: `partial`). */
  z.object({
    ...base,
    type: z.literal('assistant'),
    text: z.string(),
    reasoning: z.string().default(''),
    toolCalls: z.array(ToolCall).default([]),
    partial: z.boolean().default(false),
  }),
  z.object({ ...base, type: z.literal('tool_call'), call: ToolCall }),
  z.object({
    ...base,
    type: z.literal('tool_result'),
    toolCallId: z.string(),
    toolName: z.string(),
    content: z.string(),
    isError: z.boolean().default(false),
    /** One line for the tool trace a parent sees, e.g. `write_file a.ts (ok)`. */
    trace: z.string().optional(),
    filesRead: z.array(z.string()).optional(),
    filesWritten: z.array(z.string()).optional(),
    /**
     * Ids of the inbox messages (subtask outcomes, the user's answer) this result presents to
     * the model, so a rebuilt conversation never presents one twice. Absent (entries older than
     * fan-out): every subtask outcome keyed by this tool call.
     */
    consumes: z.array(z.string()).optional(),
  }),
  /** A user message entered the conversation (the goal, a follow-up, an answer). */
  z.object({ ...base, type: z.literal('user'), text: z.string(), messageId: z.string() }),
  z.object({ ...base, type: z.literal('checkpoint'), checkpoint: Checkpoint }),
  /** The agent's current plan, whole (an external agent's `plan` update): a plan row replaced on each change. */
  z.object({ ...base, type: z.literal('plan'), entries: z.array(PlanEntry) }),
  z.object({
    ...base,
    type: z.literal('retrying'),
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    waitMs: z.number().nonnegative(),
    reason: z.string(),
  }),
  z.object({ ...base, type: z.literal('stalled'), sinceMs: z.number().nonnegative() }),
  /** A subtask waits for a free slot (`baton.maxConcurrentChildren` in this window); it starts when one frees. */
  z.object({ ...base, type: z.literal('queued'), position: z.number().int().positive() }),
  z.object({
    ...base,
    type: z.literal('status'),
    status: TaskStatus,
    /** Extra detail: the interrupt or budget reason, or an error message. */
    detail: z.string().optional(),
    budgetReason: BudgetReason.optional(),
  }),
  /** The runner for this task stopped (for any reason); `status` is where the task now stands. */
  z.object({ ...base, type: z.literal('done'), status: TaskStatus }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventType = AgentEvent['type'];

/** Distributes `E` over a union so each member loses the fields the loop fills in itself. */
export type EventInput<E = AgentEvent> = E extends unknown ? Omit<E, 'taskId' | 'at'> : never;
