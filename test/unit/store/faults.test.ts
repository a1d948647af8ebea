/**
 * Crash safety, exhaustively: for each kind of commit, fail the k-th file-system call for every
 * k until the commit gets through untouched (one kind writes a new catalog snapshot after its
 * commit, so every call of that index update fails too). `crash` mode fails that call and every later one
 * (the process died there; its lock and temp files stay behind); `once` mode fails only that
 * call (a transient I/O error; the same store carries on). After each: reopen from disk, check
 * every tree is exactly its old or its new version, reconcile, and check the store is sound.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LifecycleCommand } from '../../../src/core/lifecycle';
import { TaskStore, type StoreDeps } from '../../../src/core/store';
import type { TaskMap, TaskRecord } from '../../../src/shared/task';
import { assertCatalogMatchesFiles } from '../../helpers/catalogChecks';
import { FaultyFs } from '../../helpers/faultyFs';
import { assertCleanFolder, assertSoundStore, snapshotOf } from '../../helpers/storeChecks';
import { completeCmd, delegateCmd, interruptCmd, rootCmd, T0 } from '../../helpers/taskCommands';
import { makeTempDir, removeTempDir } from '../../helpers/tempDir';

/** A pid above Linux's pid_max: the crashed "process" is certainly dead. */
const DEAD_PID = 0x7ffffff0;
const OWNER = 'window-under-test';
const LATER = T0 + 3_600_000;

interface Scenario {
  name: string;
  /** Commands that build the state before the commit under test. */
  setup: LifecycleCommand[];
  run: (store: TaskStore) => Promise<unknown>;
  /** Store seams for the store under test (e.g. a catalog snapshot after every commit). */
  deps?: StoreDeps;
}

const owned = { ownerId: OWNER };
const scenarios: Scenario[] = [
  {
    name: 'complete a child (child completed + parent inbox, one commit)',
    setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned), rootCmd('other')],
    run: (s) => s.commit(completeCmd('c', { ownerId: OWNER })),
  },
  {
    name: 'delegate (child created + parent delegated)',
    setup: [rootCmd('p', owned)],
    run: (s) => s.commit(delegateCmd('p', 'c', owned)),
  },
  {
    name: 'abandon an interrupted child',
    setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned), interruptCmd('c')],
    run: (s) => s.commit({ type: 'abandon', taskId: 'c', now: T0 + 5, partial: { outputTail: 'partial' } }),
  },
  {
    name: 'delete an awaited grandchild chain',
    setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned), delegateCmd('c', 'g', { ...owned, now: T0 + 2 })],
    run: (s) => s.commit({ type: 'delete', taskId: 'c', now: T0 + 6 }),
  },
  {
    name: 'delete a whole tree (unlink)',
    setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned), rootCmd('keep')],
    run: (s) => s.commit({ type: 'delete', taskId: 'p', now: T0 + 6 }),
  },
  {
    name: 'create a root (new tree file)',
    setup: [rootCmd('existing')],
    run: (s) => s.commit(rootCmd('fresh', owned)),
  },
  {
    name: 'reconcile three trees (batched write)',
    setup: [rootCmd('a', owned), rootCmd('b', owned), delegateCmd('b', 'b1', owned), rootCmd('c', owned), rootCmd('idle')],
    run: (s) => s.reconcile(),
  },
  {
    name: 'complete a child, then a new catalog snapshot (the index written anew)',
    setup: [rootCmd('p', owned), delegateCmd('p', 'c', owned), rootCmd('other'), { type: 'delete', taskId: 'other', now: T0 + 1 }, rootCmd('kept')],
    run: async (s) => {
      await s.commit(completeCmd('c', { ownerId: OWNER }));
      await s.settled();
    },
    deps: { compactAfter: 1, compactIdleMs: 0 },
  },
];

async function buildBase(setup: readonly LifecycleCommand[]): Promise<string> {
  const dir = makeTempDir('baton-fault-base-');
  const store = await TaskStore.open(dir, { ownerId: OWNER });
  for (const command of setup) await store.commit(command);
  await store.close();
  return dir;
}

function copyOf(base: string): string {
  const dir = makeTempDir('baton-fault-');
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

/** Each tree is exactly as it was before or exactly as it is after the commit. */
function assertOldOrNew(actual: TaskMap, before: TaskMap, after: TaskMap, context: string): 'old' | 'new' | 'mixed' {
  const [a, b, n] = [byTree(actual), byTree(before), byTree(after)];
  const seen = new Set<'old' | 'new'>();
  for (const rootId of new Set([...a.keys(), ...b.keys(), ...n.keys()])) {
    const got = a.get(rootId);
    const isOld = isDeepStrictEqual(got, b.get(rootId));
    const isNew = isDeepStrictEqual(got, n.get(rootId));
    assert.ok(isOld || isNew, `${context}: tree ${rootId} is neither its old nor its new version`);
    if (isOld !== isNew) seen.add(isOld ? 'old' : 'new');
  }
  return seen.size === 2 ? 'mixed' : seen.has('new') ? 'new' : 'old';
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reopens as another window would, reconciles, checks soundness, and commits once more (so a
 * lock left by the crashed writer must be broken). A crash between creating the lock file and
 * writing its holder leaves an unreadable lock, broken after `unreadableStaleMs` (5 s in
 * production, shortened here).
 */
async function reconcileAndCheck(dir: string, context: string): Promise<void> {
  const store = await TaskStore.open(dir, { ownerId: 'recovering-window', now: () => LATER }, { lock: { unreadableStaleMs: 50, timeoutMs: 5_000 }, openPage: 1 });
  try {
    assert.deepEqual(store.quarantined, [], `${context}: nothing quarantined`);
    assertCleanFolder(dir, context);
    await assertCatalogMatchesFiles(store, dir, context);
    await store.reconcile();
    assertSoundStore(store.list(), context);
    await store.commit(rootCmd('after-recovery'));
  } finally {
    await store.close();
  }
  assert.equal(fs.existsSync(path.join(dir, 'store.lock')), false, `${context}: lock released`);
}

describe('crash safety: a fault injected at every file-system call of a commit', function () {
  this.timeout(60_000);
  const totals = { points: 0, crashes: 0, transient: 0, outcomes: { old: 0, new: 0, mixed: 0 } };

  after(() => {
    console.log(
      `      fault injection covered ${totals.points} fault points (${totals.crashes} crash, ${totals.transient} transient) ` +
        `over ${scenarios.length} commit kinds; after a crash the store held the old state ${totals.outcomes.old}×, ` +
        `the new ${totals.outcomes.new}×, per-tree mixed (batched reconcile) ${totals.outcomes.mixed}×`,
    );
  });

  for (const scenario of scenarios) {
    describe(scenario.name, () => {
      let base: string;
      let oldState: TaskMap;
      let newState: TaskMap;

      before(async () => {
        base = await buildBase(scenario.setup);
        oldState = await snapshotFrom(base);
        const reference = copyOf(base);
        const store = await TaskStore.open(reference, { ownerId: OWNER, now: () => LATER }, scenario.deps);
        await scenario.run(store);
        await store.close();
        newState = await snapshotFrom(reference);
        assert.notDeepEqual(newState, oldState, 'the scenario changes something');
        removeTempDir(reference);
      });

      it('crash at call k: reopening finds the old or the new state, and recovers', async () => {
        for (let k = 1; ; k++) {
          const dir = copyOf(base);
          const faulty = new FaultyFs();
          const store = await TaskStore.open(dir, { ownerId: OWNER, now: () => LATER }, { ...scenario.deps, fs: faulty.port, lock: { pid: DEAD_PID } });
          faulty.arm(k, 'crash');
          let committed = true;
          await scenario.run(store).catch(() => (committed = false));
          if (!faulty.fired) {
            assert.ok(committed);
            assert.ok(k > 5, `only ${k - 1} calls in a commit?`);
            removeTempDir(dir);
            break;
          }
          const context = `${scenario.name}, crash at call ${k} (${faulty.trace.at(-1)})`;
          const found = await snapshotFrom(dir);
          const outcome = assertOldOrNew(found, oldState, newState, context);
          if (committed) assert.equal(outcome, 'new', `${context}: a commit that resolved must be durable`);
          totals.outcomes[outcome]++;
          await reconcileAndCheck(dir, context);
          totals.points++;
          totals.crashes++;
          removeTempDir(dir);
        }
      });

      it('transient error at call k: the commit fails cleanly or succeeds, and a retry lands it', async () => {
        for (let k = 1; ; k++) {
          const dir = copyOf(base);
          const faulty = new FaultyFs();
          const logs: string[] = [];
          const store = await TaskStore.open(dir, { ownerId: OWNER, now: () => LATER, log: (_l, m) => logs.push(m) }, { ...scenario.deps, fs: faulty.port });
          faulty.arm(k, 'once');
          let committed = true;
          await scenario.run(store).catch(() => (committed = false));
          if (!faulty.fired) {
            removeTempDir(dir);
            await store.close();
            break;
          }
          const context = `${scenario.name}, transient fault at call ${k} (${faulty.trace.at(-1)})`;
          const onDisk = await snapshotFrom(dir);
          assertOldOrNew(onDisk, oldState, newState, context);
          if (committed) assert.deepStrictEqual(onDisk, newState, `${context}: resolved, so on disk`);
          // The same store carries on: the retry is applied to what is on disk, once.
          await scenario.run(store);
          assert.deepStrictEqual(snapshotOf(store.list()), newState, `${context}: store's view after the retry`);
          await store.close();
          assert.deepStrictEqual(await snapshotFrom(dir), newState, `${context}: disk after the retry`);
          await reconcileAndCheck(dir, context);
          totals.points++;
          totals.transient++;
          removeTempDir(dir);
        }
      });

      after(() => removeTempDir(base));
    });
  }
});
