/** Baton: Set API Key — stores (or clears) a provider's key in SecretStorage. */
import * as vscode from 'vscode';
import type { BatonCommand } from './command';

const NEEDS_KEY = [
  { label: 'OpenAI-compatible', description: 'OpenAI, OpenRouter, vLLM, LM Studio…', provider: 'openai-compatible' },
  { label: 'Anthropic', description: 'Claude models', provider: 'anthropic' },
];

export const setApiKey: BatonCommand = {
  id: 'baton.setApiKey',
  async run({ keys, log }) {
    const pick = await vscode.window.showQuickPick(NEEDS_KEY, { title: 'Baton: Set API Key', placeHolder: 'Which provider is the key for?' });
    if (!pick) return;
    const key = await vscode.window.showInputBox({
      title: `API key for ${pick.label}`,
      prompt: 'Stored in VS Code\'s secret storage, never in settings. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim()) {
      await keys.set(pick.provider, key.trim());
      log.info(`Stored an API key for ${pick.provider}`);
      void vscode.window.showInformationMessage(`Baton: API key for ${pick.label} saved.`);
    } else {
      await keys.clear(pick.provider);
      log.info(`Removed the API key for ${pick.provider}`);
      void vscode.window.showInformationMessage(`Baton: API key for ${pick.label} removed.`);
    }
  },
};
