/**
 * OpenAI chat-completions streaming wire format, as the scripted server writes it: one
 * `chat.completion.chunk` object per `data:` line, then `data: [DONE]`.
 */
import type { TokenUsage } from './script';

export interface ChunkContext {
  id: string;
  model: string;
  created: number;
}

export interface WireDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  tool_calls?: {
    index: number;
    id?: string;
    type?: 'function';
    function: { name?: string; arguments: string };
  }[];
}

export function chunk(ctx: ChunkContext, delta: WireDelta, finishReason: string | null = null): string {
  return sse({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
}

export function usageChunk(ctx: ChunkContext, usage: TokenUsage): string {
  return sse({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: null,
    choices: [],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  });
}

export const DONE = 'data: [DONE]\n\n';

export function sse(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** The OpenAI error body shape, which OpenAI-compatible clients parse for the message. */
export function errorBody(status: number, message: string): string {
  const type =
    status === 429 ? 'rate_limit_error'
    : status === 401 || status === 403 ? 'authentication_error'
    : status === 529 || status === 503 ? 'overloaded_error'
    : status >= 500 ? 'server_error'
    : 'invalid_request_error';
  return JSON.stringify({ error: { message, type, param: null, code: null } });
}

/** Splits `text` into `pieces` roughly equal, non-empty parts (fewer if it is short). */
export function splitInto(text: string, pieces: number): string[] {
  const count = Math.max(1, Math.min(pieces, text.length));
  const size = Math.ceil(text.length / count);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts.length > 0 ? parts : [''];
}

/** About four characters a token: good enough for a fake usage report. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
