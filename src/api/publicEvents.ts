/**
 * The events callers see: a copy of each agent event in the shape `baton-api.d.ts` promises,
 * frozen. Copied so no caller can change what the panel and the journal hold; mapped field by
 * field so the engine's event schema can grow without changing the public one.
 */
import type { AgentEvent } from '../shared/events';
import type { Checkpoint } from '../shared/task';
import type { BatonCheckpoint, BatonTaskEvent } from './baton-api';

/** The public copy of `event`, or undefined for an event type the API does not publish. */
export function toPublicEvent(event: AgentEvent): BatonTaskEvent | undefined {
  const base = { taskId: event.taskId, at: event.at };
  switch (event.type) {
    case 'user':
      return frozen({ ...base, type: 'user', text: event.text });
    case 'text':
    case 'reasoning':
      return frozen({ ...base, type: event.type, delta: event.delta });
    case 'assistant':
      return frozen({
        ...base,
        type: 'assistant',
        text: event.text,
        reasoning: event.reasoning,
        toolCalls: event.toolCalls.map((c) => ({ id: c.id, name: c.name, args: copy(c.args) })),
        partial: event.partial,
      });
    case 'tool_call':
      return frozen({ ...base, type: 'tool_call', call: { id: event.call.id, name: event.call.name, args: copy(event.call.args) } });
    case 'tool_result':
      return frozen({
        ...base,
        type: 'tool_result',
        toolCallId: event.toolCallId,
        toolName: event.toolName,
        content: event.content,
        isError: event.isError,
        filesRead: [...(event.filesRead ?? [])],
        filesWritten: [...(event.filesWritten ?? [])],
      });
    case 'spawned':
      return frozen({ ...base, type: 'spawned', childId: event.childId, title: event.title, goal: event.goal });
    case 'checkpoint':
      return frozen({ ...base, type: 'checkpoint', checkpoint: publicCheckpoint(event.checkpoint) });
    case 'retrying':
      return frozen({ ...base, type: 'retrying', attempt: event.attempt, maxAttempts: event.maxAttempts, waitMs: event.waitMs, reason: event.reason });
    case 'stalled':
      return frozen({ ...base, type: 'stalled', sinceMs: event.sinceMs });
    case 'status':
      return frozen({ ...base, type: 'status', status: event.status, ...(event.detail !== undefined && { detail: event.detail }) });
    case 'done':
      return frozen({ ...base, type: 'done', status: event.status });
    default:
      return undefined;
  }
}

export function publicCheckpoint(c: Checkpoint): BatonCheckpoint {
  return {
    summary: c.summary,
    filesRead: [...c.filesRead],
    filesWritten: [...c.filesWritten],
    ...(c.blockers !== undefined && { blockers: c.blockers }),
    ...(c.nextStep !== undefined && { nextStep: c.nextStep }),
    at: c.at,
  };
}

/** A deep copy of a JSON value (tool arguments come from a model or the journal: JSON). */
function copy(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Freezes `value` and everything in it; returns it. */
export function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) frozen(inner);
  }
  return value;
}
