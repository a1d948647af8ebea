/**
 * A child process that drives a TaskStore, for crash (SIGKILL) and two-process tests.
 * Input: one JSON argument (WorkerJob). Prints `ready` once the store is open (and, in `random`
 * mode, `opening` just before opening it, which breaks stale locks and removes temps, and `c`
 * after each acknowledged commit, so the parent can aim its kill); in `random` mode
 * it logs each command before (`begin`) and after (`done`) its commit to `logFile`, so the
 * parent knows which commits must have survived a kill.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyCommand, LifecycleError } from '../../src/core/lifecycle';
import { FileLock } from '../../src/core/store/lock';
import { storeLayout, treeFileName } from '../../src/core/store/paths';
import { encodeTree } from '../../src/core/store/treeFile';
import { TaskStore } from '../../src/core/store';
import { nodeFs, type FsPort } from '../../src/core/store/fsPort';
import { RandomCommands, seededRandom } from './randomCommands';

export type WorkerJob =
  /** `compactEvery`: write a new catalog snapshot once that many trees changed (1: after nearly every commit). */
  | { mode: 'random'; dir: string; seed: number; ops: number; ownerId: string; logFile: string; compactEvery?: number }
  | { mode: 'race'; dir: string; ownerId: string; ops: number; sharedTaskId: string }
  /**
   * An older Baton (before the catalog): takes the store lock and replaces tree files by
   * rename, never touching the catalog. Creates `ops` roots named `<prefix>-<n>` and deletes
   * every third.
   */
  | { mode: 'legacy'; dir: string; ops: number; prefix: string }
  /**
   * Benchmark: open and reconcile in a fresh process, as an editor window does at start-up;
   * then search for each of `searches` (timed one by one) and count every task the catalog lists.
   */
  | { mode: 'open'; dir: string; now: number; trustSeals?: boolean; searches?: string[] }
  /**
   * Benchmark: the previous session of a window that crashed: it was running `rootIds` (resumed
   * at `now` - 1 h, by a window that is gone, so start-up reconciliation interrupts them).
   */
  | { mode: 'crashedSession'; dir: string; now: number; rootIds: string[] }
  /** Benchmark floor: only read and JSON.parse every tree file (keeping the results), in a fresh process. */
  | { mode: 'parseFloor'; dir: string };

export interface OpenReport {
  openMs: number;
  reconcileMs: number;
  /** Tasks whose records are loaded after open and reconcile. */
  loaded: number;
  /** Tasks the store knows (every tree the catalog lists, counted after the timings). */
  tasks: number;
  interrupted: number;
  quarantined: number;
  /** The process's resident memory right after open and reconcile, MB. */
  rssMb: number;
  /** Each search's time, ms, and how many roots it listed. */
  searches: { text: string; ms: number; roots: number; truncated: boolean }[];
}

export interface RaceReport {
  ownerId: string;
  roots: string[];
  children: string[];
  checkpoints: string[];
  errors: string[];
  reconciled: number;
}

/**
 * Prints `S` when a catalog snapshot starts being written and `E` once it is in place, so a
 * parent can tell a kill that landed inside one.
 */
function markingSnapshots(): FsPort {
  return {
    ...nodeFs,
    openSync: (file, flags) => {
      if (flags === 'wx' && file.includes(`${path.sep}catalog${path.sep}snapshot.`)) process.stdout.write('S\n');
      return nodeFs.openSync(file, flags);
    },
    renameSync: (from, to) => {
      nodeFs.renameSync(from, to);
      if (to.endsWith(`${path.sep}catalog${path.sep}snapshot`)) process.stdout.write('E\n');
    },
  };
}

async function runRandom(job: Extract<WorkerJob, { mode: 'random' }>): Promise<void> {
  process.stdout.write('opening\n');
  const deps = job.compactEvery === undefined ? {} : { compactAfter: job.compactEvery, compactIdleMs: 0, fs: markingSnapshots() };
  const store = await TaskStore.open(job.dir, { ownerId: job.ownerId }, deps);
  process.stdout.write('ready\n');
  const commands = new RandomCommands(seededRandom(job.seed), `s${job.seed}-`, job.ownerId);
  for (let n = 0; n < job.ops; n++) {
    const command = commands.next(store.list());
    fs.appendFileSync(job.logFile, `${JSON.stringify({ n, begin: command.type, taskId: 'taskId' in command ? command.taskId : undefined })}\n`);
    try {
      const result = await store.commit(command);
      const revisions = Object.fromEntries(result.changed.map((id) => [id, result.tasks[id]!.revision]));
      fs.appendFileSync(job.logFile, `${JSON.stringify({ n, done: command.type, revisions, removed: result.removed })}\n`);
      process.stdout.write('c\n');
      for (const id of result.changed) store.transcripts.append(id, { type: 'text', n, text: `output of step ${n} `.repeat(8) });
      // Idle for a moment now and then, as a window is: background upkeep (a catalog snapshot) runs then.
      if (job.compactEvery !== undefined && n % 3 === 2) await new Promise((resolve) => setTimeout(resolve, 1));
    } catch (error) {
      if (!(error instanceof LifecycleError)) throw error;
      fs.appendFileSync(job.logFile, `${JSON.stringify({ n, refused: error.code })}\n`);
    }
  }
  await store.close();
  process.stdout.write('finished\n');
}

async function runRace(job: Extract<WorkerJob, { mode: 'race' }>): Promise<void> {
  const store = await TaskStore.open(job.dir, { ownerId: job.ownerId });
  process.stdout.write('ready\n');
  const report: RaceReport = { ownerId: job.ownerId, roots: [], children: [], checkpoints: [], errors: [], reconciled: 0 };
  const attempt = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      report.errors.push(`${what}: ${String(error)}`);
    }
  };
  for (let i = 0; i < job.ops; i++) {
    const now = Date.now();
    const summary = `${job.ownerId}-${i}`;
    // Both processes append to the same task: a lost update would drop someone's checkpoint.
    await attempt(`progress ${i}`, () =>
      store.commit({ type: 'recordProgress', taskId: job.sharedTaskId, now, checkpoint: { summary, filesRead: [], filesWritten: [], at: now } }),
    );
    report.checkpoints.push(summary);
    const rootId = `${job.ownerId}-root-${i}`;
    const childId = `${job.ownerId}-child-${i}`;
    await attempt(`create ${rootId}`, () => store.commit({ type: 'createRoot', id: rootId, title: rootId, goal: `goal ${i}`, now, ownerId: job.ownerId }));
    await attempt(`delegate ${childId}`, () =>
      store.commit({ type: 'delegate', parentId: rootId, toolCallId: `call-${i}`, children: [{ childId, title: childId, goal: 'sub' }], now, ownerId: job.ownerId }),
    );
    await attempt(`complete ${childId}`, () =>
      store.commit({ type: 'complete', taskId: childId, now: Date.now(), ownerId: job.ownerId, result: { summary: `done ${i}`, filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] } }),
    );
    report.roots.push(rootId);
    report.children.push(childId);
    // The other process's tasks hold live leases: reconciling must leave them alone.
    if (i % 10 === 9) {
      await attempt('reconcile', async () => {
        const result = await store.reconcile();
        report.reconciled += result.changed.length;
      });
    }
  }
  await store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function runLegacy(job: Extract<WorkerJob, { mode: 'legacy' }>): Promise<void> {
  const layout = storeLayout(job.dir);
  const lock = new FileLock({ fs: nodeFs, path: layout.lock, ownerId: `legacy-${job.prefix}` });
  process.stdout.write('ready\n');
  for (let n = 0; n < job.ops; n++) {
    const rootId = `${job.prefix}-${n}`;
    const held = await lock.acquire();
    try {
      const created = applyCommand({}, { type: 'createRoot', id: rootId, title: `Legacy ${n}`, goal: `written by an older Baton ${job.prefix}`, now: Date.now() });
      if (!created.ok) throw created.error;
      const file = path.join(layout.tasks, treeFileName(rootId));
      fs.writeFileSync(`${file}.legacy.tmp`, encodeTree({ rootId, revision: 1, writer: `legacy${n}`, records: created.tasks }));
      fs.renameSync(`${file}.legacy.tmp`, file);
      if (n % 3 === 2) fs.unlinkSync(path.join(layout.tasks, treeFileName(`${job.prefix}-${n - 1}`)));
    } finally {
      held.release();
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  lock.dispose();
  process.stdout.write('finished\n');
}

async function runOpen(job: Extract<WorkerJob, { mode: 'open' }>): Promise<void> {
  const started = performance.now();
  const store = await TaskStore.open(job.dir, { ownerId: 'bench-window', now: () => job.now }, { trustSeals: job.trustSeals ?? true, verifyAfterMs: -1 });
  const opened = performance.now();
  const result = await store.reconcile();
  const reconciled = performance.now();
  const rssMb = process.memoryUsage().rss / 1e6;
  const searches: OpenReport['searches'] = [];
  for (const text of job.searches ?? []) {
    const at = performance.now();
    const found = store.search({ text });
    searches.push({ text, ms: performance.now() - at, roots: found.roots.length, truncated: found.truncated });
  }
  let tasks = 0;
  for (let page = store.page({ limit: 500 }); ; page = store.page({ limit: 500, after: page.next })) {
    for (const listing of page.roots) tasks += listing.taskCount;
    if (!page.next) break;
  }
  const report: OpenReport = {
    openMs: opened - started,
    reconcileMs: reconciled - opened,
    loaded: store.list().length,
    tasks,
    interrupted: result.changed.length,
    quarantined: store.quarantined.length,
    rssMb,
    searches,
  };
  await store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function runCrashedSession(job: Extract<WorkerJob, { mode: 'crashedSession' }>): Promise<void> {
  const store = await TaskStore.open(job.dir, { ownerId: 'old-window', now: () => job.now - 3_600_000 }, { verifyAfterMs: -1 });
  for (const rootId of job.rootIds) await store.commit({ type: 'resume', taskId: rootId, ownerId: 'old-window', now: job.now - 3_600_000 });
  await store.close();
  process.stdout.write('{}\n');
}

function runParseFloor(job: Extract<WorkerJob, { mode: 'parseFloor' }>): void {
  const started = performance.now();
  const tasks = path.join(job.dir, 'tasks');
  // Kept, as a store must keep them: retaining is what makes the garbage collector work.
  const kept: { records: unknown[] }[] = [];
  for (const name of fs.readdirSync(tasks)) kept.push(JSON.parse(fs.readFileSync(path.join(tasks, name), 'utf8')) as { records: unknown[] });
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, records: kept.reduce((n, t) => n + t.records.length, 0) })}\n`);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
  if (job.mode === 'random') await runRandom(job);
  else if (job.mode === 'race') await runRace(job);
  else if (job.mode === 'open') await runOpen(job);
  else if (job.mode === 'legacy') await runLegacy(job);
  else if (job.mode === 'crashedSession') await runCrashedSession(job);
  else runParseFloor(job);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
