/** Model backends behind one streaming interface; see `types.ts`. */
import { createAnthropicProvider } from './anthropic';
import { createDemoProvider } from './demo';
import { createOpenAiCompatibleProvider } from './openAiCompatible';
import type { ApiKeyLookup, ModelProvider, ProviderRoute } from './types';

export * from './types';
export { classifyError, parseRetryAfter, redact, type ErrorContext } from './errors';
export { createAnthropicProvider, DEFAULT_ANTHROPIC_BASE_URL } from './anthropic';
export { createOpenAiCompatibleProvider, DEFAULT_OPENAI_COMPATIBLE_BASE_URL } from './openAiCompatible';
export { createDemoProvider, stopDemoServer } from './demo';
export { DEMO_MODEL_LABEL, SUBTASK_SYSTEM_MARKER } from './scripted/demoScript';

/** Builds the provider for a route. API keys are read per turn through `getApiKey`. */
export function createProvider(route: ProviderRoute, getApiKey: ApiKeyLookup): ModelProvider {
  switch (route.provider) {
    case 'openai-compatible':
      return createOpenAiCompatibleProvider({
        model: route.model,
        ...(route.baseUrl !== undefined ? { baseUrl: route.baseUrl } : {}),
        getApiKey: () => getApiKey('openai-compatible'),
      });
    case 'anthropic':
      return createAnthropicProvider({
        model: route.model,
        ...(route.baseUrl !== undefined ? { baseUrl: route.baseUrl } : {}),
        getApiKey: () => getApiKey('anthropic'),
      });
    case 'demo':
      return createDemoProvider();
  }
}

const BUILT_IN = new Set<string>(['openai-compatible', 'anthropic', 'demo']);

/** Narrows a persisted `ModelRoute.provider` string to a backend this module builds. */
export function isBuiltInRoute(route: { provider: string; model: string; baseUrl?: string }): route is ProviderRoute {
  return BUILT_IN.has(route.provider);
}
