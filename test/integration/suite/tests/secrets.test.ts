/**
 * API keys go to VS Code's SecretStorage through Set API Key, never into settings, each bound
 * to the origin of the server it is for: another base URL has no key until one is entered.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KeyBinding } from '../../../../src/core/providers';
import { baton, Prompts, setSetting, userDataDir } from '../harness';

const KEY = `sk-ant-integration-${process.pid}-${Date.now()}`;
const PROXY_KEY = `sk-proxy-integration-${process.pid}-${Date.now()}`;
const ANTHROPIC: KeyBinding = { provider: 'anthropic', origin: 'https://api.anthropic.com' };
const PROXY: KeyBinding = { provider: 'anthropic', origin: 'https://llm-proxy.example:8443' };

const anthropicItem = (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label === 'Anthropic');

describe('SecretStorage', () => {
  let prompts: Prompts;

  beforeEach(() => {
    prompts = new Prompts();
  });
  afterEach(async function () {
    prompts.restore();
    if (this.currentTest?.state === 'passed') prompts.assertClean();
    await setSetting('anthropic.baseUrl', undefined);
  });

  it('Set API Key says which server the key is for, and stores it for that origin only', async () => {
    const services = await baton();
    prompts
      .quickPick((items) => {
        assert.equal(anthropicItem(items)?.description, 'for https://api.anthropic.com · no key stored');
        return anthropicItem(items);
      }, /Set API Key/)
      .input(KEY, /API key for Anthropic at https:\/\/api\.anthropic\.com/, (o) => {
        assert.equal(o.password, true, 'typed as a password');
        assert.match(o.prompt ?? '', /No key is stored for this server yet\. Sent only to https:\/\/api\.anthropic\.com/);
      });
    await vscode.commands.executeCommand('baton.setApiKey');
    assert.equal(await services.keys.get(ANTHROPIC), KEY);
    assert.equal(await services.keys.get(PROXY), undefined, 'not for another server');
    assert.equal(await services.keys.get({ provider: 'openai-compatible', origin: 'http://127.0.0.1:11434' }), undefined, 'not for another provider');
    assert.ok(prompts.shown('info').some((c) => /API key for Anthropic at https:\/\/api\.anthropic\.com saved/.test(c.text)));
  });

  it('another base URL has no key until one is entered for it; each server keeps its own', async () => {
    const services = await baton();
    // Anthropic's own base URL (each provider has its own): a proxy.
    await setSetting('anthropic.baseUrl', 'https://LLM-proxy.example:8443/v1/');
    prompts
      .quickPick((items) => {
        assert.equal(anthropicItem(items)?.description, 'for https://llm-proxy.example:8443 · no key stored', 'the Anthropic key is not offered to the proxy');
        return anthropicItem(items);
      }, /Set API Key/)
      .input(PROXY_KEY, /API key for Anthropic at https:\/\/llm-proxy\.example:8443/);
    await vscode.commands.executeCommand('baton.setApiKey');
    assert.equal(await services.keys.get(PROXY), PROXY_KEY);
    assert.equal(await services.keys.get(ANTHROPIC), KEY, 'the key for Anthropic’s own API is untouched');
    await services.keys.clear(PROXY);
  });

  it('the key is in no setting and not in settings.json', async () => {
    const everything = JSON.stringify(vscode.workspace.getConfiguration('baton'));
    assert.ok(!everything.includes(KEY), 'not in the baton.* configuration');
    const userData = userDataDir();
    if (userData) {
      const file = path.join(userData, 'User', 'settings.json');
      assert.ok(!fs.readFileSync(file, 'utf8').includes(KEY), `not in ${file}`);
    }
  });

  it('an empty key removes the stored one', async () => {
    const services = await baton();
    prompts
      .quickPick((items) => {
        assert.equal(anthropicItem(items)?.description, 'for https://api.anthropic.com · key stored');
        return anthropicItem(items);
      }, /Set API Key/)
      .input('', /API key for Anthropic/, (o) => assert.match(o.prompt ?? '', /A key is stored for this server/));
    await vscode.commands.executeCommand('baton.setApiKey');
    assert.equal(await services.keys.get(ANTHROPIC), undefined);
  });

  it('Set API Key is two numbered steps: Back from the key returns to the provider, and Escape stores nothing', async () => {
    const services = await baton();
    const local: KeyBinding = { provider: 'openai-compatible', origin: 'http://127.0.0.1:11434' };
    const before = [await services.keys.get(ANTHROPIC), await services.keys.get(local)];
    prompts
      .quickPick((items) => items.find((i) => i.label === 'OpenAI-compatible'), /Set API Key \(1\/2\)/)
      .back(/Set API Key: API key for OpenAI-compatible at http:\/\/127\.0\.0\.1:11434 \(2\/2\)/)
      .quickPick(anthropicItem, /Set API Key \(1\/2\)/)
      .input(undefined, /API key for Anthropic at https:\/\/api\.anthropic\.com \(2\/2\)/);
    await vscode.commands.executeCommand('baton.setApiKey');
    assert.deepEqual([await services.keys.get(ANTHROPIC), await services.keys.get(local)], before, 'nothing stored or removed');
    assert.equal(prompts.shown('info').length, 0, 'no "saved" message');
  });
});
