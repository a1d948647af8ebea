/**
 * Baton: Set API Key — stores (or clears) the key of a provider for the server it is sent to:
 * the origin of that provider's base URL, or the provider's default. The picker says which server that
 * is and whether a key is stored for it, since a key entered here goes nowhere else. Two steps,
 * like Select Model's: the provider, then the key (Back returns to the provider).
 */
import * as vscode from 'vscode';
import { keyBindingFor, type KeyBinding, type KeyedProviderId } from '../../core/providers';
import { baseUrlFor, modelRoute } from '../runtime/settings';
import { BACK, inputStep, pickStep, runSteps, type PickItem, type Step } from '../ui/multiStepInput';
import type { BatonCommand } from './command';

const TITLE = 'Baton: Set API Key';

interface KeyTarget {
  provider: KeyedProviderId;
  name: string;
  binding: KeyBinding | undefined;
  stored: boolean;
}

const PROVIDERS: readonly { provider: KeyedProviderId; name: string; what: string }[] = [
  { provider: 'openai-compatible', name: 'OpenAI-compatible', what: 'OpenAI, OpenRouter, vLLM, LM Studio…' },
  { provider: 'anthropic', name: 'Anthropic', what: 'Claude models' },
];

export const setApiKey: BatonCommand = {
  id: 'baton.setApiKey',
  async run({ keys, log }) {
    const route = modelRoute();
    const items = await Promise.all(
      PROVIDERS.map(async ({ provider, name, what }): Promise<PickItem<KeyTarget>> => {
        const binding = keyBindingFor({ provider, baseUrl: baseUrlFor(provider) });
        const stored = binding !== undefined && (await keys.get(binding)) !== undefined;
        const where = binding ? `for ${binding.origin} · ${stored ? 'key stored' : 'no key stored'}` : 'its base URL is not an http(s) URL';
        return { label: name, description: where, detail: what, value: { provider, name, binding, stored } };
      }),
    );
    // The provider new tasks use comes first.
    items.sort((a, b) => Number(b.value?.provider === route.provider) - Number(a.value?.provider === route.provider));
    const choose: Step = async () => {
      const pick = await pickStep({ title: TITLE, step: 1, totalSteps: 2 }, { placeholder: 'Which provider is the key for? It is sent only to the server shown.', items });
      if (pick === BACK || pick === undefined) return undefined;
      const binding = pick.binding;
      if (!binding) {
        void vscode.window.showErrorMessage(`Baton: the base URL of ${pick.name} (${baseUrlFor(pick.provider) ?? ''}) is not an http(s) URL, so no key can be bound to it. Fix it with Baton: Select Model first.`);
        return undefined;
      }
      return async () => {
        const key = await inputStep(
          { title: `${TITLE}: API key for ${pick.name} at ${binding.origin}`, step: 2, totalSteps: 2 },
          {
            prompt: `${pick.stored ? 'A key is stored for this server: enter a new one to replace it, or leave empty to remove it.' : 'No key is stored for this server yet.'} Sent only to ${binding.origin}; kept in VS Code's secret storage, never in settings.`,
            password: true,
          },
        );
        if (key === BACK || key === undefined) return key;
        if (key) {
          await keys.set(binding, key);
          log.info(`Stored an API key for ${binding.provider} at ${binding.origin}`);
          void vscode.window.showInformationMessage(`Baton: API key for ${pick.name} at ${binding.origin} saved.`);
        } else if (pick.stored) {
          await keys.clear(binding);
          log.info(`Removed the API key for ${binding.provider} at ${binding.origin}`);
          void vscode.window.showInformationMessage(`Baton: API key for ${pick.name} at ${binding.origin} removed.`);
        }
        return undefined;
      };
    };
    await runSteps(choose);
  },
};
