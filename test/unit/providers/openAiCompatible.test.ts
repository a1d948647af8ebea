import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAiCompatibleProvider } from '../../../src/core/providers/openAiCompatible';
import type { ChatMessage, TurnRequest } from '../../../src/core/providers/types';
import { callTool, faults, say, typed, withScriptedServer } from '../../fixtures/scriptedModelServer';
import { collect, readFileTool, userTurn } from './collect';

function providerFor(baseUrl: string, apiKey?: string) {
  return createOpenAiCompatibleProvider({ model: 'test-model', baseUrl, ...(apiKey ? { getApiKey: async () => apiKey } : {}) });
}

describe('OpenAI-compatible provider against the scripted server', () => {
  it('streams text deltas in order and finishes with stop and usage', async () => {
    await withScriptedServer([say('Hello there, streaming world.')], async (server) => {
      const { events, text, error } = await collect(providerFor(server.baseUrl), userTurn('hi'));
      assert.equal(error, undefined);
      assert.equal(text, 'Hello there, streaming world.');
      assert.ok(events.filter((e) => e.type === 'text').length >= 4, 'arrives as several deltas');
      const usage = events.find((e) => e.type === 'usage');
      assert.ok(usage && usage.type === 'usage' && usage.inputTokens > 0 && usage.outputTokens > 0);
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop' });
      assert.equal(server.chatRequests()[0]?.body?.stream_options?.include_usage, true);
    });
  });

  it('reports the usage the server sent', async () => {
    await withScriptedServer([{ steps: typed('ok'), usage: { promptTokens: 123, completionTokens: 45 } }], async (server) => {
      const { events } = await collect(providerFor(server.baseUrl), userTurn('hi'));
      assert.deepEqual(events.find((e) => e.type === 'usage'), { type: 'usage', inputTokens: 123, outputTokens: 45 });
    });
  });

  it('streams reasoning_content as reasoning events, apart from the text', async () => {
    const turn = { steps: [...typed('Let me think about it.', 0, 'reasoning'), ...typed('The answer is 4.')] };
    await withScriptedServer([turn], async (server) => {
      const { reasoning, text, events } = await collect(providerFor(server.baseUrl), userTurn('2+2?'));
      assert.equal(reasoning, 'Let me think about it.');
      assert.equal(text, 'The answer is 4.');
      const firstText = events.findIndex((e) => e.type === 'text');
      const lastReasoning = events.map((e) => e.type).lastIndexOf('reasoning');
      assert.ok(lastReasoning < firstText);
    });
  });

  it('reassembles a tool call split across deltas, with parsed arguments', async () => {
    const args = { path: 'src/some/deeply/nested/file.ts' };
    await withScriptedServer([callTool('read_file', args, { say: 'Reading.', id: 'call_abc', argChunks: 7 })], async (server) => {
      const { events, error } = await collect(providerFor(server.baseUrl), userTurn('read it'));
      assert.equal(error, undefined);
      const calls = events.filter((e) => e.type === 'tool_call');
      assert.deepEqual(calls, [{ type: 'tool_call', id: 'call_abc', name: 'read_file', args }]);
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls' });
      const sentTools = server.chatRequests()[0]?.body?.tools ?? [];
      assert.deepEqual(sentTools.map((t) => t.function.name), ['read_file']);
      assert.deepEqual(sentTools[0]?.function.parameters, readFileTool.parameters);
    });
  });

  it('accepts a whole tool call in one delta (Ollama), empty arguments, and unknown tools', async () => {
    const turn = {
      steps: [
        { type: 'tool_call' as const, name: 'read_file', args: { path: 'x' }, id: 'c1', argChunks: 0 },
        { type: 'tool_call' as const, name: 'list_files', args: '', id: 'c2' },
      ],
    };
    await withScriptedServer([turn], async (server) => {
      const { events, error } = await collect(providerFor(server.baseUrl), userTurn('go'));
      assert.equal(error, undefined);
      assert.deepEqual(
        events.filter((e) => e.type === 'tool_call').map((e) => (e.type === 'tool_call' ? [e.id, e.name, e.args] : [])),
        [['c1', 'read_file', { path: 'x' }], ['c2', 'list_files', {}]],
      );
    });
  });

  it('returns several tool calls from one response', async () => {
    const turn = {
      steps: [
        { type: 'tool_call' as const, name: 'read_file', args: { path: 'a' }, id: 'c1' },
        { type: 'tool_call' as const, name: 'read_file', args: { path: 'b' }, id: 'c2' },
      ],
    };
    await withScriptedServer([turn], async (server) => {
      const { events } = await collect(providerFor(server.baseUrl), userTurn('read both'));
      assert.deepEqual(
        events.filter((e) => e.type === 'tool_call').map((e) => (e.type === 'tool_call' ? [e.id, e.args] : [])),
        [['c1', { path: 'a' }], ['c2', { path: 'b' }]],
      );
    });
  });

  it('hands back unparseable tool arguments as the raw string', async () => {
    const turn = { steps: [{ type: 'tool_call' as const, name: 'read_file', args: '{"path": "a', id: 'c1' }] };
    await withScriptedServer([turn], async (server) => {
      const { events, error } = await collect(providerFor(server.baseUrl), userTurn('read'));
      assert.equal(error, undefined);
      const call = events.find((e) => e.type === 'tool_call');
      assert.ok(call?.type === 'tool_call');
      assert.equal(call.args, '{"path": "a');
    });
  });

  it('round-trips a conversation with tool calls and results', async () => {
    await withScriptedServer([say('Done.')], async (server) => {
      const messages: ChatMessage[] = [
        { role: 'user', content: 'read a and b' },
        {
          role: 'assistant',
          content: 'Reading both.',
          reasoning: 'not replayed',
          toolCalls: [
            { id: 'c1', name: 'read_file', args: { path: 'a' } },
            { id: 'c2', name: 'read_file', args: { path: 'b' } },
          ],
        },
        { role: 'tool', toolCallId: 'c1', toolName: 'read_file', content: 'contents of a' },
        { role: 'tool', toolCallId: 'c2', toolName: 'read_file', content: 'ENOENT: b', isError: true },
      ];
      const req: TurnRequest = { system: 'You are a test agent.', messages, tools: [readFileTool], maxOutputTokens: 256 };
      const { text } = await collect(providerFor(server.baseUrl), req);
      assert.equal(text, 'Done.');
      const body = server.chatRequests()[0]?.body;
      assert.equal(body?.max_tokens, 256);
      assert.deepEqual(body?.messages, [
        { role: 'system', content: 'You are a test agent.' },
        { role: 'user', content: 'read a and b' },
        {
          role: 'assistant',
          content: 'Reading both.',
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } },
            { id: 'c2', type: 'function', function: { name: 'read_file', arguments: '{"path":"b"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'contents of a' },
        { role: 'tool', tool_call_id: 'c2', content: 'ENOENT: b' },
      ]);
    });
  });

  it('sends the API key as a bearer token, and none when there is no key', async () => {
    await withScriptedServer([say('a'), say('b')], async (server) => {
      await collect(providerFor(server.baseUrl, 'sk-test-secret'), userTurn('hi'));
      await collect(providerFor(server.baseUrl), userTurn('hi'));
      const [withKey, withoutKey] = server.chatRequests();
      assert.equal(withKey?.headers.authorization, 'Bearer sk-test-secret');
      assert.equal(withoutKey?.headers.authorization, undefined);
    });
  });

  describe('faults', () => {
    it('429 with Retry-After in seconds → rate_limited with retryAfterMs', async () => {
      await withScriptedServer([faults.rateLimited(7)], async (server) => {
        const { error } = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(error?.kind, 'rate_limited');
        assert.equal(error?.status, 429);
        assert.equal(error?.retryAfterMs, 7000);
        assert.equal(error?.retryable, true);
        assert.match(error?.message ?? '', /rate limit/i);
      });
    });

    it('429 with Retry-After as an HTTP date → retryAfterMs from now', async () => {
      const date = new Date(Date.now() + 30_000).toUTCString();
      await withScriptedServer([faults.rateLimited(date)], async (server) => {
        const { error } = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(error?.kind, 'rate_limited');
        assert.ok(error?.retryAfterMs !== undefined && error.retryAfterMs > 20_000 && error.retryAfterMs <= 30_000);
      });
    });

    it('529 and 503 → overloaded', async () => {
      await withScriptedServer([faults.overloaded(3), faults.unavailable()], async (server) => {
        const first = await collect(providerFor(server.baseUrl), userTurn('hi'));
        const second = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(first.error?.kind, 'overloaded');
        assert.equal(first.error?.status, 529);
        assert.equal(first.error?.retryAfterMs, 3000);
        assert.equal(second.error?.kind, 'overloaded');
        assert.equal(second.error?.status, 503);
      });
    });

    it('500 → server, retryable', async () => {
      await withScriptedServer([faults.serverError()], async (server) => {
        const { error } = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(error?.kind, 'server');
        assert.equal(error?.status, 500);
        assert.equal(error?.retryable, true);
        assert.equal(server.chatRequests().length, 1, 'the provider does not retry by itself');
      });
    });

    it('401 → auth, pointing at Baton: Set API Key, without the key', async () => {
      await withScriptedServer([{ kind: 'http_error', status: 401, message: 'Incorrect API key provided: sk-test-secret-123' }], async (server) => {
        const { error } = await collect(providerFor(server.baseUrl, 'sk-test-secret-123'), userTurn('hi'));
        assert.equal(error?.kind, 'auth');
        assert.equal(error?.retryable, false);
        assert.match(error?.message ?? '', /Baton: Set API Key/);
        assert.doesNotMatch(error?.message ?? '', /sk-test-secret-123/);
      });
    });

    it('400 → bad_request, not retryable', async () => {
      await withScriptedServer([faults.badRequest()], async (server) => {
        const { error } = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(error?.kind, 'bad_request');
        assert.equal(error?.retryable, false);
        assert.match(error?.message ?? '', /Context length exceeded/);
      });
    });

    it('a hang before the first byte ends promptly as aborted when the signal aborts', async () => {
      await withScriptedServer([faults.hang()], async (server) => {
        const controller = new AbortController();
        const turn = collect(providerFor(server.baseUrl), userTurn('hi'), controller.signal);
        await until(() => server.chatRequests().length === 1);
        controller.abort();
        const { error, events } = await turn;
        assert.equal(error?.kind, 'aborted');
        assert.equal(error?.retryable, false);
        assert.deepEqual(events, []);
        await until(() => server.openResponses() === 0);
      });
    });

    it('aborting mid-stream stops the stream and cancels the HTTP request', async () => {
      await withScriptedServer([faults.stallAfter('partial output')], async (server) => {
        const controller = new AbortController();
        const seen: string[] = [];
        let caught: unknown;
        try {
          for await (const event of providerFor(server.baseUrl).streamTurn(userTurn('hi'), controller.signal)) {
            if (event.type === 'text') seen.push(event.delta);
            if (seen.join('') === 'partial output') controller.abort();
          }
        } catch (error) {
          caught = error;
        }
        assert.equal((caught as { kind?: string }).kind, 'aborted');
        assert.equal(seen.join(''), 'partial output');
        // The stalled response ends only when the client goes away.
        await until(() => server.openResponses() === 0);
      });
    });

    it('an already-aborted signal fails without a request', async () => {
      await withScriptedServer([say('never')], async (server) => {
        const controller = new AbortController();
        controller.abort();
        const { error } = await collect(providerFor(server.baseUrl), userTurn('hi'), controller.signal);
        assert.equal(error?.kind, 'aborted');
        assert.equal(server.chatRequests().length, 0);
      });
    });

    it('a disconnect mid-stream → network, after the text that did arrive', async () => {
      await withScriptedServer([faults.disconnectAfter('half an answer')], async (server) => {
        const { error, text } = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(error?.kind, 'network');
        assert.equal(error?.retryable, true);
        assert.equal(text, 'half an answer');
      });
    });

    it('a stream that ends cleanly but without a finish reason → network', async () => {
      const raw = await rawServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"cut"},"finish_reason":null}]}\n\n');
      });
      try {
        const { error, text } = await collect(providerFor(raw.baseUrl), userTurn('hi'));
        assert.equal(text, 'cut');
        assert.equal(error?.kind, 'network');
      } finally {
        await raw.close();
      }
    });

    it('an unparseable chunk → malformed, retryable like a dropped connection', async () => {
      await withScriptedServer([faults.malformedAfter('fine so far')], async (server) => {
        const { error } = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(error?.kind, 'malformed');
        assert.equal(error?.retryable, true);
        assert.match(error?.message ?? '', /Baton: Base URL/);
      });
    });

    it('an error object inside the stream is classified by its type', async () => {
      const turn = { steps: [{ type: 'malformed' as const, raw: '{"error":{"message":"Upstream overloaded","type":"overloaded_error","code":529}}' }] };
      await withScriptedServer([turn], async (server) => {
        const { error } = await collect(providerFor(server.baseUrl), userTurn('hi'));
        assert.equal(error?.kind, 'overloaded');
        assert.match(error?.message ?? '', /Upstream overloaded/);
      });
    });

    it('an unreachable port → unreachable, naming the URL and what to do', async () => {
      const closedPort = await freePort();
      const baseUrl = `http://127.0.0.1:${closedPort}/v1`;
      const { error } = await collect(providerFor(baseUrl), userTurn('hi'));
      assert.equal(error?.kind, 'unreachable');
      assert.equal(error?.retryable, false);
      assert.ok(error?.message.includes(baseUrl), error?.message);
      assert.match(error?.message ?? '', /Baton: Base URL/);
    });

    it('names Ollama and `ollama serve` when the Ollama default is unreachable', async () => {
      // Nothing listens on 11434 in the test environment; if something does, skip.
      const provider = createOpenAiCompatibleProvider({ model: 'qwen3' });
      assert.equal(provider.label, 'Ollama (qwen3)');
      const { error } = await collect(provider, userTurn('hi'));
      if (error?.kind !== 'unreachable') return;
      assert.equal(
        error.message,
        'Could not reach Ollama at http://127.0.0.1:11434/v1. Start Ollama (`ollama serve`) or change Baton: Base URL / Baton: Provider.',
      );
    });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rawServer(handler: http.RequestListener): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
