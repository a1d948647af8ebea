/**
 * Task store benchmark: `npx tsx test/bench/store.bench.ts` (or `npm run bench:store`).
 * Writes bench-results/store.json and prints a table. Everything is measured in one run, in one
 * temp directory under os.tmpdir(), so the floor and the store share the disk and the moment.
 *
 *  raw_commit_p50_ms  the floor: write 2 KB to a temp file, fsync, rename, fsync the directory
 *  commit_p50/p99_ms  real commits of parent+child transitions (delegate, complete) on a tree of
 *                     about that size, through the cross-process lock; interleaved with the
 *                     floor's samples so both see the same disk weather
 *  open_10k_ms        open + reconcile a realistic 10,000-task store in a fresh process (cold
 *                     JIT, warm page cache), median of several runs; the store has its catalog
 *                     (written by the first open, untimed: catalog_build_10k_ms) and a previous
 *                     session that crashed with 1% of its roots running (reconcile interrupts them)
 *  open_100k_ms       the same for 100,000 tasks (a year of history: the same mix of finished,
 *                     stopped and failed trees; as many running as the 10,000-task store);
 *                     open_100k_rss_mb is the process's resident memory right after
 *  search_100k_ms     the first search after that open, for a word a handful of tasks hold in
 *                     their goal (it reads the search file and scans every task); the warm and
 *                     common-word (stops at a page of roots) figures are in details
 *  append_mb_s        transcript appends, batched, including the final flush
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TaskStore } from '../../src/core/store';
import { writeFileDurably } from '../../src/core/store/atomicFile';
import { nodeFs } from '../../src/core/store/fsPort';
import type { OpenReport } from '../helpers/storeWorker';
import { writeRealisticStore, type RealisticStoreOptions, type RealisticStoreStats, type TextProfile } from '../helpers/realisticStore';
import { completeCmd, delegateCmd, rootCmd, taskResult } from '../helpers/taskCommands';
import { startWorker, storeWorkerBundle } from '../helpers/workerProcess';

const TARGETS = { commit_vs_raw: 1.5, open_10k_ms: 100, open_100k_ms: 150, open_100k_rss_mb: 150, search_100k_ms: 50, append_mb_s: 50 };
const COMMIT_ROUNDS = 400;
const WARMUP_ROUNDS = 40;
const OPEN_RUNS = 5;
const OPEN_100K_RUNS = 3;
/** A topic a handful of the 100,000 tasks name in their goal (realisticStore.ts). */
const SEARCH_WORD = 'topic0420';
const COMPACT_OPEN_RUNS = 3;
const APPEND_BYTES = 64e6;

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Wall time, and CPU time (user + system, all threads) spent meanwhile, in ms. */
async function timedWithCpu(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const wall = await timed(work);
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** The same durable write through fs.promises, for reference: what a naive async floor costs. */
async function rawWithPromises(dir: string, data: Buffer): Promise<void> {
  const file = path.join(dir, 'floor-promises.json');
  const temp = `${file}.tmp`;
  const handle = await fs.promises.open(temp, 'w');
  await handle.write(data);
  await handle.sync();
  await handle.close();
  await fs.promises.rename(temp, file);
  const dirHandle = await fs.promises.open(dir, 'r');
  await dirHandle.sync();
  await dirHandle.close();
}

async function benchCommits(root: string) {
  const storeDir = path.join(root, 'commits');
  const rawDir = path.join(root, 'raw');
  fs.mkdirSync(rawDir, { recursive: true });
  const payload = Buffer.alloc(2048, 0x61);
  const store = await TaskStore.open(storeDir, { ownerId: 'bench-window' });
  const raw: number[] = [];
  const rawPromises: number[] = [];
  const commits: number[] = [];
  const treeBytes: number[] = [];
  const ownerId = 'bench-window';
  let rawCpu = 0;
  let commitCpu = 0;
  for (let i = 0; i < WARMUP_ROUNDS + COMMIT_ROUNDS; i++) {
    const keep = i >= WARMUP_ROUNDS;
    const rootId = `root-${i}`;
    const childId = `child-${i}`;
    const now = Date.now();
    await store.commit(rootCmd(rootId, { ownerId, now, goal: 'Refactor the tokenizer for speed without changing its API. '.repeat(3) }));
    const floor1 = await timedWithCpu(() => writeFileDurably(nodeFs, path.join(rawDir, 'floor.json'), payload));
    const delegate = await timedWithCpu(() => store.commit(delegateCmd(rootId, childId, { ownerId, now, context: 'Files: src/tokenizer.ts, test/tokenizer.test.ts' })));
    const floor2 = await timedWithCpu(() => writeFileDurably(nodeFs, path.join(rawDir, 'floor.json'), payload));
    const result = taskResult('Rewrote the hot loop; all 214 tests pass. '.repeat(4), { filesWritten: ['src/tokenizer.ts'], toolTrace: ['edit_file src/tokenizer.ts (ok)', 'run_command npm test (ok)'] });
    const complete = await timedWithCpu(() => store.commit(completeCmd(childId, { ownerId, now: now + 1, result })));
    const floorPromises = await timed(() => rawWithPromises(rawDir, payload));
    if (!keep) continue;
    raw.push(floor1.wall, floor2.wall);
    commits.push(delegate.wall, complete.wall);
    rawCpu += floor1.cpu + floor2.cpu;
    commitCpu += delegate.cpu + complete.cpu;
    rawPromises.push(floorPromises);
    if (i % 50 === 0) treeBytes.push(fs.statSync(path.join(storeDir, 'tasks', `${rootId}.json`)).size);
  }
  await store.close();
  return {
    raw_commit_p50_ms: median(raw),
    raw_commit_promises_p50_ms: median(rawPromises),
    commit_p50_ms: median(commits),
    commit_p99_ms: quantile(commits, 0.99),
    raw_commit_p99_ms: quantile(raw, 0.99),
    commit_samples: commits.length,
    /** CPU (user + system, every thread) per operation: less sensitive to a busy machine than wall time. */
    raw_cpu_per_op_ms: rawCpu / raw.length,
    commit_cpu_per_op_ms: commitCpu / commits.length,
    tree_bytes_avg: Math.round(treeBytes.reduce((a, b) => a + b, 0) / treeBytes.length),
  };
}

async function openInFreshProcess(dir: string, now: number, trustSeals = true, searches: string[] = []): Promise<OpenReport> {
  const worker = startWorker({ mode: 'open', dir, now, trustSeals, searches });
  const exit = await worker.exited;
  if (exit.code !== 0) throw new Error(`open benchmark process failed: ${exit.stderr}`);
  return JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as OpenReport;
}

/** The floor of any design that loads the history at open: read + JSON.parse (results kept), nothing else. */
async function parseFloorInFreshProcess(dir: string): Promise<number> {
  const exit = await startWorker({ mode: 'parseFloor', dir }).exited;
  if (exit.code !== 0) throw new Error(`parse floor process failed: ${exit.stderr}`);
  return (JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as { ms: number }).ms;
}

/** The previous session crashed while running `rootIds`: logged as a window would (commits), in a process of its own. */
async function crashedSession(dir: string, now: number, rootIds: string[]): Promise<void> {
  const exit = await startWorker({ mode: 'crashedSession', dir, now, rootIds }).exited;
  if (exit.code !== 0) throw new Error(`crashed-session process failed: ${exit.stderr}`);
}

async function benchOpen(root: string, profile: TextProfile, runs: number, fullZodRuns = 0, taskCount = 10_000, options: RealisticStoreOptions = {}, searches: string[] = []) {
  const dataset = path.join(root, `dataset-${profile}-${taskCount}`);
  const now = Date.now();
  const stats: RealisticStoreStats = writeRealisticStore(dataset, taskCount, now, profile, 42, options);
  const crashed = stats.rewrittenByReconcile.map((name) => name.slice(0, -'.json'.length));
  storeWorkerBundle();
  const check = (report: OpenReport) => {
    if (report.tasks !== stats.tasks || report.quarantined !== 0 || report.interrupted !== stats.crashedActive) {
      throw new Error(`open benchmark knew ${report.tasks} tasks, quarantined ${report.quarantined}, interrupted ${report.interrupted}`);
    }
  };
  // A store from before the catalog: its first open reads every tree file and writes the catalog.
  const build = await openInFreshProcess(dataset, now);
  check(build);
  const cold: OpenReport[] = [];
  const warm: number[] = [];
  const floors: number[] = [];
  for (let run = 0; run < runs; run++) {
    if (taskCount <= 10_000) floors.push(await parseFloorInFreshProcess(dataset));
    await crashedSession(dataset, now, crashed);
    const report = await openInFreshProcess(dataset, now, true, searches);
    check(report);
    cold.push(report);
    if (taskCount > 10_000) continue;
    await crashedSession(dataset, now, crashed);
    warm.push(
      await timed(async () => {
        const store = await TaskStore.open(dataset, { ownerId: 'bench-window', now: () => now }, { verifyAfterMs: -1 });
        await store.reconcile();
        await store.close();
      }),
    );
  }
  // For comparison: the same, validating every record with zod instead of trusting seals.
  const fullZod: number[] = [];
  for (let run = 0; run < fullZodRuns; run++) {
    await crashedSession(dataset, now, crashed);
    const report = await openInFreshProcess(dataset, now, false);
    fullZod.push(report.openMs + report.reconcileMs);
  }
  const totals = cold.map((r) => r.openMs + r.reconcileMs);
  const catalogBytes = fs.readdirSync(path.join(dataset, 'catalog')).reduce((n, name) => n + fs.statSync(path.join(dataset, 'catalog', name)).size, 0);
  fs.rmSync(dataset, { recursive: true, force: true });
  const searchMs = (i: number) => median(cold.map((r) => r.searches[i]?.ms ?? NaN));
  return {
    open_10k_ms: median(totals),
    open_10k_runs_ms: totals.map((t) => round(t, 1)),
    open_10k_open_part_ms: median(cold.map((r) => r.openMs)),
    open_10k_reconcile_part_ms: median(cold.map((r) => r.reconcileMs)),
    open_10k_warm_process_ms: warm.length > 0 ? median(warm) : undefined,
    read_and_parse_floor_ms: floors.length > 0 ? median(floors) : undefined,
    open_10k_full_zod_ms: fullZod.length > 0 ? median(fullZod) : undefined,
    open_10k_interrupted: cold[0]!.interrupted,
    catalog_build_ms: build.openMs,
    catalog_megabytes: round(catalogBytes / 1e6, 1),
    loaded_tasks_after_open: cold[0]!.loaded,
    rss_mb: median(cold.map((r) => r.rssMb)),
    searches: searches.map((text, i) => ({ text, ms: round(searchMs(i), 1), roots: cold[0]!.searches[i]?.roots, truncated: cold[0]!.searches[i]?.truncated })),
    dataset: {
      profile,
      tasks: stats.tasks,
      trees: stats.trees,
      megabytes: round(stats.bytes / 1e6, 1),
      bytes_per_task: Math.round(stats.bytes / stats.tasks),
      crashed_active_trees: stats.crashedActive,
      live_in_other_window_trees: stats.liveElsewhere,
    },
  };
}

async function benchAppend(root: string) {
  const store = await TaskStore.open(path.join(root, 'append'), { ownerId: 'bench-window' });
  const text = 'streamed model output, token by token, as the agent loop emits it; '.repeat(3);
  const args = JSON.stringify({ path: 'src/tokenizer.ts', content: 'export function tokenize(input: string) { /* … */ }\n'.repeat(12) });
  let approx = 0;
  let n = 0;
  const start = performance.now();
  while (approx < APPEND_BYTES) {
    for (let k = 0; k < 500; k++, n++) {
      const taskId = `task-${n % 4}`;
      if (n % 20 === 19) {
        store.transcripts.append(taskId, { type: 'tool_call', id: `call_${n}`, name: 'write_file', args, at: 1_700_000_000_000 + n });
        approx += args.length + 90;
      } else {
        store.transcripts.append(taskId, { type: 'text', delta: text, at: 1_700_000_000_000 + n });
        approx += text.length + 40;
      }
    }
    // The agent loop yields between events; let batches go out meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await store.transcripts.flush();
  const seconds = (performance.now() - start) / 1000;
  const dir = path.join(root, 'append', 'transcripts');
  const bytes = fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
  await store.close();
  return { append_mb_s: bytes / 1e6 / seconds, append_megabytes: round(bytes / 1e6, 1), append_entries: n };
}

function mountOf(dir: string): string {
  try {
    const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
    const best = mounts.filter((m) => m[1] && dir.startsWith(m[1])).sort((a, b) => b[1]!.length - a[1]!.length)[0];
    return best ? `${best[0]} on ${best[1]} (${best[2]})` : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-store-bench-'));
  const loadBefore = os.loadavg();
  try {
    const commit = await benchCommits(root);
    const open = await benchOpen(root, 'typical', OPEN_RUNS, 3);
    const compact = await benchOpen(root, 'compact', COMPACT_OPEN_RUNS);
    // A year of history: 100,000 tasks, as many of them running as in the 10,000-task store.
    const year = await benchOpen(root, 'typical', OPEN_100K_RUNS, 0, 100_000, { running: { crashed: open.dataset.crashed_active_trees, live: open.dataset.live_in_other_window_trees }, topics: true }, [
      SEARCH_WORD,
      'topic1777',
      'parser',
    ]);
    const append = await benchAppend(root);
    const results = {
      raw_commit_p50_ms: round(commit.raw_commit_p50_ms),
      commit_p50_ms: round(commit.commit_p50_ms),
      commit_p99_ms: round(commit.commit_p99_ms),
      commit_vs_raw: round(commit.commit_p50_ms / commit.raw_commit_p50_ms, 2),
      open_10k_ms: round(open.open_10k_ms, 1),
      open_100k_ms: round(year.open_10k_ms, 1),
      open_100k_rss_mb: round(year.rss_mb, 1),
      search_100k_ms: year.searches[0]!.ms,
      append_mb_s: round(append.append_mb_s, 1),
      targets: TARGETS,
      details: {
        ...commit,
        raw_commit_p50_ms: undefined,
        commit_p50_ms: undefined,
        commit_p99_ms: undefined,
        raw_commit_promises_p50_ms: round(commit.raw_commit_promises_p50_ms),
        raw_commit_p99_ms: round(commit.raw_commit_p99_ms),
        raw_cpu_per_op_ms: round(commit.raw_cpu_per_op_ms),
        commit_cpu_per_op_ms: round(commit.commit_cpu_per_op_ms),
        ...open,
        open_10k_ms: undefined,
        open_10k_open_part_ms: round(open.open_10k_open_part_ms, 1),
        open_10k_reconcile_part_ms: round(open.open_10k_reconcile_part_ms, 1),
        open_10k_warm_process_ms: round(open.open_10k_warm_process_ms ?? NaN, 1),
        read_and_parse_floor_ms: round(open.read_and_parse_floor_ms ?? NaN, 1),
        open_vs_parse_floor: round(open.open_10k_ms / (open.read_and_parse_floor_ms ?? NaN), 2),
        open_10k_full_zod_ms: round(open.open_10k_full_zod_ms ?? 0, 1),
        catalog_build_10k_ms: round(open.catalog_build_ms, 1),
        open_10k_rss_mb: round(open.rss_mb, 1),
        open_10k_loaded_tasks: open.loaded_tasks_after_open,
        open_100k_runs_ms: year.open_10k_runs_ms,
        open_100k_open_part_ms: round(year.open_10k_open_part_ms, 1),
        open_100k_reconcile_part_ms: round(year.open_10k_reconcile_part_ms, 1),
        open_100k_loaded_tasks: year.loaded_tasks_after_open,
        catalog_build_100k_ms: round(year.catalog_build_ms, 1),
        catalog_100k_megabytes: year.catalog_megabytes,
        searches_100k: year.searches,
        dataset_100k: year.dataset,
        open_10k_compact_ms: round(compact.open_10k_ms, 1),
        compact_read_and_parse_floor_ms: round(compact.read_and_parse_floor_ms ?? NaN, 1),
        open_10k_compact_runs_ms: compact.open_10k_runs_ms,
        compact_dataset: compact.dataset,
        append_megabytes: append.append_megabytes,
        append_entries: append.append_entries,
      },
      environment: {
        dir: root,
        mount: mountOf(root),
        node: process.version,
        cpus: os.cpus().length,
        loadavg_before: loadBefore.map((x) => round(x, 2)),
        loadavg_after: os.loadavg().map((x) => round(x, 2)),
        at: new Date().toISOString(),
      },
    };
    fs.mkdirSync('bench-results', { recursive: true });
    fs.writeFileSync(path.join('bench-results', 'store.json'), `${JSON.stringify(results, null, 2)}\n`);
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    console.table({
      raw_commit_p50_ms: { value: results.raw_commit_p50_ms, target: 'floor', verdict: '' },
      commit_p50_ms: { value: results.commit_p50_ms, target: '', verdict: '' },
      commit_p99_ms: { value: results.commit_p99_ms, target: '', verdict: '' },
      commit_vs_raw: { value: results.commit_vs_raw, target: `<= ${TARGETS.commit_vs_raw}`, verdict: verdict(results.commit_vs_raw <= TARGETS.commit_vs_raw) },
      open_10k_ms: { value: results.open_10k_ms, target: `<= ${TARGETS.open_10k_ms}`, verdict: verdict(results.open_10k_ms <= TARGETS.open_10k_ms) },
      open_100k_ms: { value: results.open_100k_ms, target: `<= ${TARGETS.open_100k_ms}`, verdict: verdict(results.open_100k_ms <= TARGETS.open_100k_ms) },
      open_100k_rss_mb: { value: results.open_100k_rss_mb, target: `<= ${TARGETS.open_100k_rss_mb}`, verdict: verdict(results.open_100k_rss_mb <= TARGETS.open_100k_rss_mb) },
      search_100k_ms: { value: results.search_100k_ms, target: `<= ${TARGETS.search_100k_ms}`, verdict: verdict(results.search_100k_ms <= TARGETS.search_100k_ms) },
      append_mb_s: { value: results.append_mb_s, target: `>= ${TARGETS.append_mb_s}`, verdict: verdict(results.append_mb_s >= TARGETS.append_mb_s) },
    });
    console.log(
      `dataset: ${open.dataset.tasks} tasks in ${open.dataset.trees} trees, ${open.dataset.megabytes} MB (${open.dataset.bytes_per_task} B/task); ` +
        `compact dataset (${compact.dataset.megabytes} MB, ${compact.dataset.bytes_per_task} B/task): ${round(compact.open_10k_ms, 1)} ms; catalog build 10k ${round(open.catalog_build_ms, 0)} ms; ` +
        `open runs ${open.open_10k_runs_ms.join(', ')} ms; read+JSON.parse floor ${results.details.read_and_parse_floor_ms} ms; ` +
        `without trusting seals (zod on every record) ${results.details.open_10k_full_zod_ms} ms; warm process ${results.details.open_10k_warm_process_ms} ms; ` +
        `fs.promises floor ${results.details.raw_commit_promises_p50_ms} ms; CPU per op: floor ${results.details.raw_cpu_per_op_ms} ms, commit ${results.details.commit_cpu_per_op_ms} ms; ` +
        `tree ~${commit.tree_bytes_avg} B; temp dir ${root} on ${results.environment.mount}; ` +
        `load ${results.environment.loadavg_before.join('/')} → ${results.environment.loadavg_after.join('/')}`,
    );
    console.log('wrote bench-results/store.json');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
