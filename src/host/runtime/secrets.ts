/**
 * API keys live in SecretStorage only: never in settings, never in logs. Each key is bound to
 * the provider and origin it was entered for (core/providers/keyBinding.ts), so it is only ever
 * sent to that server.
 */
import { legacyKeyDestination, legacySecretName, secretNameFor, type KeyBinding, type KeyedProviderId } from '../../core/providers';
import type { ModelRoute } from '../../shared/task';

/** The part of `vscode.SecretStorage` Baton uses (a Map stands in for it in unit tests). */
export interface SecretStore {
  get(name: string): PromiseLike<string | undefined>;
  store(name: string, value: string): PromiseLike<void>;
  delete(name: string): PromiseLike<void>;
}

/** What happened to a key stored the old way (per provider). */
export type LegacyKeyOutcome = { provider: KeyedProviderId; movedTo: KeyBinding } | { provider: KeyedProviderId; dropped: true };

const LEGACY_PROVIDERS: readonly KeyedProviderId[] = ['anthropic', 'openai-compatible'];

export class ApiKeys {
  /** Lookups wait for the upgrade of old keys, so the first turn after it finds the moved key. */
  private upgrade: Promise<unknown> = Promise.resolve();

  constructor(private readonly secrets: SecretStore) {}

  async get(binding: KeyBinding): Promise<string | undefined> {
    await this.upgrade;
    return this.secrets.get(secretNameFor(binding));
  }

  async set(binding: KeyBinding, key: string): Promise<void> {
    await this.upgrade;
    await this.secrets.store(secretNameFor(binding), key);
  }

  async clear(binding: KeyBinding): Promise<void> {
    await this.upgrade;
    await this.secrets.delete(secretNameFor(binding));
  }

  /**
   * Moves keys stored per provider (before keys were bound to origins) to the binding
   * `legacyKeyDestination` picks for the user's route at upgrade time, or deletes them. The old
   * entry is deleted either way, so this happens once. A key already stored for the new binding
   * is kept: the user entered it after the upgrade.
   */
  migrateLegacy(route: ModelRoute): Promise<LegacyKeyOutcome[]> {
    const run = this.upgrade.then(async () => {
      const outcomes: LegacyKeyOutcome[] = [];
      for (const provider of LEGACY_PROVIDERS) {
        const old = legacySecretName(provider);
        const key = await this.secrets.get(old);
        if (key === undefined) continue;
        const binding = legacyKeyDestination(provider, route);
        if (binding && (await this.secrets.get(secretNameFor(binding))) === undefined) await this.secrets.store(secretNameFor(binding), key);
        await this.secrets.delete(old);
        outcomes.push(binding ? { provider, movedTo: binding } : { provider, dropped: true });
      }
      return outcomes;
    });
    // A failing secret store must not block every later lookup: they read what is there.
    this.upgrade = run.catch(() => undefined);
    return run;
  }
}
