/**
 * Baton: Select Model… — one multi-step input that asks for what the choice needs: the provider
 * (VS Code's language models listed by name, the current one marked), then for an
 * OpenAI-compatible server the endpoint (presets, or a URL), an API key when the server takes
 * one (saying whether one is stored for it), and the model, from the list the server gives
 * (`/v1/models`, Ollama's tags) or typed by hand. Back returns to the step before, keeping what
 * was typed. Nothing is written until the last step: then the user settings (the provider, the
 * model, and that provider's own base URL) and a new key, if one was entered.
 */
import * as vscode from 'vscode';
import { DEFAULT_BASE_URLS, keyBindingFor, type KeyBinding } from '../../core/providers';
import { baseUrlProblem, OPENAI_COMPATIBLE_PRESETS, presetFor, type EndpointPreset } from '../models/endpoints';
import { listModels } from '../models/modelList';
import type { ApiKeys } from '../runtime/secrets';
import { BASE_URL_SETTINGS, baseUrlFor, modelRoute } from '../runtime/settings';
import { BACK, inputStep, pickStep, runSteps, type PickItem, type Step, type StepPosition } from '../ui/multiStepInput';
import type { BatonCommand } from './command';

const TITLE = 'Baton: Select Model';

type Choice = { provider: 'vscode-lm'; model: string } | { provider: 'openai-compatible' | 'anthropic' } | { provider: 'demo' } | { provider: 'none-lm' };
type Keyed = 'openai-compatible' | 'anthropic';

export const selectModel: BatonCommand = {
  id: 'baton.selectModel',
  async run({ keys, log }) {
    const current = modelRoute();
    const choose: Step = async () => {
      const choice = await pickProvider(current);
      if (choice === BACK || !choice) return undefined;
      if (choice.provider === 'none-lm') {
        void vscode.window.showInformationMessage('No VS Code language model is available: install an extension that provides one (GitHub Copilot does), then run Select Model again.');
        return undefined;
      }
      if (choice.provider === 'demo' || choice.provider === 'vscode-lm') {
        const model = choice.provider === 'demo' ? 'baton-demo' : choice.model;
        await save(choice.provider, model, undefined);
        log.info(`Model for new tasks: ${choice.provider}/${model}`);
        void vscode.window.showInformationMessage(`Baton: new tasks use ${choice.provider === 'demo' ? 'the Demo model (scripted)' : model}.`);
        return undefined;
      }
      return new ServerSteps(choice.provider, current, keys, async ({ baseUrl, model, newKey, binding }) => {
        if (newKey !== undefined && binding) await keys.set(binding, newKey);
        await save(choice.provider, model, baseUrl);
        log.info(`Model for new tasks: ${choice.provider}/${model} at ${baseUrl || 'the default URL'}`);
        void vscode.window.showInformationMessage(`Baton: new tasks use ${model} (${choice.provider === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'}${baseUrl ? ` at ${baseUrl}` : ''}).`);
      }).endpoint;
    };
    await runSteps(choose);
  },
};

/** Step 1: the provider; VS Code's language models are listed by name, and the current choice is marked. */
async function pickProvider(current: ReturnType<typeof modelRoute>): Promise<Choice | typeof BACK | undefined> {
  // The current choice is ticked; the others keep the same indent.
  const mark = (yes: boolean) => (yes ? '$(check) ' : '$(blank) ');
  const lm = await Promise.resolve(vscode.lm.selectChatModels()).catch(() => []);
  const items: PickItem<Choice>[] = [{ label: 'VS Code language models', kind: vscode.QuickPickItemKind.Separator }];
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
  return pickStep({ title: TITLE, step: 1 }, { placeholder: 'Which provider should new tasks use?', items });
}

interface ServerAnswers {
  baseUrl: string;
  model: string;
  /** A key typed in this run, to store (bound to the server's origin) once the last step is answered. */
  newKey: string | undefined;
  binding: KeyBinding | undefined;
}

/**
 * Steps 2 to 4 for a provider that runs on a server: where it is, its key, its model. Each step
 * is a field, so Back (which re-runs the step before) finds what was answered there.
 */
class ServerSteps {
  /** Provider, server, key, model: a server without a key (a local one) skips the third. */
  private readonly total = 4;
  /** Empty string: the provider's default URL. */
  private baseUrl = '';
  /** The URL typed at "Another server…", offered again after Back. */
  private typedUrl: string | undefined;
  private binding: KeyBinding | undefined;
  private key: string | undefined;
  private newKey: string | undefined;

  constructor(
    private readonly provider: Keyed,
    private readonly current: ReturnType<typeof modelRoute>,
    private readonly keys: ApiKeys,
    private readonly done: (answers: ServerAnswers) => Promise<void>,
  ) {}

  private at(step: number, what: string): StepPosition {
    return { title: `${TITLE}: ${what}`, step, totalSteps: this.total };
  }

  private get currentUrl(): string | undefined {
    return this.current.provider === this.provider ? this.current.baseUrl : baseUrlFor(this.provider);
  }

  /** Step 2: where the server is. */
  readonly endpoint: Step = async () => {
    const currentUrl = this.currentUrl;
    if (this.provider === 'anthropic') {
      const items: PickItem<string>[] = [
        { label: `${currentUrl ? '$(blank)' : '$(check)'} Anthropic’s API`, description: DEFAULT_BASE_URLS.anthropic, value: '' },
        { label: `${currentUrl ? '$(check)' : '$(blank)'} Another URL…`, description: currentUrl ?? 'a proxy', value: 'custom' },
      ];
      const where = await pickStep(this.at(2, 'endpoint'), { placeholder: 'Where are Anthropic’s models served?', items });
      if (where === BACK || where === undefined) return where;
      if (where === 'custom') return this.customUrl(currentUrl ?? '');
      return this.server('');
    }
    const currentPreset = presetFor(currentUrl ?? DEFAULT_BASE_URLS['openai-compatible']);
    const items: PickItem<EndpointPreset | 'custom'>[] = OPENAI_COMPATIBLE_PRESETS.map((p) => ({
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
    const preset = await pickStep(this.at(2, 'server'), { placeholder: 'Which OpenAI-compatible server?', items, matchOnDescription: true });
    if (preset === BACK || preset === undefined) return preset;
    if (preset === 'custom') return this.customUrl(currentUrl && !currentPreset ? currentUrl : 'http://127.0.0.1:8080/v1');
    return this.server(preset.baseUrl);
  };

  /** Step 2, continued: a URL typed by hand (what was typed before Back is offered again). */
  private customUrl(suggested: string): Step {
    return async () => {
      const url = await inputStep(this.at(2, "the server's base URL"), {
        prompt: this.provider === 'anthropic' ? 'A proxy in front of Anthropic’s API, ending in /v1.' : 'The OpenAI-compatible API’s base URL, usually ending in /v1.',
        value: this.typedUrl ?? suggested,
        validate: baseUrlProblem,
      });
      if (url === BACK || url === undefined) return url;
      this.typedUrl = url;
      return this.server(url);
    };
  }

  /** The server is chosen: the key step when it takes a key, else the model. */
  private server(baseUrl: string): Step {
    this.baseUrl = baseUrl;
    this.binding = keyBindingFor({ provider: this.provider, baseUrl: baseUrl || undefined });
    this.key = undefined;
    this.newKey = undefined;
    return this.binding ? this.askKey : this.pickModel;
  }

  /** Step 3: the key, bound to the server's origin; a stored one is kept unless the user replaces it. */
  private readonly askKey: Step = async () => {
    const binding = this.binding!;
    const stored = await this.keys.get(binding);
    const required = this.provider === 'anthropic' || presetFor(this.baseUrl)?.key === 'required';
    type KeyChoice = 'keep' | 'enter' | 'none';
    const items: PickItem<KeyChoice>[] = [];
    if (stored !== undefined) items.push({ label: '$(key) Use the stored key', description: `a key is stored for ${binding.origin}`, value: 'keep' });
    items.push({ label: stored === undefined ? '$(add) Enter a key…' : '$(edit) Enter another key…', description: `sent only to ${binding.origin}`, value: 'enter' });
    if (!required) items.push({ label: '$(circle-slash) No key', description: 'a local server that does not ask for one', value: 'none' });
    const placeholder = stored === undefined ? `No key is stored for ${binding.origin}.` : `A key is stored for ${binding.origin}.`;
    const choice = await pickStep(this.at(3, `API key for ${binding.origin}`), { placeholder, items });
    if (choice === BACK || choice === undefined) return choice;
    this.newKey = undefined;
    if (choice === 'enter') return this.typeKey;
    this.key = choice === 'keep' ? stored : undefined;
    return this.pickModel;
  };

  /** Step 3, continued: a new key, stored once the model is chosen too. */
  private readonly typeKey: Step = async () => {
    const binding = this.binding!;
    const key = await inputStep(this.at(3, `API key for ${binding.origin}`), {
      prompt: `Kept in VS Code's secret storage, and sent only to ${binding.origin}.`,
      password: true,
      validate: (value) => (value.trim() ? undefined : 'Paste the key (Escape cancels).'),
    });
    if (key === BACK || key === undefined) return key;
    this.key = key;
    this.newKey = key;
    return this.pickModel;
  };

  /** The last step: the model, from the server's list (the current one marked), or typed by hand. */
  private readonly pickModel: Step = async () => {
    const currentModel = this.current.provider === this.provider ? this.current.model : undefined;
    const TYPE = '\u0000type';
    const listing = listModels({ provider: this.provider, baseUrl: this.baseUrl || undefined, key: this.key });
    // A promise of items: the quick pick shows its busy bar while the server answers.
    const items = listing.then((out): PickItem<string>[] => {
      const typed: PickItem<string> = { label: '$(edit) Enter a model name…', value: TYPE, alwaysShow: true };
      if (!out.ok) return [{ label: `$(warning) ${out.reason}`, description: 'enter the name instead', value: TYPE, alwaysShow: true }, typed];
      return [
        ...out.models.map((m) => ({ label: `${m === currentModel ? '$(check)' : '$(blank)'} ${m}`, ...(m === currentModel && { description: 'current' }), value: m })),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        typed,
      ];
    });
    const at = this.at(this.total, 'model');
    const model = await pickStep(at, { placeholder: `Models ${this.baseUrl || DEFAULT_BASE_URLS[this.provider]} offers`, items });
    if (model === BACK || model === undefined) return model;
    if (model !== TYPE) return this.finish(model);
    const out = await listing;
    return async () => {
      const typed = await inputStep(at, {
        prompt: out.ok ? 'The model name, as the server knows it.' : `${out.reason} Type the model name as the server knows it.`,
        value: currentModel ?? '',
        placeholder: this.provider === 'anthropic' ? 'e.g. claude-sonnet-4-5' : 'e.g. qwen2.5-coder:7b',
        validate: (value) => (value.trim() ? undefined : 'A model name (Escape cancels).'),
      });
      if (typed === BACK || typed === undefined) return typed;
      return this.finish(typed);
    };
  };

  private async finish(model: string): Promise<undefined> {
    await this.done({ baseUrl: this.baseUrl, model, newKey: this.newKey, binding: this.binding });
    return undefined;
  }
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
