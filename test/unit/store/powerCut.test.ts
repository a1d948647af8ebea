/**
 * Crash safety that can see a missing fsync (issue 8, item 15). The SIGKILL suite
 * (crash.test.ts) passes even with fsync made a no-op, because a killed process leaves the
 * page cache behind. Here the process "dies" at a chosen file-system call (FaultyFs, crash
 * mode) and then the power goes: PowerCutFs rewrites the store as only fsynced data and
 * fsynced folder entries would survive. After that, every commit that was acknowledged must
 * still be there, with the transcript entries it rested on (item 14), nothing may be torn,
 * the catalog must say what the tree files say (its log is never fsynced: a cut takes its
 * last lines, which the next open must notice), and after reconciling every invariant must
 * hold. Some runs write catalog snapshots, so cuts land inside one too.
 *
 * The last test runs the same check on a store whose fsync does nothing and asserts that the
 * check reports lost acknowledged commits: proof that it would catch a missing fsync.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { LifecycleError, type LifecycleCommand, type TransitionOk } from '../../../src/core/lifecycle';
import { TaskStore, type StoreDeps } from '../../../src/core/store';
import { transcriptBehind } from '../../../src/core/store/transcriptDependency';
import type { TaskMap, TaskRecord } from '../../../src/shared/task';
import { assertCatalogMatchesFiles } from '../../helpers/catalogChecks';
import { FaultyFs } from '../../helpers/faultyFs';
import { PowerCutFs } from '../../helpers/powerCutFs';
import { RandomCommands, seededRandom } from '../../helpers/randomCommands';
import { assertSoundStore, snapshotOf } from '../../helpers/storeChecks';
import { completeCmd, delegateCmd, rootCmd, T0 } from '../../helpers/taskCommands';
import { makeTempDir, removeTempDir } from '../../helpers/tempDir';

/** A pid above Linux's pid_max: the crashed "process" is certainly dead. */
const DEAD_PID = 0x7ffffff0;
const OWNER = 'window-under-test';
const LATER = T0 + 3_600_000;
const openAfterCut = (dir: string, ownerId: string) =>
  TaskStore.open(dir, { ownerId, now: () => LATER }, { lock: { unreadableStaleMs: 50, timeoutMs: 5_000 }, openPage: 2 });

/** Appends the entry a transcript-dependent commit rests on, then commits, as the runtime does. */
function commitWithTurn(store: TaskStore, command: LifecycleCommand, marker: string): Promise<TransitionOk> {
  const taskId = transcriptBehind(command);
  if (taskId !== undefined) store.transcripts.append(taskId, { type: 'assistant', text: marker, reasoning: '', toolCalls: [], partial: false });
  return store.commit(command);
}

async function transcriptHas(store: TaskStore, taskId: string, marker: string): Promise<boolean> {
  return (await store.transcripts.read(taskId)).some((e) => (e as { text?: string }).text === marker);
}

// ---- every call of one commit ------------------------------------------------------------

interface Scenario {
  name: string;
  setup: LifecycleCommand[];
  command: LifecycleCommand;
  /** The power may go during open too: a fresh store's folders must be durable. */
  fromOpen?: boolean;
  /** Store seams for the store under test (e.g. a catalog snapshot after the commit). */
  deps?: StoreDeps;
}

const owned = { ownerId: OWNER };
const scenarios: Scenario[] = [
  { name: 'the first commit of a brand-new store', setup: [], command: rootCmd('first', owned), fromOpen: true },
  { name: 'delegate, resting on the parent’s turn', setup: [rootCmd('p', owned)], command: delegateCmd('p', 'c', owned) },
  { name: 'complete a child, resting on its turn', setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned)], command: completeCmd('c', owned) },
  { name: 'create a root (new tree file)', setup: [rootCmd('existing')], command: rootCmd('fresh', owned) },
  { name: 'delete a whole tree (unlink)', setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned), rootCmd('keep')], command: { type: 'delete', taskId: 'p', now: T0 + 6 } },
  {
    name: 'reconcile three trees (batched write)',
    setup: [rootCmd('a', owned), rootCmd('b', owned), delegateCmd('b', 'b1', owned), rootCmd('c', owned), rootCmd('idle')],
    command: { type: 'reconcile', leaseTtlMs: 30_000, now: LATER },
  },
  {
    name: 'complete a child, then a new catalog snapshot (the index written anew)',
    setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned), rootCmd('gone'), { type: 'delete', taskId: 'gone', now: T0 + 1 }, rootCmd('kept')],
    command: completeCmd('c', owned),
    deps: { compactAfter: 1, compactIdleMs: 0 },
  },
];

async function buildBase(setup: readonly LifecycleCommand[]): Promise<string> {
  const dir = makeTempDir('baton-cut-base-');
  if (setup.length === 0) return dir;
  const store = await TaskStore.open(dir, owned);
  for (const command of setup) await store.commit(command);
  await store.close();
  return dir;
}

function copyOf(base: string): string {
  const dir = makeTempDir('baton-cut-');
  fs.cpSync(base, dir, { recursive: true });
  return dir;
}

async function snapshotFrom(dir: string): Promise<TaskMap> {
  const store = await TaskStore.open(dir, { ownerId: 'inspector' });
  const tasks = snapshotOf(store.list());
  await store.close();
  return tasks;
}

function byTree(tasks: TaskMap): Map<string, TaskRecord[]> {
  const trees = new Map<string, TaskRecord[]>();
  for (const record of Object.values(tasks)) trees.set(record.rootId, [...(trees.get(record.rootId) ?? []), record]);
  for (const records of trees.values()) records.sort((a, b) => a.id.localeCompare(b.id));
  return trees;
}

/** Each tree is exactly its old or its new version; whether all are new. */
function oldOrNew(actual: TaskMap, before: TaskMap, after: TaskMap, context: string): boolean {
  const [a, b, n] = [byTree(actual), byTree(before), byTree(after)];
  let allNew = true;
  for (const rootId of new Set([...a.keys(), ...b.keys(), ...n.keys()])) {
    const isOld = isDeepStrictEqual(a.get(rootId), b.get(rootId));
    const isNew = isDeepStrictEqual(a.get(rootId), n.get(rootId));
    assert.ok(isOld || isNew, `${context}: tree ${rootId} is neither its old nor its new version`);
    if (!isNew) allNew = false;
  }
  return allNew;
}

interface PointReport {
  points: number;
  acknowledged: number;
}

/**
 * Power cut at every call k of one commit, and once more right after it was acknowledged (the
 * case that matters most: a resolved commit must be on the disk).
 */
async function cutAtEveryCall(scenario: Scenario, base: string, oldState: TaskMap, newState: TaskMap): Promise<PointReport> {
  const report = { points: 0, acknowledged: 0 };
  const marker = `turn before ${scenario.command.type}`;
  for (let k = 1; ; k++) {
    const dir = copyOf(base);
    const power = new PowerCutFs(dir);
    const faulty = new FaultyFs(power.port);
    if (scenario.fromOpen) faulty.arm(k, 'crash');
    let committed = false;
    try {
      const store = await TaskStore.open(dir, { ownerId: OWNER, now: () => LATER }, { ...scenario.deps, fs: faulty.port, lock: { pid: DEAD_PID }, transcriptFlushDelayMs: 60_000 });
      if (!scenario.fromOpen) faulty.arm(k, 'crash');
      await commitWithTurn(store, scenario.command, marker);
      committed = true;
      await store.settled();
    } catch {
      // The crash: everything after call k failed.
    }
    const last = !faulty.fired;
    if (last) assert.ok(committed, `${scenario.name}: commits without a fault`);
    const context = last ? `${scenario.name}, power cut right after it was acknowledged` : `${scenario.name}, power cut after call ${k} (${faulty.trace.at(-1)})`;
    power.cut();
    const store = await openAfterCut(dir, 'recovering-window');
    try {
      assert.deepEqual(store.quarantined, [], `${context}: nothing torn`);
      await assertCatalogMatchesFiles(store, dir, context);
      const allNew = oldOrNew(snapshotOf(store.list()), oldState, newState, context);
      if (committed) {
        assert.ok(allNew, `${context}: an acknowledged commit is lost`);
        const taskId = transcriptBehind(scenario.command);
        if (taskId !== undefined) assert.ok(await transcriptHas(store, taskId, marker), `${context}: the transcript it rested on is lost`);
        report.acknowledged++;
      }
      await store.reconcile();
      assertSoundStore(store.list(), context);
    } finally {
      await store.close();
    }
    report.points++;
    removeTempDir(dir);
    if (last) return report;
  }
}

// ---- random sequences of real commits --------------------------------------------------

interface PowerCutReport {
  runs: number;
  /** Runs in which the power went mid-sequence (the rest finished first). */
  cuts: number;
  acknowledged: number;
  transcriptsChecked: number;
  /** What the check found missing after a cut: empty for a store that fsyncs what it must. */
  lost: string[];
}

/**
 * Runs random command sequences (parent+child commits, deletes, refusals…) on one store,
 * cutting the power at a random call of each run; after each cut, reopens and checks every
 * acknowledged commit and every transcript entry an acknowledged commit rested on.
 */
async function powerCutCheck(options: { runs: number; seed: number; skipFsync?: boolean }): Promise<PowerCutReport> {
  const report: PowerCutReport = { runs: 0, cuts: 0, acknowledged: 0, transcriptsChecked: 0, lost: [] };
  const rand = seededRandom(options.seed);
  let dir = makeTempDir('baton-cut-random-');
  try {
    for (let run = 0; run < options.runs; run++) {
      if (run > 0 && run % 20 === 0) {
        removeTempDir(dir);
        dir = makeTempDir('baton-cut-random-');
      }
      const power = new PowerCutFs(dir, { skipFsync: options.skipFsync });
      const faulty = new FaultyFs(power.port);
      const minRevision = new Map<string, number>();
      const transcripts: [string, string][] = [];
      let inFlight: string | undefined;
      // The catalog adds a few calls to every commit: the range keeps about as many commits per run as before it.
      faulty.arm(1 + Math.floor(rand() * 1100), 'crash');
      try {
        const store = await TaskStore.open(
          dir,
          { ownerId: `run-${run}`, now: () => T0 + run },
          // Every other run writes catalog snapshots too, so some cuts land inside one.
          { fs: faulty.port, lock: { pid: DEAD_PID, unreadableStaleMs: 50 }, transcriptFlushDelayMs: 60_000, ...(run % 2 === 1 && { compactAfter: 3, compactIdleMs: 0 }) },
        );
        // What this run can see is what the previous one left: its records are the floor.
        for (const record of store.list()) minRevision.set(record.id, record.revision);
        const commands = new RandomCommands(seededRandom(options.seed * 1000 + run), `r${run}-`, `run-${run}`, () => T0 + run);
        for (let n = 0; n < 30; n++) {
          const command = commands.next(store.list());
          const marker = `run ${run} step ${n}`;
          inFlight = command.type;
          let result: TransitionOk;
          try {
            result = await commitWithTurn(store, command, marker);
          } catch (error) {
            if (error instanceof LifecycleError) continue;
            throw error;
          }
          inFlight = undefined;
          for (const id of result.changed) minRevision.set(id, result.tasks[id]!.revision);
          for (const id of result.removed) minRevision.delete(id);
          if (result.changed.length > 0 || result.removed.length > 0) report.acknowledged++;
          const behind = transcriptBehind(command);
          if (behind !== undefined) transcripts.push([behind, marker]);
        }
      } catch {
        // The crash.
      }
      report.runs++;
      if (faulty.fired) report.cuts++;
      power.cut();
      const context = `run ${run} (cut after call ${faulty.callCount})`;
      const store = await openAfterCut(dir, `checker-${run}`);
      try {
        if (store.quarantined.length > 0) report.lost.push(`${context}: ${store.quarantined.length} torn tree file(s)`);
        if (!options.skipFsync) await assertCatalogMatchesFiles(store, dir, context);
        for (const [id, revision] of minRevision) {
          const record = store.get(id);
          if (!record && inFlight !== 'delete') report.lost.push(`${context}: acknowledged task ${id} (revision ${revision}) is missing`);
          else if (record && record.revision < revision) report.lost.push(`${context}: ${id} went back from revision ${revision} to ${record.revision}`);
        }
        for (const [taskId, marker] of transcripts) {
          if (!store.get(taskId)) continue;
          report.transcriptsChecked++;
          if (!(await transcriptHas(store, taskId, marker))) report.lost.push(`${context}: transcript entry "${marker}" of ${taskId} is missing`);
        }
        await store.reconcile();
        if (report.lost.length === 0) assertSoundStore(store.list(), context);
      } finally {
        await store.close();
      }
    }
  } finally {
    removeTempDir(dir);
  }
  return report;
}

describe('crash safety: a power cut drops everything not fsynced', function () {
  this.timeout(120_000);
  const totals = { points: 0, acknowledged: 0 };

  after(() => {
    console.log(`      power cut at every call: ${totals.points} cut points over ${scenarios.length} commit kinds, ${totals.acknowledged} acknowledged commits checked`);
  });

  for (const scenario of scenarios) {
    it(`at every call of: ${scenario.name}`, async () => {
      const base = await buildBase(scenario.setup);
      try {
        // Read through a copy: opening creates the store's folders, and a brand-new one has none.
        const look = copyOf(base);
        const oldState = await snapshotFrom(look);
        removeTempDir(look);
        const reference = copyOf(base);
        const store = await TaskStore.open(reference, { ownerId: OWNER, now: () => LATER }, scenario.deps);
        await store.commit(scenario.command);
        await store.settled();
        await store.close();
        const newState = await snapshotFrom(reference);
        removeTempDir(reference);
        assert.notDeepEqual(newState, oldState, 'the scenario changes something');
        const report = await cutAtEveryCall(scenario, base, oldState, newState);
        assert.ok(report.points > 3, `only ${report.points} calls?`);
        totals.points += report.points;
        totals.acknowledged += report.acknowledged;
      } finally {
        removeTempDir(base);
      }
    });
  }

  it('at a random call of random command sequences: no acknowledged commit or transcript entry is lost', async () => {
    const runs = Number(process.env.BATON_POWER_CUTS ?? 150);
    const started = Date.now();
    const report = await powerCutCheck({ runs, seed: 0xc0ffee });
    console.log(
      `      power cut: ${report.runs} runs in ${((Date.now() - started) / 1000).toFixed(1)} s, ${report.cuts} cut mid-sequence; ` +
        `${report.acknowledged} acknowledged commits and ${report.transcriptsChecked} transcript entries checked`,
    );
    assert.deepEqual(report.lost, []);
    assert.ok(report.cuts > runs / 2, 'most runs should be cut mid-sequence');
  });

  it('the same check catches a store whose fsync does nothing: it reports lost acknowledged commits', async () => {
    const report = await powerCutCheck({ runs: 20, seed: 0xc0ffee, skipFsync: true });
    console.log(`      with fsync skipped: ${report.lost.length} losses found in ${report.runs} runs, e.g. ${report.lost[0]}`);
    assert.ok(report.lost.some((l) => /acknowledged task .* is missing|went back|torn/.test(l)), report.lost.join('\n') || 'nothing lost');
  });
});
