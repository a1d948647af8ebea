/**
 * Crash safety, for real: a child process commits random lifecycle commands (parent+child
 * completions, delegations, abandons, deletes…) and is killed with SIGKILL at a random moment,
 * hundreds of times. After each kill the store is reopened as another window would: nothing may
 * be quarantined (no torn tree file), no temp file may survive, the catalog must say exactly
 * what the tree files say (lists, unfinished tasks, search, records), every commit the worker
 * saw resolve must be there, and after reconciling every record is valid and every invariant
 * holds. Half the runs write a new catalog snapshot after nearly every commit, so many kills
 * land inside one (an index update).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskStore } from '../../../src/core/store';
import { seededRandom } from '../../helpers/randomCommands';
import { assertCatalogMatchesFiles } from '../../helpers/catalogChecks';
import { assertCleanFolder, assertSoundStore } from '../../helpers/storeChecks';
import { makeTempDir, removeTempDir } from '../../helpers/tempDir';
import { startWorker, storeWorkerBundle } from '../../helpers/workerProcess';

/** Kills per run (BATON_STORE_KILLS overrides), spread over two lanes: one per core. */
const LANES = 2;
const KILLS_PER_LANE = Math.ceil(Number(process.env.BATON_STORE_KILLS ?? 200) / LANES);
/** A fresh store every so many kills keeps each one small. */
const KILLS_PER_STORE = 25;

type LogLine =
  | { n: number; begin: string; taskId?: string }
  | { n: number; done: string; revisions: Record<string, number>; removed: string[] }
  | { n: number; refused: string };

interface Stats {
  kills: number;
  /** Kills that landed while a catalog snapshot was being written. */
  inSnapshot: number;
  snapshots: number;
  whileOpening: number;
  midCommit: number;
  betweenCommits: number;
  acknowledged: number;
  refused: number;
  finished: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readLog(file: string): LogLine[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.pop(); // torn or empty
  return lines.map((line) => JSON.parse(line) as LogLine);
}

/** What the worker's log promises: the lowest revision each surviving task must have. */
function expectations(log: readonly LogLine[]): { minRevision: Map<string, number>; inFlight?: string } {
  const minRevision = new Map<string, number>();
  const settled = new Set<number>();
  for (const line of log) {
    if ('done' in line) {
      for (const [id, revision] of Object.entries(line.revisions)) minRevision.set(id, revision);
      for (const id of line.removed) minRevision.delete(id);
    }
    if (!('begin' in line)) settled.add(line.n);
  }
  const last = log.at(-1);
  const inFlight = last && 'begin' in last && !settled.has(last.n) ? last.begin : undefined;
  return { minRevision, inFlight };
}

async function checkAfterKill(dir: string, logFile: string, context: string, stats: Stats): Promise<void> {
  const log = readLog(logFile);
  const { minRevision, inFlight } = expectations(log);
  stats.acknowledged += log.filter((l) => 'done' in l).length;
  stats.refused += log.filter((l) => 'refused' in l).length;
  if (inFlight) stats.midCommit++;
  else if (log.length > 0) stats.betweenCommits++;

  const store = await TaskStore.open(dir, { ownerId: 'checker', now: () => Date.now() + 3_600_000 }, { lock: { unreadableStaleMs: 50 }, openPage: 3 });
  try {
    assert.deepEqual(store.quarantined, [], `${context}: a tree file was torn or invalid`);
    assertCleanFolder(dir, context);
    await assertCatalogMatchesFiles(store, dir, context);
    for (const [id, revision] of minRevision) {
      const record = store.get(id);
      if (!record) {
        assert.equal(inFlight, 'delete', `${context}: acknowledged task ${id} (revision ${revision}) is missing`);
        continue;
      }
      assert.ok(record.revision >= revision, `${context}: ${id} went back from revision ${revision} to ${record.revision}`);
    }
    for (const record of store.list().slice(0, 5)) {
      const entries = await store.transcripts.read(record.id);
      assert.ok(entries.every((e) => typeof e === 'object' && e !== null), `${context}: transcript of ${record.id}`);
    }
    await store.reconcile();
    assertSoundStore(store.list(), context);
  } finally {
    await store.close();
  }
}

async function runLane(lane: number, stats: Stats): Promise<void> {
  const rand = seededRandom(0xba70 + lane);
  const logs = makeTempDir('baton-crash-logs-');
  let dir = makeTempDir('baton-crash-');
  try {
    for (let i = 0; i < KILLS_PER_LANE; i++) {
      if (i > 0 && i % KILLS_PER_STORE === 0) {
        removeTempDir(dir);
        dir = makeTempDir('baton-crash-');
      }
      const seed = lane * 1_000_000 + i;
      const logFile = path.join(logs, `${seed}.log`);
      const worker = startWorker({ mode: 'random', dir, seed, ops: 500, ownerId: `worker-${seed}`, logFile, ...(i % 2 === 1 && { compactEvery: 1 }) });
      // Mostly after a random number of acknowledged commits plus a random few ms, landing
      // anywhere in the next commit; sometimes while the worker opens the store (breaking the
      // lock left by the previous kill, removing its temp files).
      const early = rand() < 0.15;
      if (early) await worker.opening;
      else await worker.commits(Math.floor(rand() * 12));
      await sleep(rand() * (early ? 4 : 5));
      worker.child.kill('SIGKILL');
      const exit = await worker.exited;
      assert.ok(exit.code === null || exit.code === 0, `worker ${seed} failed: ${exit.stderr}`);
      const marks = exit.stdout.split('\n').filter((l) => l === 'S' || l === 'E');
      stats.snapshots += marks.filter((m) => m === 'E').length;
      if (marks.at(-1) === 'S') stats.inSnapshot++;
      if (exit.stdout.includes('finished')) stats.finished++;
      else if (!exit.stdout.includes('ready')) stats.whileOpening++;
      stats.kills++;
      await checkAfterKill(dir, logFile, `lane ${lane}, kill ${i} (seed ${seed})`, stats);
    }
  } finally {
    removeTempDir(dir);
    removeTempDir(logs);
  }
}

describe('crash safety: SIGKILL at random points of real commits', function () {
  this.timeout(180_000);

  before(() => {
    storeWorkerBundle();
  });

  it(`survives ${LANES * KILLS_PER_LANE} kills with nothing torn, nothing lost and every invariant intact`, async () => {
    const stats: Stats = { kills: 0, inSnapshot: 0, snapshots: 0, whileOpening: 0, midCommit: 0, betweenCommits: 0, acknowledged: 0, refused: 0, finished: 0 };
    const started = Date.now();
    await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(lane, stats)));
    console.log(
      `      SIGKILL: ${stats.kills} kills in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(${stats.midCommit} mid-commit, ${stats.betweenCommits} between commits, ${stats.whileOpening} while opening, ` +
        `${stats.finished} after finishing); ${stats.acknowledged} acknowledged commits checked, ${stats.refused} refusals; ` +
        `${stats.snapshots} catalog snapshots written, ${stats.inSnapshot} kills inside one`,
    );
    assert.ok(stats.inSnapshot > 0, 'some kills should land inside a catalog snapshot');
    assert.equal(stats.kills, LANES * KILLS_PER_LANE);
    assert.ok(stats.midCommit > stats.kills / 4, 'most kills should land inside a commit');
  });
});
