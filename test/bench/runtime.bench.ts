/**
 * `npm run bench:runtime`: what Baton's agent loop costs on top of the model.
 * - ttft_raw_ms: a raw hand-written client call to the scripted server, to the first token.
 * - ttft_baton_ms: the same first token through Baton: New task → lifecycle commit → runner →
 *   conversation rebuild → provider (AI SDK) → first `text` event.
 * - ttft_overhead_ms: the difference of the medians (target ≤ 5). Its parts: ttft_create_commit_ms
 *   (createTask: the createRoot commit, durable) and ttft_commit_to_request_ms (from there to the
 *   model request reaching the server: the runner's start, its lease commit, the request built).
 * - tokens_per_s_through_loop: the server streaming as fast as it can, counted as `text` events.
 * - transcript_open_300k_deltas_ms: a task that streamed 300,000 token deltas (300 turns),
 *   in a window opened afterwards: the slower of opening its panel (transcript read, parsed,
 *   compacted for the view) and resuming it (read, parsed, conversation rebuilt). Details: each
 *   alone, and both in the writing window within seconds of the stream (what it appended
 *   lately is never compacted).
 * - acp_*: an OpenCode child over ACP; see acpBench.ts.
 * Writes bench-results/runtime.json.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeWorkspace } from '../../src/core/ports';
import { createOpenAiCompatibleProvider } from '../../src/core/providers';
import { startScriptedModelServer, type ScriptedTurn } from '../../src/core/providers/scripted';
import type { TurnRequest } from '../../src/core/providers/types';
import { rebuildConversation } from '../../src/core/agent/conversation';
import type { Orchestrator } from '../../src/core/orchestrator/orchestrator';
import { TaskStore } from '../../src/core/store';
import { compactTranscript } from '../../src/host/panel/transcriptSnapshot';
import type { TaskRecord } from '../../src/shared/task';
import { makeOrchestrator } from '../unit/runtime/harness';
import { median, percentile, rawStream } from './lib/rawClient';
import { acpFigures } from './acpBench';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const FAST_TOKENS = Number(process.env.BENCH_TOKENS ?? 50_000);
const TRANSCRIPT_TURNS = 300;
const DELTAS_PER_TURN = 1_000;
const TRANSCRIPT_RUNS = 7;

/** Panel open and resume of a task whose transcript holds 300,000 deltas: each timed, ms. */
async function transcriptOpen(orch: Orchestrator, task: TaskRecord): Promise<{ panel: number; resume: number }> {
  let at = performance.now();
  const shown = compactTranscript(await orch.readTranscript(task.id));
  const panel = performance.now() - at;
  at = performance.now();
  const rebuilt = rebuildConversation(task, await orch.readTranscript(task.id));
  const resume = performance.now() - at;
  if (shown.length < TRANSCRIPT_TURNS || rebuilt.conversation.messages.length < TRANSCRIPT_TURNS) throw new Error('the transcript lost turns');
  return { panel, resume };
}

async function benchTranscript(baseUrl: string): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-tr-'));
  mkdirSync(path.join(dir, 'ws'));
  const workspace = new NodeWorkspace(path.join(dir, 'ws'));
  const writer = await TaskStore.open(path.join(dir, 'store'), { ownerId: 'writer' });
  await writer.commit({ type: 'createRoot', id: 'long', title: 'A long task', goal: 'stream', ownerId: 'writer', now: Date.now() });
  const streamed = performance.now();
  for (let turn = 0; turn < TRANSCRIPT_TURNS; turn++) {
    let text = '';
    for (let d = 0; d < DELTAS_PER_TURN; d++) {
      const delta = `t${d % 10} `;
      text += delta;
      writer.transcripts.append('long', { type: 'text', delta, taskId: 'long', at: Date.now() });
    }
    writer.transcripts.append('long', { type: 'assistant', text, reasoning: '', toolCalls: [], partial: false, taskId: 'long', at: Date.now() });
    if (turn % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.transcripts.flush();
  const streamMs = performance.now() - streamed;
  // In the writing window right after the stream: nothing it appended lately is compacted yet.
  const writing = makeOrchestrator({ store: writer, ownerId: 'writer', baseUrl, workspace });
  const fresh = await transcriptOpen(writing, writer.get('long')!);
  writing.dispose();
  await writer.close();
  // A window opened later (after a reload, the next day): the journal as the writer left it.
  const store = await TaskStore.open(path.join(dir, 'store'), { ownerId: 'reader' });
  const orch = makeOrchestrator({ store, ownerId: 'reader', baseUrl, workspace });
  const task = store.get('long')!;
  const runs: { panel: number; resume: number }[] = [];
  for (let i = 0; i < TRANSCRIPT_RUNS; i++) runs.push(await transcriptOpen(orch, task));
  const bytes = statSync(path.join(dir, 'store', 'transcripts', 'long.jsonl')).size;
  orch.dispose();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const panel = median(runs.map((r) => r.panel));
  const resume = median(runs.map((r) => r.resume));
  return {
    transcript_open_300k_deltas_ms: round(Math.max(panel, resume)),
    transcript_panel_open_ms: round(panel),
    transcript_resume_ms: round(resume),
    transcript_first_panel_open_ms: round(runs[0]!.panel),
    transcript_writing_window_panel_ms: round(fresh.panel),
    transcript_writing_window_resume_ms: round(fresh.resume),
    transcript_stream_append_ms: round(streamMs),
    transcript_file_megabytes: round(bytes / 1e6),
  };
}

async function main(): Promise<void> {
  let next: ScriptedTurn = { kind: 'fast', tokens: 20 };
  /** When the server got the last request: splits Baton's time to first token into its parts. */
  let requestAt = 0;
  const server = await startScriptedModelServer({
    script: () => {
      requestAt = performance.now();
      return next;
    },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-rt-'));
  mkdirSync(path.join(dir, 'ws'));
  const store = await TaskStore.open(path.join(dir, 'store'), { ownerId: 'bench' });
  const orch = makeOrchestrator({ store, ownerId: 'bench', baseUrl: server.baseUrl, workspace: new NodeWorkspace(path.join(dir, 'ws')) });
  await orch.start();

  const firstText = (taskIdOf: () => string | undefined) =>
    new Promise<number>((resolve) => {
      const sub = orch.onEvent((e) => {
        if (e.type === 'text' && e.taskId === taskIdOf()) {
          sub.dispose();
          resolve(performance.now());
        }
      });
    });

  const raw: number[] = [];
  const baton: number[] = [];
  const sdk: number[] = [];
  /** createTask's commit (createRoot, durable), and from its end to the model request. */
  const commitPart: number[] = [];
  const toRequest: number[] = [];
  const request: TurnRequest = { system: 'bench', messages: [{ role: 'user', content: 'go' }], tools: [] };
  for (let i = 0; i < RUNS + 5; i++) {
    const r = await rawStream(server.baseUrl, 'bench', 'go');
    const provider = createOpenAiCompatibleProvider({ model: 'bench', baseUrl: server.baseUrl });
    const t0 = performance.now();
    let providerFirst = -1;
    for await (const e of provider.streamTurn(request, new AbortController().signal)) if (providerFirst < 0 && e.type === 'text') providerFirst = performance.now() - t0;
    const current: { id?: string } = {};
    const first = firstText(() => current.id);
    const start = performance.now();
    const task = await orch.createTask({ goal: `bench ${i}` });
    const committed = performance.now();
    current.id = task.id;
    const ttft = (await first) - start;
    await orch.stop(task.id);
    await orch.settled();
    if (i >= 5) {
      raw.push(r.ttft);
      sdk.push(providerFirst);
      baton.push(ttft);
      commitPart.push(committed - start);
      toRequest.push(requestAt - committed);
    }
  }

  next = { kind: 'fast', tokens: FAST_TOKENS };
  let count = 0;
  let firstAt = 0;
  let lastAt = 0;
  const fast: { id?: string } = {};
  const sub = orch.onEvent((e) => {
    if (e.taskId !== fast.id || e.type !== 'text') return;
    if (count++ === 0) firstAt = performance.now();
    lastAt = performance.now();
  });
  const rawFast = await rawStream(server.baseUrl, 'bench', 'go');
  const task = await orch.createTask({ goal: 'throughput' });
  fast.id = task.id;
  while (count < FAST_TOKENS) await new Promise((res) => setTimeout(res, 20));
  sub.dispose();
  await orch.stop(task.id);
  await orch.settled();
  orch.dispose();
  await store.close();
  const transcript = await benchTranscript(server.baseUrl);
  await server.close();
  rmSync(dir, { recursive: true, force: true });

  const results = {
    runs: RUNS,
    ttft_raw_ms: round(median(raw)),
    ttft_provider_ms: round(median(sdk)),
    ttft_baton_ms: round(median(baton)),
    ttft_baton_p90_ms: round(percentile(baton, 90)),
    ttft_overhead_ms: round(median(baton) - median(raw)),
    ttft_create_commit_ms: round(median(commitPart)),
    ttft_commit_to_request_ms: round(median(toRequest)),
    tokens_per_s_raw: Math.round(rawFast.deltas / (rawFast.total / 1000)),
    tokens_per_s_through_loop: Math.round((count - 1) / ((lastAt - firstAt) / 1000)),
    ...transcript,
    targets: { ttft_overhead_ms: '<= 5', transcript_open_300k_deltas_ms: '<= 50' },
    // External agents (ACP, OpenCode): a separate function, in acpBench.ts.
    ...(await acpFigures()),
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/runtime.json', JSON.stringify(results, null, 2) + '\n');
  console.table(Object.fromEntries(Object.entries(results).filter(([k]) => k !== 'targets')));
}

const round = (n: number) => Math.round(n * 100) / 100;

void main();
