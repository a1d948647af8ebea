/**
 * The one streaming interface every model backend implements. The agent loop speaks only
 * this; backends (OpenAI-compatible, Anthropic, `vscode.lm` in the host, the scripted demo)
 * translate to and from their wire formats.
 */
import type { KeyBinding } from './keyBinding';

/** A JSON Schema (draft 7 subset) describing a tool's arguments. */
export interface JsonSchemaObject {
  type?: string | string[];
  properties?: Record<string, JsonSchemaObject>;
  required?: string[];
  items?: JsonSchemaObject | JsonSchemaObject[];
  enum?: unknown[];
  description?: string;
  additionalProperties?: boolean | JsonSchemaObject;
  [keyword: string]: unknown;
}

export interface ToolDefinition {
  name: string;
  description: string;
  parameters: JsonSchemaObject;
}

export interface ToolCall {
  id: string;
  name: string;
  /** Parsed JSON arguments; the raw string when the model sent arguments that do not parse. */
  args: unknown;
}

export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; reasoning?: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string; isError?: boolean };

export interface TurnRequest {
  system: string;
  messages: ChatMessage[];
  tools: ToolDefinition[];
  maxOutputTokens?: number;
}

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'other';

export type TurnEvent =
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  | ({ type: 'tool_call' } & ToolCall)
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'finish'; reason: FinishReason };

/**
 * Streams one model turn. The iterable ends after `finish`, or throws a {@link ProviderError}.
 * Aborting `signal` cancels the HTTP request at once and throws kind `aborted`.
 * Implementations never retry: the agent loop does, with a visible `retrying` event.
 */
export interface ModelProvider {
  /** Human-readable, e.g. "Ollama (qwen3:8b)"; used in messages and the UI. */
  readonly label: string;
  streamTurn(req: TurnRequest, signal: AbortSignal): AsyncIterable<TurnEvent>;
}

export type ProviderErrorKind =
  | 'rate_limited'
  | 'overloaded'
  | 'server'
  | 'network'
  | 'unreachable'
  | 'auth'
  | 'bad_request'
  | 'malformed'
  | 'aborted';

/**
 * Kinds worth retrying after a wait: the same request may well succeed later. `malformed` is
 * one: a chunk garbled in transit (a proxy, a server hiccup) is as transient as a dropped
 * connection; an endpoint that only ever speaks another protocol fails every attempt and the
 * retry policy's bound (maxAttempts) ends it with the message saying what to check.
 */
export const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limited',
  'overloaded',
  'server',
  'network',
  'malformed',
]);

export interface ProviderErrorInit {
  status?: number;
  retryAfterMs?: number;
  /** Defaults to whether `kind` is in {@link RETRYABLE_KINDS}. */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * A failed model call, classified. `message` is shown to the user as is: it says what
 * happened and what to do, and never contains an API key.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly retryable: boolean;

  constructor(kind: ProviderErrorKind, message: string, init: ProviderErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(kind);
  }

  static isInstance(value: unknown): value is ProviderError {
    return value instanceof ProviderError;
  }
}

export type BuiltInProviderId = 'openai-compatible' | 'anthropic' | 'demo';

export interface ProviderRoute {
  provider: BuiltInProviderId;
  model: string;
  baseUrl?: string;
}

/**
 * Reads the API key stored for one provider at one origin (see `keyBinding.ts`) from
 * SecretStorage, or wherever the host keeps it.
 */
export type ApiKeyLookup = (binding: KeyBinding) => Promise<string | undefined>;
