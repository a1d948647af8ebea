/** API keys live in SecretStorage only: never in settings, never in logs. */
import type * as vscode from 'vscode';

const keyName = (provider: string) => `baton.apiKey.${provider}`;

export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(provider: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(keyName(provider)));
  }

  async set(provider: string, key: string): Promise<void> {
    await this.secrets.store(keyName(provider), key);
  }

  async clear(provider: string): Promise<void> {
    await this.secrets.delete(keyName(provider));
  }
}
