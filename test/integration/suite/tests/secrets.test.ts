/** API keys go to VS Code's SecretStorage through Set API Key, never into settings. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { baton, Prompts, userDataDir } from '../harness';

const KEY = `sk-ant-integration-${process.pid}-${Date.now()}`;

describe('SecretStorage', () => {
  let prompts: Prompts;

  beforeEach(() => {
    prompts = new Prompts();
  });
  afterEach(function () {
    prompts.restore();
    if (this.currentTest?.state === 'passed') prompts.assertClean();
  });

  it('Set API Key stores the key in SecretStorage', async () => {
    const services = await baton();
    prompts
      .quickPick((items) => items.find((i) => i.label === 'Anthropic'), /Set API Key/)
      .input(KEY, /API key for Anthropic/, (o) => assert.equal(o.password, true, 'typed as a password'));
    await vscode.commands.executeCommand('baton.setApiKey');
    assert.equal(await services.keys.get('anthropic'), KEY);
    assert.equal(await services.keys.get('openai-compatible'), undefined, 'keys are per provider');
    assert.ok(prompts.shown('info').some((c) => /saved/.test(c.text)));
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
    prompts.quickPick((items) => items.find((i) => i.label === 'Anthropic'), /Set API Key/).input('', /API key for Anthropic/);
    await vscode.commands.executeCommand('baton.setApiKey');
    assert.equal(await services.keys.get('anthropic'), undefined);
  });
});
