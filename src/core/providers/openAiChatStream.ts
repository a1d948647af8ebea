/**
 * A lean client for OpenAI-compatible chat completions: one `fetch`, the server-sent events read
 * as they arrive, each `data:` chunk parsed once. Why not the AI SDK here: its stream pipeline
 * (chunk schemas, transform streams, step bookkeeping) cost milliseconds before the first token
 * on every turn, and this wire format is small and stable. The request is the one the SDK's
 * openai-compatible provider sent, and every failure reaches `classifyError` in the shape the
 * SDK gave it (an HTTP status with headers and body, a stream error object, a parse failure),
 * so errors read and retry exactly as before.
 */
import { randomUUID } from 'node:crypto';
import { classifyError, type ErrorContext } from './errors';
import { ProviderError, type ChatMessage, type FinishReason, type ToolDefinition, type TurnEvent, type TurnRequest } from './types';

export interface OpenAiChatTarget {
  /** Without a trailing slash; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
}

interface ToolCallDelta {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null };
}

interface ChunkDelta {
  content?: string | { type?: string; text?: string; thinking?: { type?: string; text?: string }[] }[] | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: ToolCallDelta[] | null;
}

interface Chunk {
  choices?: { delta?: ChunkDelta | null; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number | null; completion_tokens?: number | null } | null;
  error?: unknown;
}

/** The request body, as the AI SDK's openai-compatible provider wrote it. */
export function chatRequestBody(model: string, req: TurnRequest): Record<string, unknown> {
  return {
    model,
    ...(req.maxOutputTokens !== undefined && { max_tokens: req.maxOutputTokens }),
    messages: [{ role: 'system', content: req.system }, ...toWireMessages(req.messages)],
    ...(req.tools.length > 0 && { tools: req.tools.map(toWireTool), tool_choice: 'auto' }),
    stream: true,
    stream_options: { include_usage: true },
  };
}

/** Reasoning is not replayed: servers disagree on whether they accept it in input. */
function toWireMessages(messages: readonly ChatMessage[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const message of messages) {
    if (message.role === 'user') out.push({ role: 'user', content: message.content });
    else if (message.role === 'tool') out.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
    else {
      const calls = (message.toolCalls ?? []).map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) } }));
      // An empty assistant turn (e.g. stopped before any output) is legal for no backend.
      if (message.content.length === 0 && calls.length === 0) continue;
      out.push({ role: 'assistant', content: calls.length > 0 ? message.content || null : message.content, ...(calls.length > 0 && { tool_calls: calls }) });
    }
  }
  return out;
}

function toWireTool(tool: ToolDefinition): Record<string, unknown> {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}

export async function* streamOpenAiChat(target: OpenAiChatTarget, req: TurnRequest, signal: AbortSignal, ctx: ErrorContext): AsyncGenerator<TurnEvent> {
  if (signal.aborted) throw classifyError(signal.reason, ctx, signal);
  // Our own controller, so leaving the loop early (a consumer's `break`) also cancels the request.
  const request = new AbortController();
  const onAbort = () => request.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    request.signal.addEventListener('abort', () => reject(classifyError(signal.reason, ctx, request.signal)), { once: true });
  });
  aborted.catch(() => undefined);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let finished = false;
  try {
    const response = await Promise.race([
      fetch(`${target.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(target.apiKey && { authorization: `Bearer ${target.apiKey}` }) },
        body: JSON.stringify(chatRequestBody(target.model, req)),
        signal: request.signal,
      }),
      aborted,
    ]);
    if (!response.ok) throw await httpError(response);
    if (!response.body) throw new ProviderError('network', `The response from ${ctx.label} had no body.`);
    reader = response.body.getReader();
    const turn = new TurnAssembler(ctx);
    const decoder = new TextDecoder();
    let buffer = '';
    let data: string[] = [];
    let done = false;
    while (!done) {
      // Racing the abort makes Stop immediate even while the socket is quiet.
      const read = await Promise.race([reader.read(), aborted]);
      if (read.done) break;
      buffer += decoder.decode(read.value, { stream: true });
      for (let newline = buffer.indexOf('\n'); newline >= 0 && !done; newline = buffer.indexOf('\n')) {
        let line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
          continue;
        }
        // A blank line ends an event; other fields (event:, id:, comments) carry nothing here.
        if (line !== '' || data.length === 0) continue;
        const payload = data.join('\n');
        data = [];
        if (payload === '[DONE]') done = true;
        else yield* turn.chunk(payload);
      }
    }
    // A last event without its blank line (or even its newline).
    if (!done && buffer.replace(/\r$/, '').startsWith('data:')) data.push(buffer.replace(/\r$/, '').slice(buffer.startsWith('data: ') ? 6 : 5));
    if (!done && data.length > 0 && data.join('\n') !== '[DONE]') yield* turn.chunk(data.join('\n'));
    yield* turn.end();
    finished = true;
  } catch (error) {
    throw classifyError(error, ctx, request.signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!finished) request.abort();
    reader?.cancel().catch(() => undefined);
  }
}

/** Builds the turn from its chunks: deltas as they come, tool calls and the finish at the end. */
class TurnAssembler {
  private readonly calls = new Map<number, { id: string | undefined; name: string; args: string }>();
  private finish: FinishReason | undefined;
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;

  constructor(private readonly ctx: ErrorContext) {}

  *chunk(payload: string): Generator<TurnEvent> {
    let chunk: Chunk;
    try {
      chunk = JSON.parse(payload) as Chunk;
    } catch (error) {
      throw malformed(`JSON parsing failed: Text: ${payload}. Error message: ${(error as Error).message}`);
    }
    if (typeof chunk !== 'object' || chunk === null) throw malformed(`not a chunk: ${payload}`);
    // A server's error sent inside the stream (OpenRouter, a proxy): classified by its type and code.
    if (chunk.error !== undefined) throw chunk.error;
    if (!Array.isArray(chunk.choices) && !chunk.usage) throw malformed(`not a chat completion chunk: ${payload}`);
    if (chunk.usage) {
      this.inputTokens = chunk.usage.prompt_tokens ?? this.inputTokens;
      this.outputTokens = chunk.usage.completion_tokens ?? this.outputTokens;
    }
    const choice = chunk.choices?.[0];
    if (!choice) return;
    if (choice.finish_reason) this.finish = finishReasonOf(choice.finish_reason);
    const delta = choice.delta;
    if (!delta) return;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning) yield { type: 'reasoning', delta: reasoning };
    if (typeof delta.content === 'string') {
      if (delta.content.length > 0) yield { type: 'text', delta: delta.content };
    } else if (Array.isArray(delta.content)) {
      for (const part of delta.content) {
        if (part.type === 'text' && part.text) yield { type: 'text', delta: part.text };
        else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
          const text = part.thinking.map((t) => (t?.type === 'text' && typeof t.text === 'string' ? t.text : '')).join('');
          if (text) yield { type: 'reasoning', delta: text };
        }
      }
    }
    for (const [position, call] of (delta.tool_calls ?? []).entries()) {
      const index = call.index ?? position;
      let known = this.calls.get(index);
      if (!known) this.calls.set(index, (known = { id: undefined, name: '', args: '' }));
      known.id ??= call.id ?? undefined;
      if (call.function?.name) known.name = call.function.name;
      if (call.function?.arguments) known.args += call.function.arguments;
    }
  }

  *end(): Generator<TurnEvent> {
    if (this.finish === undefined) throw new ProviderError('network', `The response from ${this.ctx.label} ended before the model finished.`);
    for (const index of [...this.calls.keys()].sort((a, b) => a - b)) {
      const call = this.calls.get(index)!;
      // Unknown tools and unparseable arguments are handed on: the loop answers them with an error the model can read.
      yield { type: 'tool_call', id: call.id ?? `call_${randomUUID()}`, name: call.name, args: parseArgs(call.args) };
    }
    if (this.inputTokens !== undefined || this.outputTokens !== undefined) yield { type: 'usage', inputTokens: this.inputTokens ?? 0, outputTokens: this.outputTokens ?? 0 };
    yield { type: 'finish', reason: this.finish };
  }
}

/** No arguments at all means an empty object (servers send "" for argument-less calls); unparseable ones stay the raw string. */
function parseArgs(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function finishReasonOf(reason: string): FinishReason {
  if (reason === 'stop') return 'stop';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool_calls';
  if (reason === 'length') return 'length';
  return 'other';
}

/** A chunk that is not what the wire format says: classified as malformed (a transient garble, retried). */
function malformed(message: string): Error {
  return Object.assign(new Error(message), { name: 'AI_JSONParseError' });
}

/** A failed HTTP response, in the shape `classifyError` reads: status, headers, body, the server's message. */
async function httpError(response: Response): Promise<Error> {
  const body = await response.text().catch(() => '');
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const inner = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message ?? parsed.message;
    if (typeof inner === 'string' && inner.trim()) message = inner;
  } catch {
    if (body.trim()) message = body.trim();
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return Object.assign(new Error(message), { name: 'AI_APICallError', statusCode: response.status, responseHeaders: headers, responseBody: body });
}
