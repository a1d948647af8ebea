/**
 * Baton: Select Model… — one multi-step input that asks for what the choice needs: the provider
 * (VS Code's language models listed by name, the current one marked), then for an
 * OpenAI-compatible server the endpoint (presets, or a URL), an API key when the server takes
 * one (saying whether one is stored for it), and the model, from the list the server gives
 * (`/v1/models`, Ollama's tags) or typed by hand. Written to user settings: the provider, the
 * model, and that provider's own base URL.
 */
import * as vscode from 'vscode';
import { DEFAULT_BASE_URLS, keyBindingFor, type KeyBinding } from '../../core/providers';
import { baseUrlProblem, OPENAI_COMPATIBLE_PRESETS, presetFor, type EndpointPreset } from '../models/endpoints';
import { listModels } from '../models/modelList';
import type { ApiKeys } from '../runtime/secrets';
import { BASE_URL_SETTINGS, baseUrlFor, modelRoute } from '../runtime/settings';
import type { BatonCommand } from './command';

const TITLE = 'Baton: Select Model';

interface Pick<T> extends vscode.QuickPickItem {
  value?: T;
}

type Choice = { provider: 'vscode-lm'; model: string } | { provider: 'openai-compatible' | 'anthropic' } | { provider: 'demo' } | { provider: 'none-lm' };

export const selectModel: BatonCommand = {
  id: 'baton.selectModel',
  async run({ keys, log }) {
    const current = modelRoute();
    const choice = await pickProvider(current);
    if (!choice) return;
    if (choice.provider === 'none-lm') {
      void vscode.window.showInformationMessage('No VS Code language model is available: install an extension that provides one (GitHub Copilot does), then run Select Model again.');
      return;
    }
    if (choice.provider === 'demo' || choice.provider === 'vscode-lm') {
      const model = choice.provider === 'demo' ? 'baton-demo' : choice.model;
      await save(choice.provider, model, undefined);
      log.info(`Model for new tasks: ${choice.provider}/${model}`);
      void vscode.window.showInformationMessage(`Baton: new tasks use ${choice.provider === 'demo' ? 'the Demo model (scripted)' : model}.`);
      return;
    }
    const provider = choice.provider;
    const steps = provider === 'openai-compatible' ? 4 : 3;
    const baseUrl = await pickEndpoint(provider, current.provider === provider ? current.baseUrl : baseUrlFor(provider));
    if (baseUrl === undefined) return;
    const binding = keyBindingFor({ provider, baseUrl: baseUrl || undefined });
    const key = await askKey(keys, provider, baseUrl, binding, steps);
    if (key === null) return;
    const model = await pickModel(provider, baseUrl, key, current.provider === provider ? current.model : undefined, steps);
    if (!model) return;
    await save(provider, model, baseUrl);
    log.info(`Model for new tasks: ${provider}/${model} at ${baseUrl || 'the default URL'}`);
    void vscode.window.showInformationMessage(`Baton: new tasks use ${model} (${provider === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'}${baseUrl ? ` at ${baseUrl}` : ''}).`);
  },
};

/** Step 1: the provider; VS Code's language models are listed by name, and the current choice is marked. */
async function pickProvider(current: ReturnType<typeof modelRoute>): Promise<Choice | undefined> {
  // The current choice is ticked; the others keep the same indent.
  const mark = (yes: boolean) => (yes ? '$(check) ' : '$(blank) ');
  const lm = await Promise.resolve(vscode.lm.selectChatModels()).catch(() => []);
  const items: Pick<Choice>[] = [{ label: 'VS Code language models', kind: vscode.QuickPickItemKind.Separator }];
  if (lm.length === 0) {
    items.push({ label: '$(info) None available', description: 'an extension such as GitHub Copilot provides them', value: { provider: 'none-lm' } });
  }
  for (const m of lm) {
    const isCurrent = current.provider === 'vscode-lm' && (current.model === m.id || current.model === m.family);
    items.push({ label: `${mark(isCurrent)}${m.name}`, description: `${m.vendor} · ${m.family}${isCurrent ? ' · current' : ''}`, value: { provider: 'vscode-lm', model: m.id } });
  }
  const here = (provider: string) => current.provider === provider;
  items.push(
    { label: 'Other providers', kind: vscode.QuickPickItemKind.Separator },
    {
      label: `${mark(here('openai-compatible'))}$(server) OpenAI-compatible server…`,
      description: here('openai-compatible') ? `current: ${current.model}` : 'Ollama, LM Studio, llama.cpp, vLLM, OpenRouter, OpenAI',
      value: { provider: 'openai-compatible' },
    },
    { label: `${mark(here('anthropic'))}$(cloud) Anthropic…`, description: here('anthropic') ? `current: ${current.model}` : 'Claude models', value: { provider: 'anthropic' } },
    { label: `${mark(here('demo'))}$(beaker) Demo model (scripted)`, description: 'a fixed demonstration, not a real model', value: { provider: 'demo' } },
  );
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (1/…)`, placeHolder: 'Which provider should new tasks use?', ignoreFocusOut: true });
  return picked?.value;
}

/** Step 2: where the server is. Empty string: the provider's default URL. */
async function pickEndpoint(provider: 'openai-compatible' | 'anthropic', currentUrl: string | undefined): Promise<string | undefined> {
  const custom = async (value: string) =>
    (
      await vscode.window.showInputBox({
        title: `${TITLE} (2/${provider === 'openai-compatible' ? 4 : 3}): the server's base URL`,
        prompt: provider === 'anthropic' ? 'A proxy in front of Anthropic’s API, ending in /v1.' : 'The OpenAI-compatible API’s base URL, usually ending in /v1.',
        value,
        validateInput: baseUrlProblem,
        ignoreFocusOut: true,
      })
    )?.trim();
  if (provider === 'anthropic') {
    const items: Pick<string>[] = [
      { label: `${currentUrl ? '$(blank)' : '$(check)'} Anthropic’s API`, description: DEFAULT_BASE_URLS.anthropic, value: '' },
      { label: `${currentUrl ? '$(check)' : '$(blank)'} Another URL…`, description: currentUrl ?? 'a proxy', value: 'custom' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (2/3): endpoint`, placeHolder: 'Where are Anthropic’s models served?', ignoreFocusOut: true });
    if (!picked) return undefined;
    return picked.value === 'custom' ? custom(currentUrl ?? '') : '';
  }
  const currentPreset = presetFor(currentUrl ?? DEFAULT_BASE_URLS['openai-compatible']);
  const items: Pick<EndpointPreset | 'custom'>[] = OPENAI_COMPATIBLE_PRESETS.map((p) => ({
    label: `${p === currentPreset ? '$(check)' : '$(blank)'} ${p.label}`,
    description: p.baseUrl,
    detail: p.detail,
    value: p,
  }));
  items.push({
    label: `${currentUrl && !currentPreset ? '$(check)' : '$(blank)'} Another server…`,
    description: currentUrl && !currentPreset ? currentUrl : 'enter its URL',
    value: 'custom',
  });
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (2/4): server`, placeHolder: 'Which OpenAI-compatible server?', ignoreFocusOut: true, matchOnDescription: true });
  if (!picked?.value) return undefined;
  if (picked.value === 'custom') return custom(currentUrl && !currentPreset ? currentUrl : 'http://127.0.0.1:8080/v1');
  return picked.value.baseUrl;
}

/**
 * Step 3: the key, when the server takes one, bound to its origin: a stored one is kept unless
 * the user replaces it. Resolves with the key to use (undefined: none), or null when cancelled.
 */
async function askKey(keys: ApiKeys, provider: 'openai-compatible' | 'anthropic', baseUrl: string, binding: KeyBinding | undefined, steps: number): Promise<string | undefined | null> {
  if (!binding) return undefined;
  const stored = await keys.get(binding);
  const required = provider === 'anthropic' || presetFor(baseUrl)?.key === 'required';
  const title = `${TITLE} (3/${steps}): API key for ${binding.origin}`;
  type KeyChoice = 'keep' | 'enter' | 'none';
  const items: Pick<KeyChoice>[] = [];
  if (stored !== undefined) items.push({ label: '$(key) Use the stored key', description: `a key is stored for ${binding.origin}`, value: 'keep' });
  items.push({ label: stored === undefined ? '$(add) Enter a key…' : '$(edit) Enter another key…', description: `sent only to ${binding.origin}`, value: 'enter' });
  if (!required) items.push({ label: '$(circle-slash) No key', description: 'a local server that does not ask for one', value: 'none' });
  const placeHolder = stored === undefined ? `No key is stored for ${binding.origin}.` : `A key is stored for ${binding.origin}.`;
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
  if (!picked) return null;
  if (picked.value === 'keep') return stored;
  if (picked.value === 'none') return undefined;
  const key = await vscode.window.showInputBox({
    title,
    prompt: `Kept in VS Code's secret storage, and sent only to ${binding.origin}.`,
    password: true,
    validateInput: (value) => (value.trim() ? undefined : 'Paste the key (Escape cancels).'),
    ignoreFocusOut: true,
  });
  if (!key?.trim()) return null;
  await keys.set(binding, key.trim());
  return key.trim();
}

/** Step 4: the model, from the server's list (the current one marked), or typed by hand. */
async function pickModel(provider: 'openai-compatible' | 'anthropic', baseUrl: string, key: string | undefined, currentModel: string | undefined, steps: number): Promise<string | undefined> {
  const title = `${TITLE} (${steps}/${steps}): model`;
  const TYPE = '\u0000type';
  const listing = listModels({ provider, baseUrl: baseUrl || undefined, key });
  // A promise of items: the quick pick shows its busy bar while the server answers.
  const items = listing.then((out): Pick<string>[] => {
    const typed: Pick<string> = { label: '$(edit) Enter a model name…', value: TYPE, alwaysShow: true };
    if (!out.ok) return [{ label: `$(warning) ${out.reason}`, description: 'enter the name instead', value: TYPE, alwaysShow: true }, typed];
    return [
      ...out.models.map((m) => ({ label: `${m === currentModel ? '$(check)' : '$(blank)'} ${m}`, ...(m === currentModel && { description: 'current' }), value: m })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      typed,
    ];
  });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: `Models ${baseUrl || DEFAULT_BASE_URLS[provider]} offers`, ignoreFocusOut: true });
  if (!picked?.value) return undefined;
  if (picked.value !== TYPE) return picked.value;
  const out = await listing;
  const typed = await vscode.window.showInputBox({
    title,
    prompt: out.ok ? 'The model name, as the server knows it.' : `${out.reason} Type the model name as the server knows it.`,
    value: currentModel ?? '',
    placeHolder: provider === 'anthropic' ? 'e.g. claude-sonnet-4-5' : 'e.g. qwen2.5-coder:7b',
    validateInput: (value) => (value.trim() ? undefined : 'A model name (Escape cancels).'),
    ignoreFocusOut: true,
  });
  return typed?.trim() || undefined;
}

async function save(provider: string, model: string, baseUrl: string | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('baton');
  const target = vscode.ConfigurationTarget.Global;
  // The old shared base URL belonged to the provider in use: it becomes that provider's own.
  const legacy = config.inspect<string>('baseUrl')?.globalValue?.trim();
  const before = config.inspect<string>('provider')?.globalValue;
  if (legacy && (before === 'openai-compatible' || before === 'anthropic') && !config.inspect<string>(BASE_URL_SETTINGS[before])?.globalValue) {
    await config.update(BASE_URL_SETTINGS[before], legacy, target);
  }
  if (legacy !== undefined) await config.update('baseUrl', undefined, target);
  await config.update('provider', provider, target);
  await config.update('model', model, target);
  if (provider === 'openai-compatible' || provider === 'anthropic') await config.update(BASE_URL_SETTINGS[provider], baseUrl || undefined, target);
}
