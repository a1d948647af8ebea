/**
 * Any OpenAI-compatible chat-completions endpoint: Ollama (the default), LM Studio, vLLM,
 * OpenRouter, OpenAI. Streams through a lean client of its own (openAiChatStream.ts says why).
 */
import type { ErrorContext } from './errors';
import { readApiKey } from './apiKey';
import { streamOpenAiChat } from './openAiChatStream';
import type { ModelProvider, TurnEvent, TurnRequest } from './types';

export const DEFAULT_OPENAI_COMPATIBLE_BASE_URL = 'http://127.0.0.1:11434/v1';

export interface OpenAiCompatibleOptions {
  model: string;
  /** Default {@link DEFAULT_OPENAI_COMPATIBLE_BASE_URL} (Ollama). */
  baseUrl?: string;
  /** Read before every turn, so a key set mid-session takes effect. Optional: Ollama needs none. */
  getApiKey?: () => Promise<string | undefined>;
  /** Overrides the label derived from the base URL (e.g. "Demo model (scripted)"). */
  label?: string;
  /** Overrides the "what to do" sentence of the unreachable message. */
  unreachableHint?: string;
}

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): ModelProvider {
  const baseUrl = (options.baseUrl?.trim() || DEFAULT_OPENAI_COMPATIBLE_BASE_URL).replace(/\/+$/, '');
  const service = describeService(baseUrl);
  const label = options.label ?? `${service.name} (${options.model})`;

  return {
    label,
    async *streamTurn(req: TurnRequest, signal: AbortSignal): AsyncGenerator<TurnEvent> {
      const apiKey = (await readApiKey(options.getApiKey))?.trim() || undefined;
      const ctx: ErrorContext = {
        label: options.label ?? service.name,
        baseUrl,
        unreachableHint: options.unreachableHint ?? service.unreachableHint,
        secrets: apiKey ? [apiKey] : [],
      };
      yield* streamOpenAiChat({ baseUrl, model: options.model, ...(apiKey ? { apiKey } : {}) }, req, signal, ctx);
    },
  };
}

interface ServiceDescription {
  name: string;
  unreachableHint: string;
}

/** Names the server behind a base URL well enough to tell the user what to start or fix. */
export function describeService(baseUrl: string): ServiceDescription {
  let host = '';
  let port = '';
  try {
    const url = new URL(baseUrl);
    host = url.hostname;
    port = url.port;
  } catch {
    // An unparseable URL fails at request time with its own message.
  }
  const change = 'or change Baton: Base URL / Baton: Provider.';
  if (port === '11434' || host.includes('ollama')) {
    return { name: 'Ollama', unreachableHint: `Start Ollama (\`ollama serve\`) ${change}` };
  }
  if (port === '1234') {
    return { name: 'LM Studio', unreachableHint: `Start the LM Studio local server ${change}` };
  }
  if (host === 'api.openai.com') {
    return { name: 'OpenAI', unreachableHint: `Check your network connection ${change}` };
  }
  if (host.endsWith('openrouter.ai')) {
    return { name: 'OpenRouter', unreachableHint: `Check your network connection ${change}` };
  }
  return { name: 'the OpenAI-compatible server', unreachableHint: `Check that the server is running ${change}` };
}
