import assert from 'node:assert/strict';
import {
  createProvider,
  DEMO_MODEL_LABEL,
  isBuiltInRoute,
  keyOrigin,
  stopDemoServer,
  SUBTASK_SYSTEM_MARKER,
  type KeyBinding,
} from '../../../src/core/providers';
import { say, withScriptedServer } from '../../fixtures/scriptedModelServer';
import { collect, userTurn } from './collect';

describe('createProvider', () => {
  after(() => stopDemoServer());

  it('labels each backend', () => {
    const keys = async () => undefined;
    assert.equal(createProvider({ provider: 'openai-compatible', model: 'qwen3:8b' }, keys).label, 'Ollama (qwen3:8b)');
    assert.equal(
      createProvider({ provider: 'openai-compatible', model: 'gpt-x', baseUrl: 'https://api.openai.com/v1' }, keys).label,
      'OpenAI (gpt-x)',
    );
    assert.equal(createProvider({ provider: 'anthropic', model: 'claude-x' }, keys).label, 'Anthropic (claude-x)');
    assert.equal(createProvider({ provider: 'demo', model: 'anything' }, keys).label, 'Demo model (scripted)');
    assert.equal(DEMO_MODEL_LABEL, 'Demo model (scripted)');
  });

  it('asks for the key bound to the origin the route sends to, per turn', async () => {
    const asked: KeyBinding[] = [];
    const lookup = async (binding: KeyBinding) => {
      asked.push(binding);
      return undefined;
    };
    const turn = { system: 's', messages: [{ role: 'user' as const, content: 'hi' }], tools: [] };
    const { error } = await collect(createProvider({ provider: 'anthropic', model: 'claude-x' }, lookup), turn);
    assert.equal(error?.kind, 'auth');
    assert.match(error?.message ?? '', /No Anthropic API key is set for https:\/\/api\.anthropic\.com/);
    await collect(createProvider({ provider: 'anthropic', model: 'claude-x', baseUrl: 'http://127.0.0.1:9/v1' }, lookup), turn);
    assert.deepEqual(asked, [
      { provider: 'anthropic', origin: 'https://api.anthropic.com' },
      { provider: 'anthropic', origin: 'http://127.0.0.1:9' },
    ]);
  });

  it('sends a key only to the origin it was stored for: another base URL gets none', async () => {
    const stored = new Map([['https://api.openai.com', 'sk-openai-secret']]);
    await withScriptedServer([say('one'), say('two')], async (server) => {
      const lookup = async (binding: KeyBinding) => stored.get(binding.origin);
      const here = createProvider({ provider: 'openai-compatible', model: 'm', baseUrl: server.baseUrl }, lookup);
      assert.equal((await collect(here, userTurn('hi'))).error, undefined);
      assert.equal(server.chatRequests()[0]?.headers.authorization, undefined, 'the OpenAI key did not go to another server');

      stored.set(keyOrigin(server.baseUrl)!, 'sk-for-this-server');
      assert.equal((await collect(here, userTurn('hi'))).error, undefined);
      assert.equal(server.chatRequests()[1]?.headers.authorization, 'Bearer sk-for-this-server');
    });
  });

  it('starts the demo server on demand and plays the demo over a real socket', async () => {
    const demo = createProvider({ provider: 'demo', model: 'demo' }, async () => undefined);
    const tools = ['delegate_task', 'attempt_completion'].map((name) => ({ name, description: name, parameters: { type: 'object' } }));
    const controller = new AbortController();
    // The real demo is paced for people; take the first events and stop.
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const event of demo.streamTurn({ system: 'orchestrator', messages: [{ role: 'user', content: 'demo' }], tools }, controller.signal)) {
        seen.push(event.type);
        if (event.type === 'text') controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    assert.ok(seen.includes('reasoning'));
    assert.equal((caught as { kind?: string }).kind, 'aborted');
  });

  it('exports the subtask marker the loop must put in a child system prompt', () => {
    assert.equal(SUBTASK_SYSTEM_MARKER, 'You are a subtask agent');
  });

  it('narrows persisted routes to built-in backends', () => {
    assert.equal(isBuiltInRoute({ provider: 'demo', model: 'x' }), true);
    assert.equal(isBuiltInRoute({ provider: 'vscode-lm', model: 'x' }), false);
  });
});
