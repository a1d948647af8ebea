/** Builds the model provider for a task's route: the HTTP backends from core, or `vscode.lm`. */
import { createProvider, isBuiltInRoute, ProviderError, type ModelProvider } from '../../core/providers';
import type { TaskRecord } from '../../shared/task';
import { createVsCodeLmProvider } from '../providers/vscodeLm';
import type { ApiKeys } from './secrets';
import { modelRoute } from './settings';

export function providerFor(task: TaskRecord, keys: ApiKeys): ModelProvider {
  const route = task.modelRoute ?? modelRoute();
  if (route.provider === 'vscode-lm') return createVsCodeLmProvider(route.model);
  if (isBuiltInRoute(route)) return createProvider(route, (binding) => keys.get(binding));
  return {
    label: route.provider,
    async *streamTurn() {
      throw new ProviderError('bad_request', `Unknown model provider "${route.provider}". Pick one with "Baton: Select Model".`, { retryable: false });
    },
  };
}
