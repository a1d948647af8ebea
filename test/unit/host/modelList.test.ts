import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { baseUrlProblem, presetFor } from '../../../src/host/models/endpoints';
import { listModels } from '../../../src/host/models/modelList';
import { startScriptedModelServer } from '../../../src/core/providers/scripted';

/** A server answering each path with a status and a body, and recording what it was sent. */
async function withServer(routes: Record<string, [number, unknown]>, body: (baseUrl: string, seen: http.IncomingHttpHeaders[]) => Promise<void>): Promise<void> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    const [status, json] = routes[(req.url ?? '').split('?')[0]!] ?? [404, { error: 'no' }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the models a server offers (Select Model)', () => {
  it('lists an OpenAI-compatible server’s /v1/models (the scripted server)', async () => {

    const server = await startScriptedModelServer({ script: () => ({ steps: [] }), modelName: 'qwen2.5-coder:7b', moreModels: ['llama3.2:3b'] });
    try {
      assert.deepEqual(await listModels({ provider: 'openai-compatible', baseUrl: server.baseUrl, key: undefined }), { ok: true, models: ['llama3.2:3b', 'qwen2.5-coder:7b'] });
    } finally {
      await server.close();
    }
  });

  it('falls back to Ollama’s /api/tags when /models is missing', async () => {
    await withServer({ '/api/tags': [200, { models: [{ name: 'mistral:7b' }, { name: 'phi3' }] }] }, async (url) => {
      assert.deepEqual(await listModels({ provider: 'openai-compatible', baseUrl: `${url}/v1`, key: undefined }), { ok: true, models: ['mistral:7b', 'phi3'] });
    });
  });

  it('sends the key it is given, as the provider wants it', async () => {
    await withServer({ '/v1/models': [200, { data: [{ id: 'gpt-x' }] }] }, async (url, seen) => {
      await listModels({ provider: 'openai-compatible', baseUrl: `${url}/v1`, key: 'sk-1' });
      assert.equal(seen[0]?.authorization, 'Bearer sk-1');
      await listModels({ provider: 'anthropic', baseUrl: `${url}/v1`, key: 'sk-ant' });
      assert.equal(seen[1]?.['x-api-key'], 'sk-ant');
      assert.equal(seen[1]?.['anthropic-version'], '2023-06-01');
    });
  });

  it('says why when it cannot list: a refused key, an unreachable server', async () => {
    await withServer({ '/v1/models': [401, { error: 'bad key' }], '/api/tags': [401, {}] }, async (url) => {
      const out = await listModels({ provider: 'openai-compatible', baseUrl: `${url}/v1`, key: 'wrong' });
      assert.deepEqual(out, { ok: false, reason: `${url}/v1/models refused the request (HTTP 401): check the API key.` });
    });
    const closed = await listModels({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', key: undefined, timeoutMs: 2_000 });
    assert.equal(closed.ok, false);
    assert.match(!closed.ok ? closed.reason : '', /could not be reached|did not answer/);
  });
});

describe('endpoint presets', () => {
  it('knows the common servers by their default URL', () => {
    assert.equal(presetFor('http://127.0.0.1:11434/v1/')?.label, 'Ollama');
    assert.equal(presetFor('https://openrouter.ai/api/v1')?.key, 'required');
    assert.equal(presetFor('http://example.test/v1'), undefined);
  });

  it('accepts only http(s) URLs without credentials in them', () => {
    assert.equal(baseUrlProblem('http://127.0.0.1:8080/v1'), undefined);
    assert.match(baseUrlProblem('ftp://x') ?? '', /http/);
    assert.match(baseUrlProblem('not a url') ?? '', /URL/);
    assert.match(baseUrlProblem('https://user:pw@host/v1') ?? '', /secret storage/);
  });
});
