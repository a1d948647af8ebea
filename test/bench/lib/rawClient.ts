/** A minimal hand-written OpenAI streaming client: the floor the benchmarks compare Baton with. */
import { performance } from 'node:perf_hooks';

export interface RawTiming {
  ttft: number;
  total: number;
  deltas: number;
}

export async function rawStream(baseUrl: string, system: string, user: string): Promise<RawTiming> {
  const start = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'system', content: system }, { role: 'user', content: user }] }),
  });
  const decoder = new TextDecoder();
  let buffer = '';
  let ttft = -1;
  let deltas = 0;
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const parsed = JSON.parse(line.slice(6)) as { choices: { delta?: { content?: string } }[] };
      if (parsed.choices[0]?.delta?.content) {
        deltas++;
        if (ttft < 0) ttft = performance.now() - start;
      }
    }
  }
  return { ttft, total: performance.now() - start, deltas };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
