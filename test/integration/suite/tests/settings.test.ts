/**
 * Settings: Baton reads `baton.*` from VS Code's configuration when it needs them, and Select
 * Model writes them. (The turn budget read from `baton.maxTurns` is checked on a real task in
 * delegation.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { baton, Prompts, setSetting } from '../harness';

describe('settings', () => {
  let prompts: Prompts;

  before(async () => {
    await baton();
  });
  beforeEach(() => {
    prompts = new Prompts();
  });
  afterEach(async function () {
    prompts.restore();
    if (this.currentTest?.state === 'passed') prompts.assertClean();
    await setSetting('provider', 'demo');
    await setSetting('model', undefined);
  });

  it('Select Model writes baton.provider and baton.model to the user settings', async () => {
    await setSetting('provider', 'openai-compatible');
    prompts.quickPick((items) => items.find((i) => /Demo model/.test(i.label)), /Select Model/);
    await vscode.commands.executeCommand('baton.selectModel');
    const config = vscode.workspace.getConfiguration('baton');
    assert.equal(config.inspect('provider')?.globalValue, 'demo');
    assert.equal(config.inspect('model')?.globalValue, 'baton-demo');
    const offered = (prompts.calls[0]?.items ?? []) as vscode.QuickPickItem[];
    assert.ok(offered.some((i) => /OpenAI-compatible/.test(i.label)) && offered.some((i) => /Anthropic/.test(i.label)), 'the picker offers the providers');
  });

  it('Select Model asks for a model name for an OpenAI-compatible endpoint', async () => {
    prompts
      .quickPick((items) => items.find((i) => /OpenAI-compatible endpoint/.test(i.label)), /Select Model/)
      .input('llama3.2:3b', /model name/, (o) => assert.equal(o.value, vscode.workspace.getConfiguration('baton').get('model'), 'prefilled with the current model'));
    await vscode.commands.executeCommand('baton.selectModel');
    const config = vscode.workspace.getConfiguration('baton');
    assert.equal(config.get('provider'), 'openai-compatible');
    assert.equal(config.get('model'), 'llama3.2:3b');
  });

  it('New Task names the model from the settings in its prompt, and Escape creates nothing', async () => {
    const services = await baton();
    const before = services.store.list().length;
    await setSetting('provider', 'anthropic');
    await setSetting('model', 'claude-test-model');
    prompts.input(undefined, /New Task/, (o) => assert.match(o.prompt ?? '', /anthropic \/ claude-test-model/));
    await vscode.commands.executeCommand('baton.newTask');
    assert.equal(services.store.list().length, before, 'no task without a goal');
  });
});
