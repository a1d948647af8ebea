/** Agent events for tests: each builder fills `taskId` and a growing `at`. */
import { AgentEvent, type EventInput } from '../../../src/shared/events';

let clock = 1_000;

export function ev(input: EventInput, taskId = 't'): AgentEvent {
  return AgentEvent.parse({ ...input, taskId, at: clock++ });
}

export const text = (delta: string, taskId = 't') => ev({ type: 'text', delta }, taskId);
export const reasoning = (delta: string, taskId = 't') => ev({ type: 'reasoning', delta }, taskId);
export const assistant = (t: string, extra: { reasoning?: string; partial?: boolean } = {}, taskId = 't') =>
  ev({ type: 'assistant', text: t, reasoning: extra.reasoning ?? '', toolCalls: [], partial: extra.partial ?? false }, taskId);
export const toolCall = (id: string, name: string, args: unknown = {}) => ev({ type: 'tool_call', call: { id, name, args } });
export const toolResult = (id: string, name: string, content: string, isError = false) =>
  ev({ type: 'tool_result', toolCallId: id, toolName: name, content, isError });
