/**
 * Two extension hosts on one store: two processes commit concurrently, both to one shared task
 * (where a lost update would drop a checkpoint) and each to trees of its own (delegate and
 * complete: parent+child commits), reconciling now and then while the other holds live leases.
 * Afterwards the catalog (which both kept through its log) must say what the tree files say.
 * And a process that writes trees behind the catalog's back (an older Baton) is noticed by a
 * window that is open meanwhile and by the next one to open.
 */
import assert from 'node:assert/strict';
import { TaskStore } from '../../../src/core/store';
import type { RaceReport } from '../../helpers/storeWorker';
import * as fs from 'node:fs';
import { assertCatalogMatchesFiles, everyRecord, everyRoot } from '../../helpers/catalogChecks';
import { assertCleanFolder, assertSoundStore } from '../../helpers/storeChecks';
import { rootCmd } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';
import { startWorker, storeWorkerBundle } from '../../helpers/workerProcess';

const OPS = 120;

describe('two processes committing to one store', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs('baton-race-');

  before(() => {
    storeWorkerBundle();
  });

  it('loses no update, interrupts no live task, and keeps every invariant', async () => {
    const dir = tempDir();
    const setup = await TaskStore.open(dir, { ownerId: 'setup' });
    await setup.commit(rootCmd('shared', { now: Date.now() }));
    // Waiting for the user: open, never running, so no reconcile touches it.
    await setup.commit({ type: 'awaitUser', taskId: 'shared', toolCallId: 'ask-1', question: 'Which one?', now: Date.now() });
    await setup.close();

    const workers = ['window-a', 'window-b'].map((ownerId) => startWorker({ mode: 'race', dir, ownerId, ops: OPS, sharedTaskId: 'shared' }));
    const exits = await Promise.all(workers.map((w) => w.exited));
    const reports = exits.map((exit, i) => {
      assert.equal(exit.code, 0, `worker ${i} failed: ${exit.stderr}`);
      return JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as RaceReport;
    });

    const store = await TaskStore.open(dir, { ownerId: 'checker' }, { openPage: 10 });
    try {
      for (const report of reports) {
        assert.deepEqual(report.errors, [], `${report.ownerId} saw errors`);
        assert.equal(report.reconciled, 0, `${report.ownerId} interrupted a task the other window was running`);
        for (const [i, rootId] of report.roots.entries()) {
          const root = store.get(rootId);
          const childId = report.children[i]!;
          assert.equal(root?.status, 'active', `${rootId} got its child's result back`);
          assert.equal(root.inbox.filter((m) => m.kind === 'child_result' && m.childId === childId).length, 1);
          assert.equal(store.get(childId)?.status, 'completed');
        }
      }
      const summaries = new Set(store.get('shared')!.checkpoints.map((c) => c.summary));
      const expected = reports.flatMap((r) => r.checkpoints);
      assert.equal(expected.length, 2 * OPS);
      const lost = expected.filter((s) => !summaries.has(s));
      assert.deepEqual(lost, [], 'every checkpoint of both processes is in the shared task');
      assert.equal(summaries.size, 2 * OPS);
      assert.equal((await everyRecord(store)).length, 1 + 4 * OPS);
      assertSoundStore(store.list(), 'after the race');
      assertCleanFolder(dir, 'after the race');
      await assertCatalogMatchesFiles(store, dir, 'after the race');
      console.log(`      two processes: ${2 * OPS * 4} commits (${2 * OPS} to one shared task), no update lost`);
    } finally {
      await store.close();
    }
  });

  it('an older Baton writing trees behind its back: the open window and the next one see them all', async () => {
    const dir = tempDir();
    const setup = await TaskStore.open(dir, { ownerId: 'setup' });
    for (let i = 0; i < 5; i++) await setup.commit(rootCmd(`before-${i}`, { now: Date.now() }));
    await setup.close();

    const window = await TaskStore.open(dir, { ownerId: 'window' }, { openPage: 5 });
    const legacy = startWorker({ mode: 'legacy', dir, ops: 40, prefix: 'old' });
    let mine = 0;
    let exited = false;
    void legacy.exited.then(() => (exited = true));
    await legacy.ready;
    while (!exited) {
      await window.commit(rootCmd(`mine-${mine++}`, { now: Date.now() }));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const exit = await legacy.exited;
    assert.equal(exit.code, 0, exit.stderr);
    await window.refresh();
    const expected = ['before', 'mine', 'old'].flatMap((prefix) => fs.readdirSync(`${dir}/tasks`).filter((n) => n.startsWith(`${prefix}-`))).map((n) => n.slice(0, -5)).sort();
    assert.deepEqual(everyRoot(window).map((r) => r.root.id).sort(), expected, 'the open window, after a refresh');
    assert.equal(window.search({ text: 'older baton', limit: 1000 }).roots.length, expected.filter((id) => id.startsWith('old-')).length);
    await window.close();

    const next = await TaskStore.open(dir, { ownerId: 'next' }, { openPage: 5 });
    try {
      await assertCatalogMatchesFiles(next, dir, 'the next window');
    } finally {
      await next.close();
    }
    console.log(`      behind its back: ${mine} commits of this window while an older Baton wrote 40 trees (and deleted 13)`);
  });
});
