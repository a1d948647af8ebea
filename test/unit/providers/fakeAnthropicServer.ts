/**
 * A tiny fake of Anthropic's Messages API (POST /v1/messages, stream: true) for provider
 * tests: it plays canned server-sent events and records what it received.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type AnthropicEvent = { event: string; data: unknown };

export type FakeAnthropicReply =
  | { kind: 'events'; events: AnthropicEvent[] }
  | { kind: 'error'; status: number; type: string; message: string; retryAfter?: string };

export interface FakeAnthropicServer {
  baseUrl: string;
  received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startFakeAnthropic(replies: FakeAnthropicReply[]): Promise<FakeAnthropicServer> {
  const received: FakeAnthropicServer['received'] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown> });
      const reply = replies.shift();
      if (req.url !== '/v1/messages' || reply === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `no reply for ${req.url ?? ''}` } }));
        return;
      }
      if (reply.kind === 'error') {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}) });
        res.end(JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const { event, data } of reply.events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One assistant message: thinking, text, then a tool call whose JSON arrives in pieces. */
export function textAndToolTurn(): AnthropicEvent[] {
  const block = (index: number, content_block: unknown): AnthropicEvent => ({
    event: 'content_block_start',
    data: { type: 'content_block_start', index, content_block },
  });
  const delta = (index: number, d: unknown): AnthropicEvent => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: d } });
  const stop = (index: number): AnthropicEvent => ({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  return [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-test',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 42, output_tokens: 1 },
        },
      },
    },
    block(0, { type: 'thinking', thinking: '', signature: '' }),
    delta(0, { type: 'thinking_delta', thinking: 'Need the file. ' }),
    delta(0, { type: 'signature_delta', signature: 'sig' }),
    stop(0),
    block(1, { type: 'text', text: '' }),
    delta(1, { type: 'text_delta', text: 'Let me ' }),
    delta(1, { type: 'text_delta', text: 'read it.' }),
    stop(1),
    block(2, { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} }),
    delta(2, { type: 'input_json_delta', partial_json: '' }),
    delta(2, { type: 'input_json_delta', partial_json: '{"path": "src/' }),
    delta(2, { type: 'input_json_delta', partial_json: 'index.ts"}' }),
    stop(2),
    {
      event: 'message_delta',
      data: { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 17 } },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}
