/** The settings that feed the orchestrator (issue 10): model routes parsed safely, and the manifest's scopes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseModelRoutes } from '../../../src/core/orchestrator/modelRoutes';

const PROVIDERS = ['openai-compatible', 'anthropic', 'vscode-lm', 'demo'];

describe('baton.modelRoutes', () => {
  it('keeps well-formed routes of known providers, trimmed', () => {
    const out = parseModelRoutes({ fast: { provider: 'openai-compatible', model: ' small ', baseUrl: ' http://127.0.0.1:11434/v1 ' }, big: { provider: 'anthropic', model: 'claude' } }, PROVIDERS);
    assert.deepEqual(out.routes, {
      fast: { provider: 'openai-compatible', model: 'small', baseUrl: 'http://127.0.0.1:11434/v1' },
      big: { provider: 'anthropic', model: 'claude' },
    });
    assert.deepEqual(out.problems, []);
  });

  it('drops, and says why, an entry without a model, an unknown provider, a value that is not a route', () => {
    const out = parseModelRoutes({ a: { provider: 'openai-compatible' }, b: { provider: 'evil', model: 'm' }, c: 'gpt', ok: { provider: 'demo', model: 'demo' } }, PROVIDERS);
    assert.deepEqual(Object.keys(out.routes), ['ok']);
    assert.equal(out.problems.length, 3);
    assert.match(out.problems[1]!, /unknown provider "evil"/);
    assert.deepEqual(parseModelRoutes(['x'], PROVIDERS), { routes: {}, problems: ['baton.modelRoutes must be an object of named routes.'] });
    assert.deepEqual(parseModelRoutes(undefined, PROVIDERS), { routes: {}, problems: [] });
  });
});

describe('package.json: the settings of issue 10', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string; default?: unknown; markdownDescription?: string }> } };
  };
  const settings = manifest.contributes.configuration.properties;

  it('settings that widen what agents may do or where keys go are read from user settings only', () => {
    for (const key of ['baton.modelRoutes', 'baton.delegation.paused', 'baton.orchestratorEnabled', 'baton.subtaskFailure', 'baton.maxConcurrentChildren']) {
      assert.equal(settings[key]?.scope, 'application', key);
    }
  });

  it('defaults: failures report back, delegation not paused, nested orchestration on, no routes', () => {
    assert.deepEqual(
      ['baton.subtaskFailure', 'baton.delegation.paused', 'baton.orchestratorEnabled', 'baton.modelRoutes'].map((k) => settings[k]?.default),
      ['report', false, true, {}],
    );
    assert.match(settings['baton.maxConcurrentChildren']!.markdownDescription!, /queued/);
  });
});
