import assert from 'node:assert/strict';
import { createAnthropicProvider } from '../../../src/core/providers/anthropic';
import type { TurnRequest } from '../../../src/core/providers/types';
import { collect, readFileTool, userTurn } from './collect';
import { startFakeAnthropic, textAndToolTurn, type FakeAnthropicReply } from './fakeAnthropicServer';

const KEY = 'sk-ant-test-key-0123456789';

async function withFake<T>(replies: FakeAnthropicReply[], body: (baseUrl: string, received: Awaited<ReturnType<typeof startFakeAnthropic>>['received']) => Promise<T>): Promise<T> {
  const fake = await startFakeAnthropic(replies);
  try {
    return await body(fake.baseUrl, fake.received);
  } finally {
    await fake.close();
  }
}

describe('Anthropic provider', () => {
  it('streams thinking, text and a tool call from the Messages API', async () => {
    await withFake([{ kind: 'events', events: textAndToolTurn() }], async (baseUrl, received) => {
      const provider = createAnthropicProvider({ model: 'claude-test', baseUrl, getApiKey: async () => KEY });
      assert.equal(provider.label, 'Anthropic (claude-test)');
      const { events, error, text, reasoning } = await collect(provider, userTurn('read src/index.ts'));
      assert.equal(error, undefined);
      assert.equal(reasoning, 'Need the file. ');
      assert.equal(text, 'Let me read it.');
      assert.deepEqual(events.filter((e) => e.type === 'tool_call'), [
        { type: 'tool_call', id: 'toolu_1', name: 'read_file', args: { path: 'src/index.ts' } },
      ]);
      assert.deepEqual(events.find((e) => e.type === 'usage'), { type: 'usage', inputTokens: 42, outputTokens: 17 });
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls' });

      const sent = received[0];
      assert.equal(sent?.headers['x-api-key'], KEY);
      assert.equal(sent?.body.stream, true);
      assert.equal(sent?.body.model, 'claude-test');
      assert.deepEqual(sent?.body.system, [{ type: 'text', text: 'You are a test agent.' }]);
      assert.deepEqual((sent?.body.tools as { name: string }[]).map((t) => t.name), ['read_file']);
    });
  });

  it('sends tool results back as tool_result blocks, errors flagged', async () => {
    const done: FakeAnthropicReply = { kind: 'events', events: textAndToolTurn() };
    await withFake([done], async (baseUrl, received) => {
      const provider = createAnthropicProvider({ model: 'claude-test', baseUrl, getApiKey: async () => KEY });
      const req: TurnRequest = {
        system: 'sys',
        tools: [readFileTool],
        messages: [
          { role: 'user', content: 'read a' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_0', name: 'read_file', args: { path: 'a' } }] },
          { role: 'tool', toolCallId: 'toolu_0', toolName: 'read_file', content: 'no such file', isError: true },
        ],
      };
      await collect(provider, req);
      const messages = received[0]?.body.messages as { role: string; content: { type: string; tool_use_id?: string; is_error?: boolean }[] }[];
      assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
      const result = messages[2]?.content.find((c) => c.type === 'tool_result');
      assert.equal(result?.tool_use_id, 'toolu_0');
      assert.equal(result?.is_error, true);
    });
  });

  it('fails with auth, before any request, when no API key is set', async () => {
    await withFake([], async (baseUrl, received) => {
      const provider = createAnthropicProvider({ model: 'claude-test', baseUrl, getApiKey: async () => undefined });
      const { error } = await collect(provider, userTurn('hi'));
      assert.equal(error?.kind, 'auth');
      assert.equal(error?.retryable, false);
      assert.match(error?.message ?? '', /Baton: Set API Key/);
      assert.equal(received.length, 0);
    });
  });

  it('classifies 529 overloaded with Retry-After, and 401 without leaking the key', async () => {
    const replies: FakeAnthropicReply[] = [
      { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded', retryAfter: '4' },
      { kind: 'error', status: 401, type: 'authentication_error', message: `invalid x-api-key ${KEY}` },
    ];
    await withFake(replies, async (baseUrl) => {
      const provider = createAnthropicProvider({ model: 'claude-test', baseUrl, getApiKey: async () => KEY });
      const overloaded = await collect(provider, userTurn('hi'));
      assert.equal(overloaded.error?.kind, 'overloaded');
      assert.equal(overloaded.error?.retryAfterMs, 4000);
      const auth = await collect(provider, userTurn('hi'));
      assert.equal(auth.error?.kind, 'auth');
      assert.doesNotMatch(auth.error?.message ?? '', new RegExp(KEY));
    });
  });

  it('classifies an error event inside the stream', async () => {
    const events = [
      ...textAndToolTurn().slice(0, 1),
      { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
    ];
    await withFake([{ kind: 'events', events }], async (baseUrl) => {
      const provider = createAnthropicProvider({ model: 'claude-test', baseUrl, getApiKey: async () => KEY });
      const { error } = await collect(provider, userTurn('hi'));
      assert.equal(error?.kind, 'overloaded');
      assert.equal(error?.retryable, true);
    });
  });
});
