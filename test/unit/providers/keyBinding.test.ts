/** Keys are bound to the origin they were entered for (issue 8, item 4): the pure rules. */
import assert from 'node:assert/strict';
import {
  keyBindingFor,
  keyOrigin,
  legacyKeyDestination,
  legacySecretName,
  resolveBaseUrl,
  secretNameFor,
} from '../../../src/core/providers';

describe('API keys bound to origins', () => {
  it('normalises an origin: case, default ports, IDN, user info, path and trailing dot', () => {
    assert.equal(keyOrigin('HTTPS://API.Anthropic.COM:443/v1/'), 'https://api.anthropic.com');
    assert.equal(keyOrigin('http://127.0.0.1:80/v1'), 'http://127.0.0.1');
    assert.equal(keyOrigin('http://127.0.0.1:11434/v1'), 'http://127.0.0.1:11434');
    assert.equal(keyOrigin('https://user:secret@openrouter.ai/api/v1'), 'https://openrouter.ai');
    assert.equal(keyOrigin('https://münchen.example/v1'), 'https://xn--mnchen-3ya.example');
    assert.equal(keyOrigin('https://api.openai.com./v1'), 'https://api.openai.com');
    assert.equal(keyOrigin('https://api.openai.com.:8443/v1'), 'https://api.openai.com:8443');
    assert.equal(keyOrigin('http://[::1]:11434/v1'), 'http://[::1]:11434');
    assert.equal(keyOrigin('  https://api.openai.com/v1  '), 'https://api.openai.com');
  });

  it('tells apart what is not the same server: scheme, port, host', () => {
    const origins = ['http://api.example.com', 'https://api.example.com', 'https://api.example.com:8443', 'https://api.example.org', 'https://evil.api.example.com'].map(keyOrigin);
    assert.equal(new Set(origins).size, origins.length);
  });

  it('has no origin (so no key) for a URL that is not http(s) or does not parse', () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com', 'localhost:11434', 'not a url', '']) assert.equal(keyOrigin(url), undefined, url);
    assert.equal(keyBindingFor({ provider: 'openai-compatible', baseUrl: 'localhost:11434/v1' }), undefined);
  });

  it('resolves each provider’s default base URL before binding, so an unset base URL is not a wildcard', () => {
    assert.equal(resolveBaseUrl('anthropic', undefined), 'https://api.anthropic.com/v1');
    assert.equal(resolveBaseUrl('openai-compatible', '   '), 'http://127.0.0.1:11434/v1');
    assert.deepEqual(keyBindingFor({ provider: 'anthropic' }), { provider: 'anthropic', origin: 'https://api.anthropic.com' });
    assert.deepEqual(keyBindingFor({ provider: 'openai-compatible' }), { provider: 'openai-compatible', origin: 'http://127.0.0.1:11434' });
    assert.deepEqual(keyBindingFor({ provider: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1' }), {
      provider: 'openai-compatible',
      origin: 'https://openrouter.ai',
    });
  });

  it('binds no key for providers that take none', () => {
    assert.equal(keyBindingFor({ provider: 'demo' }), undefined);
    assert.equal(keyBindingFor({ provider: 'vscode-lm' }), undefined);
  });

  it('stores each binding under its own secret name, apart from the old per-provider name', () => {
    const names = [
      secretNameFor({ provider: 'anthropic', origin: 'https://api.anthropic.com' }),
      secretNameFor({ provider: 'openai-compatible', origin: 'https://api.anthropic.com' }),
      secretNameFor({ provider: 'openai-compatible', origin: 'https://openrouter.ai' }),
      legacySecretName('anthropic'),
      legacySecretName('openai-compatible'),
    ];
    assert.equal(new Set(names).size, names.length);
    assert.equal(legacySecretName('anthropic'), 'baton.apiKey.anthropic', 'the name older versions stored');
  });

  describe('keys stored per provider by an older Baton', () => {
    it('an Anthropic key goes to Anthropic’s API, whatever the base URL says', () => {
      const anthropic = { provider: 'anthropic', origin: 'https://api.anthropic.com' };
      assert.deepEqual(legacyKeyDestination('anthropic', { provider: 'anthropic' }), anthropic);
      assert.deepEqual(legacyKeyDestination('anthropic', { provider: 'anthropic', baseUrl: 'https://proxy.example/v1' }), anthropic);
      assert.deepEqual(legacyKeyDestination('anthropic', { provider: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1' }), anthropic);
    });

    it('an OpenAI-compatible key stays with the base URL the user set for that provider', () => {
      assert.deepEqual(legacyKeyDestination('openai-compatible', { provider: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1' }), {
        provider: 'openai-compatible',
        origin: 'https://openrouter.ai',
      });
    });

    it('an OpenAI-compatible key is dropped when no server of its own was set (it was going to the local default)', () => {
      assert.equal(legacyKeyDestination('openai-compatible', { provider: 'openai-compatible' }), undefined);
      assert.equal(legacyKeyDestination('openai-compatible', { provider: 'openai-compatible', baseUrl: ' ' }), undefined);
      assert.equal(legacyKeyDestination('openai-compatible', { provider: 'anthropic', baseUrl: 'https://proxy.example/v1' }), undefined);
      assert.equal(legacyKeyDestination('openai-compatible', { provider: 'openai-compatible', baseUrl: 'not a url' }), undefined);
    });
  });
});
