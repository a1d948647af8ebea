/** ApiKeys over a stand-in SecretStorage: keys per origin, and the upgrade of per-provider keys. */
import assert from 'node:assert/strict';
import type { KeyBinding } from '../../../src/core/providers';
import { ApiKeys, type SecretStore } from '../../../src/host/runtime/secrets';

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(name: string) {
    return this.values.get(name);
  }
  async store(name: string, value: string) {
    this.values.set(name, value);
  }
  async delete(name: string) {
    this.values.delete(name);
  }
}

const OPENROUTER: KeyBinding = { provider: 'openai-compatible', origin: 'https://openrouter.ai' };
const ELSEWHERE: KeyBinding = { provider: 'openai-compatible', origin: 'https://attacker.example' };
const ANTHROPIC: KeyBinding = { provider: 'anthropic', origin: 'https://api.anthropic.com' };

describe('ApiKeys', () => {
  it('keeps a key for the origin it was entered for, and no other', async () => {
    const keys = new ApiKeys(new MemorySecrets());
    await keys.set(OPENROUTER, 'sk-or');
    assert.equal(await keys.get(OPENROUTER), 'sk-or');
    assert.equal(await keys.get(ELSEWHERE), undefined);
    assert.equal(await keys.get({ provider: 'anthropic', origin: OPENROUTER.origin }), undefined, 'nor another provider at that origin');
    await keys.clear(OPENROUTER);
    assert.equal(await keys.get(OPENROUTER), undefined);
  });

  describe('upgrading keys stored per provider', () => {
    it('binds an old Anthropic key to Anthropic’s API and deletes the old entry', async () => {
      const secrets = new MemorySecrets();
      secrets.values.set('baton.apiKey.anthropic', 'sk-ant');
      const keys = new ApiKeys(secrets);
      const outcomes = await keys.migrateLegacy({ provider: 'anthropic', model: 'claude', baseUrl: 'https://proxy.example/v1' });
      assert.deepEqual(outcomes, [{ provider: 'anthropic', movedTo: ANTHROPIC }]);
      assert.equal(await keys.get(ANTHROPIC), 'sk-ant');
      assert.equal(secrets.values.has('baton.apiKey.anthropic'), false);
      assert.deepEqual(await keys.migrateLegacy({ provider: 'anthropic', model: 'claude' }), [], 'once only');
    });

    it('binds an old OpenAI-compatible key to the base URL set at upgrade time', async () => {
      const secrets = new MemorySecrets();
      secrets.values.set('baton.apiKey.openai-compatible', 'sk-or');
      const keys = new ApiKeys(secrets);
      await keys.migrateLegacy({ provider: 'openai-compatible', model: 'm', baseUrl: 'https://openrouter.ai/api/v1' });
      assert.equal(await keys.get(OPENROUTER), 'sk-or');
      assert.equal(await keys.get({ provider: 'openai-compatible', origin: 'http://127.0.0.1:11434' }), undefined);
    });

    it('drops an old OpenAI-compatible key with no base URL of its own (no key goes to 127.0.0.1:11434)', async () => {
      const secrets = new MemorySecrets();
      secrets.values.set('baton.apiKey.openai-compatible', 'sk-cloud');
      const keys = new ApiKeys(secrets);
      const outcomes = await keys.migrateLegacy({ provider: 'openai-compatible', model: 'm' });
      assert.deepEqual(outcomes, [{ provider: 'openai-compatible', dropped: true }]);
      assert.deepEqual([...secrets.values.values()], [], 'the key is nowhere any more');
    });

    it('keeps a key the user already entered for the new binding', async () => {
      const secrets = new MemorySecrets();
      const keys = new ApiKeys(secrets);
      await keys.set(ANTHROPIC, 'sk-new');
      secrets.values.set('baton.apiKey.anthropic', 'sk-old');
      await keys.migrateLegacy({ provider: 'anthropic', model: 'claude' });
      assert.equal(await keys.get(ANTHROPIC), 'sk-new');
    });

    it('lookups wait for the upgrade, so the first turn after it finds the moved key', async () => {
      const secrets = new MemorySecrets();
      secrets.values.set('baton.apiKey.anthropic', 'sk-ant');
      const keys = new ApiKeys(secrets);
      const upgrade = keys.migrateLegacy({ provider: 'anthropic', model: 'claude' });
      assert.equal(await keys.get(ANTHROPIC), 'sk-ant');
      await upgrade;
    });

    it('a secret store that fails during the upgrade does not block later lookups', async () => {
      const secrets = new MemorySecrets();
      secrets.values.set('baton.apiKey.anthropic', 'sk-ant');
      const keys = new ApiKeys({ ...secrets, get: () => Promise.reject(new Error('keyring locked')), store: secrets.store.bind(secrets), delete: secrets.delete.bind(secrets) });
      await assert.rejects(keys.migrateLegacy({ provider: 'anthropic', model: 'claude' }), /keyring locked/);
      await assert.rejects(keys.get(ANTHROPIC), /keyring locked/, 'the lookup ran (and failed on its own)');
    });
  });
});
