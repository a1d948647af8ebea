/**
 * The lean OpenAI-compatible client on wire details the scripted server does not produce:
 * CRLF line ends, events split across network chunks, `data:` without a space, OpenRouter's
 * `reasoning`, content sent as parts, a tool call without an id, usage in the finish chunk,
 * a last event without its blank line, and a JSON chunk that is not a completion chunk.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAiCompatibleProvider } from '../../../src/core/providers/openAiCompatible';
import { chatRequestBody } from '../../../src/core/providers/openAiChatStream';
import { collect, userTurn } from './collect';

async function serve(pieces: string[], crlf = false): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const next = () => {
      if (i === pieces.length) return void res.end();
      res.write(crlf ? pieces[i++]!.replace(/\n/g, '\r\n') : pieces[i++]!);
      setTimeout(next, 1);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const chunk = (delta: unknown, finish: string | null = null, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...extra });

const provider = (baseUrl: string) => createOpenAiCompatibleProvider({ model: 'm', baseUrl });

describe('the lean OpenAI-compatible stream', () => {
  it('reads CRLF events split anywhere, `data:` without a space, reasoning and content parts', async () => {
    const events = [
      `data:${chunk({ reasoning: 'think ' })}\n\n`,
      `data: ${chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'more' }] }] })}\n\n`,
      `data: ${chunk({ content: [{ type: 'text', text: 'Hel' }] })}\n\n`,
      `data: ${chunk({ content: 'lo' })}\n\n`,
      `data: ${chunk({}, 'stop', { usage: { prompt_tokens: 3, completion_tokens: 2 } })}\n\n`,
      'data: [DONE]\n\n',
    ].join('');
    // Split into 7-byte pieces: events, lines and even UTF-8 are cut mid-way.
    const pieces = Buffer.from(events).toString('latin1').match(/[\s\S]{1,7}/g)!.map((p) => Buffer.from(p, 'latin1').toString('latin1'));
    const server = await serve(pieces, true);
    try {
      const { events: got, text, reasoning, error } = await collect(provider(server.baseUrl), userTurn('hi'));
      assert.equal(error, undefined);
      assert.equal(reasoning, 'think more');
      assert.equal(text, 'Hello');
      assert.deepEqual(got.slice(-2), [{ type: 'usage', inputTokens: 3, outputTokens: 2 }, { type: 'finish', reason: 'stop' }]);
    } finally {
      await server.close();
    }
  });

  it('gives a tool call without an id one, and takes a last event without its blank line', async () => {
    const server = await serve([
      `data: ${chunk({ tool_calls: [{ index: 0, function: { name: 'read_file', arguments: '{"path":' } }] })}\n\n`,
      `data: ${chunk({ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] })}\n\n`,
      `data: ${chunk({}, 'tool_calls')}`,
    ]);
    try {
      const { events, error } = await collect(provider(server.baseUrl), userTurn('hi'));
      assert.equal(error, undefined);
      const call = events.find((e) => e.type === 'tool_call');
      assert.ok(call?.type === 'tool_call' && /^call_/.test(call.id));
      assert.deepEqual(call.args, { path: 'a' });
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls' });
    } finally {
      await server.close();
    }
  });

  it('a JSON chunk that is not a completion chunk → malformed', async () => {
    const server = await serve([`data: ${JSON.stringify({ hello: 'world' })}\n\n`]);
    try {
      const { error } = await collect(provider(server.baseUrl), userTurn('hi'));
      assert.equal(error?.kind, 'malformed');
    } finally {
      await server.close();
    }
  });

  it('sends what the AI SDK sent: system first, tools with tool_choice auto, usage asked for', () => {
    const body = chatRequestBody('m', { system: 'S', messages: [{ role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 't', args: {} }] }], tools: [{ name: 't', description: 'd', parameters: { type: 'object' } }] });
    assert.deepEqual(body, {
      model: 'm',
      messages: [
        { role: 'system', content: 'S' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 't', arguments: '{}' } }] },
      ],
      tools: [{ type: 'function', function: { name: 't', description: 'd', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
