/** Model backends behind one streaming interface; see `types.ts`. */
import { createAnthropicProvider } from './anthropic';
import { createDemoProvider } from './demo';
import { keyBindingFor, resolveBaseUrl } from './keyBinding';
import { createOpenAiCompatibleProvider } from './openAiCompatible';
import type { ApiKeyLookup, ModelProvider, ProviderRoute } from './types';

export * from './types';
export { classifyError, parseRetryAfter, redact, type ErrorContext } from './errors';
export { createAnthropicProvider, DEFAULT_ANTHROPIC_BASE_URL } from './anthropic';
export { createOpenAiCompatibleProvider, DEFAULT_OPENAI_COMPATIBLE_BASE_URL } from './openAiCompatible';
export { createDemoProvider, stopDemoServer } from './demo';
export * from './keyBinding';
export { DEMO_MODEL_LABEL, SUBTASK_SYSTEM_MARKER } from './scripted/demoScript';

/**
 * Builds the provider for a route. API keys are read per turn through `getApiKey`, for the
 * origin of the base URL the provider sends to (resolved here once, defaults included), so a
 * key only ever goes to the server it was entered for.
 */
export function createProvider(route: ProviderRoute, getApiKey: ApiKeyLookup): ModelProvider {
  if (route.provider === 'demo') return createDemoProvider();
  const baseUrl = resolveBaseUrl(route.provider, route.baseUrl);
  const binding = keyBindingFor({ provider: route.provider, baseUrl });
  const keyFor = () => (binding ? getApiKey(binding) : Promise.resolve(undefined));
  switch (route.provider) {
    case 'openai-compatible':
      return createOpenAiCompatibleProvider({ model: route.model, baseUrl, getApiKey: keyFor });
    case 'anthropic':
      return createAnthropicProvider({ model: route.model, baseUrl, getApiKey: keyFor });
  }
}

const BUILT_IN = new Set<string>(['openai-compatible', 'anthropic', 'demo']);

/** Narrows a persisted `ModelRoute.provider` string to a backend this module builds. */
export function isBuiltInRoute(route: { provider: string; model: string; baseUrl?: string }): route is ProviderRoute {
  return BUILT_IN.has(route.provider);
}
