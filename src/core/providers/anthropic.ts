/** Anthropic's Messages API through `@ai-sdk/anthropic`. */
import { createAnthropic } from '@ai-sdk/anthropic';
import { streamWithAiSdk } from './aiSdkStream';
import type { ErrorContext } from './errors';
import { readApiKey } from './apiKey';
import { keyOrigin } from './origin';
import { ProviderError, type ModelProvider, type TurnEvent, type TurnRequest } from './types';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com/v1';

export interface AnthropicOptions {
  model: string;
  baseUrl?: string;
  /** Read before every turn. Required: there is no environment-variable fallback. */
  getApiKey: () => Promise<string | undefined>;
}

export function createAnthropicProvider(options: AnthropicOptions): ModelProvider {
  const baseUrl = (options.baseUrl?.trim() || DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, '');
  return {
    label: `Anthropic (${options.model})`,
    async *streamTurn(req: TurnRequest, signal: AbortSignal): AsyncGenerator<TurnEvent> {
      const apiKey = (await readApiKey(options.getApiKey))?.trim();
      if (!apiKey) {
        throw new ProviderError('auth', `No Anthropic API key is set for ${keyOrigin(baseUrl) ?? baseUrl}. Set it with Baton: Set API Key, or change Baton: Provider.`);
      }
      const ctx: ErrorContext = {
        label: 'Anthropic',
        baseUrl,
        unreachableHint: 'Check your network connection and Baton: Base URL, or change Baton: Provider.',
        secrets: [apiKey],
      };
      const provider = createAnthropic({ baseURL: baseUrl, apiKey });
      yield* streamWithAiSdk(provider.messages(options.model), req, signal, ctx);
    },
  };
}
