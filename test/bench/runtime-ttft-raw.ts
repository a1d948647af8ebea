/**
 * Time to first token against the scripted server: a raw `fetch` that reads SSE lines by
 * hand, versus the same request through Baton's OpenAI-compatible provider.
 * Run: npx tsx test/bench/runtime-ttft-raw.ts [runs=50] [tokens=200]
 */
import { performance } from 'node:perf_hooks';
import { createOpenAiCompatibleProvider } from '../../src/core/providers/openAiCompatible';
import { startScriptedModelServer } from '../../src/core/providers/scripted/server';
import type { TurnRequest } from '../../src/core/providers/types';

const runs = Number(process.argv[2] ?? 50);
const tokens = Number(process.argv[3] ?? 200);

const request: TurnRequest = {
  system: 'You are a benchmark.',
  messages: [{ role: 'user', content: 'Stream please.' }],
  tools: [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
};

async function rawTtft(baseUrl: string): Promise<{ ttft: number; total: number }> {
  const start = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'bench',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'system', content: request.system }, ...request.messages],
    }),
  });
  const decoder = new TextDecoder();
  let buffer = '';
  let ttft = -1;
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const parsed = JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] };
      if (ttft < 0 && parsed.choices[0]?.delta.content) ttft = performance.now() - start;
    }
  }
  return { ttft, total: performance.now() - start };
}

async function providerTtft(baseUrl: string): Promise<{ ttft: number; total: number }> {
  const provider = createOpenAiCompatibleProvider({ model: 'bench', baseUrl });
  const start = performance.now();
  let ttft = -1;
  for await (const event of provider.streamTurn(request, new AbortController().signal)) {
    if (ttft < 0 && event.type === 'text') ttft = performance.now() - start;
  }
  return { ttft, total: performance.now() - start };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const server = await startScriptedModelServer({ script: () => ({ kind: 'fast', tokens }) });
  const raw: { ttft: number; total: number }[] = [];
  const sdk: { ttft: number; total: number }[] = [];
  for (let i = 0; i < 5; i++) {
    await rawTtft(server.baseUrl);
    await providerTtft(server.baseUrl);
  }
  for (let i = 0; i < runs; i++) {
    raw.push(await rawTtft(server.baseUrl));
    sdk.push(await providerTtft(server.baseUrl));
  }
  await server.close();
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(2)} ms (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`;
  console.log(`runs=${runs} tokens=${tokens}`);
  console.log(`raw fetch  TTFT ${fmt(raw.map((r) => r.ttft))}; full stream ${fmt(raw.map((r) => r.total))}`);
  console.log(`provider   TTFT ${fmt(sdk.map((r) => r.ttft))}; full stream ${fmt(sdk.map((r) => r.total))}`);
}

void main();
