import assert from 'node:assert/strict';
import {
  createProvider,
  DEMO_MODEL_LABEL,
  isBuiltInRoute,
  stopDemoServer,
  SUBTASK_SYSTEM_MARKER,
  type BuiltInProviderId,
} from '../../../src/core/providers';
import { collect } from './collect';

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

  it('asks for the key of the route’s provider, per turn', async () => {
    const asked: BuiltInProviderId[] = [];
    const provider = createProvider({ provider: 'anthropic', model: 'claude-x' }, async (id) => {
      asked.push(id);
      return undefined;
    });
    const { error } = await collect(provider, { system: 's', messages: [{ role: 'user', content: 'hi' }], tools: [] });
    assert.equal(error?.kind, 'auth');
    assert.deepEqual(asked, ['anthropic']);
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
