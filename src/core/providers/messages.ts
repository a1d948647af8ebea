/**
 * Converts Baton's conversation ({@link ChatMessage}) and tools into the AI SDK's
 * `ModelMessage` / tool set, which each SDK provider then turns into its wire format.
 */
import { jsonSchema, tool, type ModelMessage, type ToolSet } from 'ai';
import type { ChatMessage, ToolDefinition } from './types';

type AssistantPart = Exclude<Extract<ModelMessage, { role: 'assistant' }>['content'], string>[number];
type ToolResultPart = Extract<Exclude<Extract<ModelMessage, { role: 'tool' }>['content'], string>[number], { type: 'tool-result' }>;

/**
 * Reasoning is not replayed: OpenAI-compatible servers disagree on whether they accept
 * `reasoning_content` in input, and Anthropic needs a signature we do not keep.
 */
export function toModelMessages(messages: readonly ChatMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        out.push({ role: 'user', content: message.content });
        break;
      case 'assistant': {
        const parts: AssistantPart[] = [];
        if (message.content.length > 0) parts.push({ type: 'text', text: message.content });
        for (const call of message.toolCalls ?? []) {
          parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.args ?? {} });
        }
        // An empty assistant turn (e.g. stopped before any output) is legal for no backend.
        if (parts.length > 0) out.push({ role: 'assistant', content: parts });
        break;
      }
      case 'tool': {
        const part: ToolResultPart = {
          type: 'tool-result',
          toolCallId: message.toolCallId,
          toolName: message.toolName,
          output: message.isError ? { type: 'error-text', value: message.content } : { type: 'text', value: message.content },
        };
        // Consecutive results answer one assistant turn: keep them in one message.
        const last = out[out.length - 1];
        if (last?.role === 'tool') last.content.push(part);
        else out.push({ role: 'tool', content: [part] });
        break;
      }
    }
  }
  return out;
}

/** Tools without `execute`: the SDK hands every call back to us instead of running it. */
export function toToolSet(tools: readonly ToolDefinition[]): ToolSet {
  const set: ToolSet = {};
  for (const definition of tools) {
    set[definition.name] = tool({
      description: definition.description,
      inputSchema: jsonSchema(definition.parameters as Parameters<typeof jsonSchema>[0]),
    });
  }
  return set;
}
