/** Baton: Select Model — picks the provider and model new tasks use (written to user settings). */
import * as vscode from 'vscode';
import type { BatonCommand } from './command';

interface ModelPick extends vscode.QuickPickItem {
  provider: string;
  model?: string;
}

export const selectModel: BatonCommand = {
  id: 'baton.selectModel',
  async run({ log }) {
    const items: ModelPick[] = [];
    const lm = await Promise.resolve(vscode.lm.selectChatModels()).catch(() => []);
    if (lm.length) {
      items.push({ label: 'VS Code language models', kind: vscode.QuickPickItemKind.Separator, provider: '' });
      for (const m of lm) items.push({ label: m.name, description: `${m.vendor} · ${m.family}`, provider: 'vscode-lm', model: m.id });
    }
    items.push(
      { label: 'Other providers', kind: vscode.QuickPickItemKind.Separator, provider: '' },
      { label: '$(server) OpenAI-compatible endpoint…', description: 'Ollama, LM Studio, vLLM, OpenRouter, OpenAI', provider: 'openai-compatible' },
      { label: '$(cloud) Anthropic…', provider: 'anthropic' },
      { label: '$(beaker) Demo model (scripted)', description: 'a fixed demonstration, not a real model', provider: 'demo', model: 'baton-demo' },
    );
    const pick = await vscode.window.showQuickPick(items, { title: 'Baton: Select Model', placeHolder: 'Model for new tasks' });
    if (!pick) return;
    const config = vscode.workspace.getConfiguration('baton');
    let model = pick.model;
    if (!model) {
      model = await vscode.window.showInputBox({
        title: `${pick.provider === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'} model name`,
        value: config.get<string>('model') ?? '',
        prompt: pick.provider === 'anthropic' ? 'e.g. claude-sonnet-4-5' : 'e.g. qwen2.5-coder:7b (Ollama) or gpt-4o-mini (OpenAI)',
        ignoreFocusOut: true,
      });
      if (!model?.trim()) return;
    }
    await config.update('provider', pick.provider, vscode.ConfigurationTarget.Global);
    await config.update('model', model.trim(), vscode.ConfigurationTarget.Global);
    log.info(`Model for new tasks: ${pick.provider}/${model}`);
    void vscode.window.showInformationMessage(`Baton: new tasks use ${pick.provider === 'demo' ? 'Demo model (scripted)' : model}.`);
  },
};
