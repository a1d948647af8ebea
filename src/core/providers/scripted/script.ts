/**
 * The language of the scripted model server: what one model turn does on the wire.
 * A script is a queue of turns, or a function that picks the turn from the request
 * (so a parent and a child conversation can be scripted independently).
 */

/** One thing the server does while streaming a turn, in order. */
export type TurnStep =
  /** A `content` delta. `delayMs` is waited before it is sent. */
  | { type: 'text'; text: string; delayMs?: number }
  /** A `reasoning_content` delta. */
  | { type: 'reasoning'; text: string; delayMs?: number }
  /**
   * A tool call, sent as several deltas: id and name first, then the JSON arguments in
   * `argChunks` pieces (default 3; 0 sends the whole call in one delta, as Ollama does).
   * `args` that is a string is sent verbatim (for broken arguments).
   */
  | { type: 'tool_call'; name: string; args: unknown; id?: string; argChunks?: number; delayMs?: number }
  | { type: 'pause'; ms: number }
  /** Destroys the socket mid-stream, without a final chunk or `[DONE]`. */
  | { type: 'disconnect' }
  /** A `data:` line that is not a valid chunk. */
  | { type: 'malformed'; raw?: string }
  /** Stops sending but keeps the connection open until the client aborts or the server closes. */
  | { type: 'stall' };

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A normal streamed turn. */
export interface StreamTurn {
  kind?: 'stream';
  steps: TurnStep[];
  /** Defaults to `tool_calls` when the turn has a tool call, else `stop`. */
  finishReason?: 'stop' | 'tool_calls' | 'length' | 'content_filter';
  /** Defaults to a rough estimate; sent only when the client asked for `include_usage`. */
  usage?: TokenUsage;
}

/** An HTTP error instead of a stream (429, 500, 529, ...). */
export interface HttpErrorTurn {
  kind: 'http_error';
  status: number;
  /** Sent as the `Retry-After` header: seconds, or an HTTP date. */
  retryAfter?: number | string;
  message?: string;
}

/** Accepts the request and never sends a byte, until the client aborts or the server closes. */
export interface HangTurn {
  kind: 'hang';
}

/** Streams `tokens` text deltas as fast as the socket takes them (benchmarks). */
export interface FastTurn {
  kind: 'fast';
  tokens: number;
  /** The text of each delta; default "tok ". */
  token?: string;
}

export type ScriptedTurn = StreamTurn | HttpErrorTurn | HangTurn | FastTurn;

/** The OpenAI chat-completions request body, as far as scripts care. */
export interface WireRequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: WireMessage[];
  tools?: { type: 'function'; function: { name: string; description?: string; parameters?: unknown } }[];
  max_tokens?: number;
  /** Anthropic Messages: the system prompt, outside `messages`. */
  system?: unknown;
  /** OpenAI Responses: the conversation, as items. */
  input?: unknown;
  instructions?: unknown;
  [key: string]: unknown;
}

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type WireMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | { type: string; text?: string }[] }
  | { role: 'assistant'; content?: string | null; reasoning_content?: string; tool_calls?: WireToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A request as the server received it, for assertions and routing. */
export interface RecordedRequest {
  /** 0-based position among all requests the server received. */
  index: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (chat completions), or undefined. */
  body: WireRequestBody | undefined;
}

export type ScriptFunction = (request: RecordedRequest, turnIndex: number) => ScriptedTurn | Promise<ScriptedTurn>;

export type Script = ScriptedTurn[] | ScriptFunction;

/** Splits text into word-sized deltas with a delay before each: a model typing. */
export function typed(text: string, delayMs = 0, kind: 'text' | 'reasoning' = 'text'): TurnStep[] {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [];
  return pieces.map((piece) => ({ type: kind, text: piece, delayMs }));
}

/** The text of a wire message's content, whichever shape it came in. */
export function wireText(content: string | null | undefined | { type: string; text?: string }[]): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

/** The system prompt of a recorded request (all system/developer messages joined). */
export function systemPromptOf(request: RecordedRequest): string {
  return (request.body?.messages ?? [])
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => wireText(m.content))
    .join('\n');
}

/** The first user message of a recorded request, for routing by conversation (any of the three wires). */
export function firstUserMessageOf(request: RecordedRequest): string {
  return userMessagesOf(request)[0] ?? '';
}

/**
 * The user messages of a recorded request, in order, whichever wire it came on: chat
 * completions and Anthropic Messages (`messages`), or the Responses API (`input` items; a
 * string input is one message).
 */
export function userMessagesOf(request: RecordedRequest): string[] {
  const body = request.body;
  if (!body) return [];
  if (Array.isArray(body.messages)) {
    return body.messages.flatMap((m) => {
      if (m.role !== 'user') return [];
      // Anthropic puts tool results in user messages: they are not something the user said.
      if (Array.isArray(m.content) && m.content.every((p) => p.type === 'tool_result')) return [];
      return [wireText(m.content)];
    });
  }
  if (typeof body.input === 'string') return [body.input];
  if (!Array.isArray(body.input)) return [];
  return (body.input as { role?: string; type?: string; content?: unknown }[]).flatMap((item) => {
    if (item.role !== 'user') return [];
    if (typeof item.content === 'string') return [item.content];
    return [Array.isArray(item.content) ? (item.content as { text?: string }[]).map((p) => p.text ?? '').join('') : ''];
  });
}
