/**
 * `npm run bench:fanout`: what fan-out costs the extension host (issue 10). Each figure is
 * compared with its baseline measured in the same run; writes bench-results/fanout.json.
 *
 *  fanout_wall_vs_slowest        one batch of 8 children with fixed scripted durations (250-950 ms),
 *                                limit 8: from the parent's delegate_task to the parent holding all 8
 *                                outcomes, over the same for its slowest child delegated alone
 *                                (target ≤ 1.2)
 *  stop_to_interrupted_p95_ms    Stop (user Stop and stop_subtask, alternately) to the committed
 *                                `interrupted`, with 16 children streaming (target ≤ 100); baseline:
 *                                with one child streaming
 *  host_ms_per_1k_tokens_16_vs_1 process CPU per 1,000 streamed tokens with 16 children streaming at
 *                                once, over the same with one child (target ≤ 1.5)
 *  status_view_p95_ms            subtask_status (the live view, formatted for the model) over 16
 *                                children, while they stream and after they streamed 10,000 tokens
 *                                each (target ≤ 5); baseline: the same view built by reading their
 *                                transcripts
 *
 * The scripted model server runs in its own process (lib/fanoutServer.ts), so CPU figures are
 * this process's alone. BENCH_ROUNDS scales the repetitions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { formatStatusView } from '../../src/core/agent/subtaskStatus';
import type { Orchestrator } from '../../src/core/orchestrator/orchestrator';
import { NodeWorkspace } from '../../src/core/ports';
import { TaskStore } from '../../src/core/store';
import type { TaskRecord } from '../../src/shared/task';
import { makeOrchestrator } from '../unit/runtime/harness';
import { median, percentile } from './lib/rawClient';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGETS = { fanout_wall_vs_slowest: '<= 1.2', stop_to_interrupted_p95_ms: '<= 100', host_ms_per_1k_tokens_16_vs_1: '<= 1.5', status_view_p95_ms: '<= 5' };
const SLEEPS = [250, 350, 450, 550, 650, 750, 850, 950];
const FAST_TOKENS_ONE = 40_000;
const FAST_TOKENS_EACH = 10_000;

interface Bench {
  orch: Orchestrator;
  store: TaskStore;
  close(): Promise<void>;
}

async function startServer(): Promise<{ baseUrl: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lib', 'fanoutServer.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /URL (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`the model server exited (${code})`)));
  });
  return { baseUrl, proc };
}

async function openBench(baseUrl: string, maxConcurrentChildren: number): Promise<Bench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-fanout-'));
  mkdirSync(path.join(dir, 'ws'));
  const store = await TaskStore.open(path.join(dir, 'store'), { ownerId: 'bench' });
  const orch = makeOrchestrator({ store, ownerId: 'bench', baseUrl, workspace: new NodeWorkspace(path.join(dir, 'ws')), settings: { maxConcurrentChildren, maxSpawnDepth: 1 } });
  await orch.start();
  return {
    orch,
    store,
    async close() {
      orch.dispose();
      await orch.settled();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the value once `probe` returns one, checked on every store change and event. */
function when<T>(b: Bench, probe: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const check = () => {
      const value = probe();
      if (value === undefined) return;
      subs.forEach((s) => s.dispose());
      resolve(value);
    };
    const subs = [b.store.onDidChange(check), b.orch.onEvent(check)];
    check();
  });
}

const goalOf = (mode: 'complete' | 'wait', tasks: { goal: string }[]) => `PARENT ${mode} ${JSON.stringify(tasks)}`;

/** From the parent's delegate_task to the parent holding every outcome (its wait over). */
async function fanoutWall(b: Bench, sleeps: number[]): Promise<number> {
  let t0 = 0;
  const sub = b.orch.onEvent((e) => {
    if (e.type === 'tool_call' && e.call.name === 'delegate_task') t0 = performance.now();
  });
  const root = await b.orch.createTask({ goal: goalOf('complete', sleeps.map((ms, i) => ({ goal: `SLEEPY ${ms} #${i}` }))) });
  const t1 = await when(b, () => {
    const p = b.store.get(root.id);
    return p && p.status !== 'delegated' && p.inbox.length === sleeps.length ? performance.now() : undefined;
  });
  sub.dispose();
  await when(b, () => (b.store.get(root.id)?.status === 'completed' ? true : undefined));
  await b.orch.settled();
  return t1 - t0;
}

/** A parent whose `n` children all stream; resolves once every one of them has streamed. */
async function streamingChildren(b: Bench, n: number): Promise<{ parent: TaskRecord; children: string[] }> {
  const root = await b.orch.createTask({ goal: goalOf('wait', Array.from({ length: n }, (_, i) => ({ goal: `STREAM #${i}` }))) });
  const seen = new Set<string>();
  const sub = b.orch.onEvent((e) => e.type === 'text' && seen.add(e.taskId));
  const children = await when(b, () => {
    const ids = b.store.get(root.id)?.childIds ?? [];
    return ids.length === n && ids.every((id) => seen.has(id)) ? ids : undefined;
  });
  sub.dispose();
  return { parent: b.store.get(root.id)!, children };
}

/** Stops one streaming child at a time (user Stop and stop_subtask alternately) and resumes it. */
async function stopLatencies(b: Bench, n: number, rounds: number): Promise<{ user: number[]; parent: number[] }> {
  const { parent, children } = await streamingChildren(b, n);
  const user: number[] = [];
  const byParent: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const child = children[round % n]!;
    const interrupted = when(b, () => (b.store.get(child)?.status === 'interrupted' ? performance.now() : undefined));
    const t0 = performance.now();
    if (round % 2 === 0) {
      await b.orch.stop(child);
      user.push((await interrupted) - t0);
    } else {
      const stopping = b.orch.stopSubtask(parent.id, child);
      byParent.push((await interrupted) - t0);
      await stopping;
    }
    await b.orch.settled(child);
    const streaming = new Promise<void>((resolve) => {
      const sub = b.orch.onEvent((e) => {
        if (e.type === 'text' && e.taskId === child) {
          sub.dispose();
          resolve();
        }
      });
    });
    await b.orch.resume(child);
    await streaming;
  }
  await b.orch.stop(parent.id);
  await b.orch.settled();
  return { user, parent: byParent };
}

/** CPU of this process per 1,000 streamed tokens while `n` children stream `tokens` each. */
async function cpuPerThousandTokens(b: Bench, n: number, tokens: number, sample?: (parentId: string) => void): Promise<{ msPer1k: number; parentId: string }> {
  let streamed = 0;
  const sub = b.orch.onEvent((e) => {
    if (e.type === 'text') streamed++;
  });
  const cpu0 = process.cpuUsage();
  const root = await b.orch.createTask({ goal: goalOf('complete', Array.from({ length: n }, (_, i) => ({ goal: `FAST ${tokens} #${i}` }))) });
  const timer = sample && setInterval(() => sample(root.id), 25);
  await when(b, () => (b.store.get(root.id)?.status === 'completed' ? true : undefined));
  await b.orch.settled();
  await b.store.transcripts.flush();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  sub.dispose();
  return { msPer1k: (cpu.user + cpu.system) / 1000 / (streamed / 1000), parentId: root.id };
}

function statusViewMs(orch: Orchestrator, parentId: string): number {
  const t0 = performance.now();
  formatStatusView(orch.subtaskStatus(parentId), Date.now());
  return performance.now() - t0;
}

/** The same view the naive way: every child's transcript read to find its tail and tool calls. */
async function statusFromTranscriptsMs(orch: Orchestrator, parent: TaskRecord): Promise<number> {
  const t0 = performance.now();
  for (const id of parent.childIds) {
    const events = await orch.readTranscript(id);
    let text = '';
    for (const e of events) if (e.type === 'text') text += e.delta;
    void text.slice(-1000);
  }
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const { baseUrl, proc } = await startServer();
  try {
    const b = await openBench(baseUrl, 16);
    // Warm up the provider, the store and the JIT.
    await fanoutWall(b, [50, 50]);

    const alone: number[] = [];
    const batch: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      alone.push(await fanoutWall(b, [SLEEPS.at(-1)!]));
      batch.push(await fanoutWall(b, SLEEPS));
    }

    const one = await stopLatencies(b, 1, 4 * ROUNDS);
    // How late the event loop runs while 16 stream: a floor under any Stop's latency.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const sixteen = await stopLatencies(b, 16, 10 * ROUNDS);
    loop.disable();

    const cpuOne: number[] = [];
    const cpuSixteen: number[] = [];
    const viewWhileStreaming: number[] = [];
    let lastParent = '';
    for (let i = 0; i < Math.max(2, Math.ceil(ROUNDS / 2)); i++) {
      cpuOne.push((await cpuPerThousandTokens(b, 1, FAST_TOKENS_ONE)).msPer1k);
      const run = await cpuPerThousandTokens(b, 16, FAST_TOKENS_EACH, (id) => viewWhileStreaming.push(statusViewMs(b.orch, id)));
      cpuSixteen.push(run.msPer1k);
      lastParent = run.parentId;
    }
    const viewAfter = Array.from({ length: 500 }, () => statusViewMs(b.orch, lastParent));
    const viewSamples = [...viewWhileStreaming, ...viewAfter];
    const naive: number[] = [];
    for (let i = 0; i < 5; i++) naive.push(await statusFromTranscriptsMs(b.orch, b.store.get(lastParent)!));
    const transcriptEvents = (await b.orch.readTranscript(b.store.get(lastParent)!.childIds[0]!)).length;
    await b.close();

    const round = (n: number) => Math.round(n * 1000) / 1000;
    const stopAll = [...sixteen.user, ...sixteen.parent];
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ one, sixteen }));
    const results = {
      rounds: ROUNDS,
      fanout_wall_vs_slowest: round(median(batch) / median(alone)),
      fanout_batch_wall_ms: round(median(batch)),
      fanout_slowest_alone_ms: round(median(alone)),
      stop_to_interrupted_p95_ms: round(percentile(stopAll, 95)),
      stop_user_p95_ms_16: round(percentile(sixteen.user, 95)),
      stop_subtask_p95_ms_16: round(percentile(sixteen.parent, 95)),
      stop_to_interrupted_p95_ms_1: round(percentile([...one.user, ...one.parent], 95)),
      stop_samples_16: stopAll.length,
      event_loop_delay_p99_ms_16: round(loop.percentile(99) / 1e6),
      host_ms_per_1k_tokens_16_vs_1: round(median(cpuSixteen) / median(cpuOne)),
      host_ms_per_1k_tokens_16: round(median(cpuSixteen)),
      host_ms_per_1k_tokens_1: round(median(cpuOne)),
      status_view_p95_ms: round(percentile(viewSamples, 95)),
      status_view_while_streaming_p95_ms: round(percentile(viewWhileStreaming, 95)),
      status_view_samples: viewSamples.length,
      status_from_transcripts_p95_ms: round(percentile(naive, 95)),
      transcript_events_per_child: transcriptEvents,
      targets: TARGETS,
    };
    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/fanout.json', JSON.stringify(results, null, 2) + '\n');
    console.table(Object.fromEntries(Object.entries(results).filter(([k]) => k !== 'targets')));
  } finally {
    proc.kill();
  }
}

void main();
