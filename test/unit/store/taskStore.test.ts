import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LifecycleError } from '../../../src/core/lifecycle';
import { StoreError, TaskStore, type StoreChange, type StoreOptions } from '../../../src/core/store';
import { assertSoundStore } from '../../helpers/storeChecks';
import { completeCmd, delegateCmd, interruptCmd, progressCmd, rootCmd, startCmd, T0 } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

const options = (ownerId = 'window-a', extra: Partial<StoreOptions> = {}): StoreOptions => ({ ownerId, ...extra });

function treeFiles(dir: string): string[] {
  return fs.readdirSync(path.join(dir, 'tasks')).sort();
}

function readTree(dir: string, rootId: string): { revision: number; records: { id: string; revision: number }[] } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'tasks', `${rootId}.json`), 'utf8'));
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof LifecycleError || error instanceof StoreError, `unexpected ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

describe('TaskStore', () => {
  const tempDir = useTempDirs('baton-store-');
  const stores: TaskStore[] = [];
  const open = async (dir: string, opts = options()) => {
    const store = await TaskStore.open(dir, opts);
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  describe('commit and reload', () => {
    it('writes a created root to its own tree file and reads it back after reopening', async () => {
      const dir = tempDir();
      const store = await open(dir);
      const result = await store.commit(rootCmd('r1'));
      assert.deepEqual(result.changed, ['r1']);
      assert.equal(store.get('r1')?.status, 'active');
      assert.deepEqual(treeFiles(dir), ['r1.json']);
      assert.equal(readTree(dir, 'r1').revision, 1);

      const again = await open(dir);
      assert.deepEqual(again.get('r1'), store.get('r1'));
      assert.equal(again.list().length, 1);
    });

    it('commits a parent and its child in one tree file, atomically, and reloads both', async () => {
      const dir = tempDir();
      const store = await open(dir);
      await store.commit(rootCmd('p'));
      await store.commit(delegateCmd('p', 'c'));
      assert.deepEqual(treeFiles(dir), ['p.json']);
      assert.equal(store.get('p')?.status, 'delegated');

      const done = await store.commit(completeCmd('c'));
      assert.deepEqual([...done.changed].sort(), ['c', 'p']);
      assert.equal(readTree(dir, 'p').revision, 3);

      const reopened = await open(dir);
      const parent = reopened.get('p')!;
      assert.equal(parent.status, 'active');
      assert.equal(parent.inbox.filter((m) => m.kind === 'child_result' && m.childId === 'c').length, 1);
      assert.equal(reopened.get('c')?.status, 'completed');
      assertSoundStore(reopened.list(), 'after reload');
    });

    it('keeps trees apart: one file per root', async () => {
      const dir = tempDir();
      const store = await open(dir);
      for (const id of ['a', 'b', 'c']) await store.commit(rootCmd(id));
      await store.commit(delegateCmd('b', 'b1'));
      assert.deepEqual(treeFiles(dir), ['a.json', 'b.json', 'c.json']);
      assert.equal(store.list().length, 4);
    });

    it('names files for ids that are not safe file names, and reads them back', async () => {
      const dir = tempDir();
      const store = await open(dir);
      await store.commit(rootCmd('../evil:id'));
      await store.commit(rootCmd('.hidden'));
      const names = treeFiles(dir);
      assert.ok(names.every((n) => !n.includes('/') && !n.startsWith('.')), names.join());
      const reopened = await open(dir);
      assert.ok(reopened.get('../evil:id'));
      assert.ok(reopened.get('.hidden'));
    });

    it('deleting a root unlinks its tree file', async () => {
      const dir = tempDir();
      const store = await open(dir);
      await store.commit(rootCmd('gone'));
      await store.commit(delegateCmd('gone', 'gone-child'));
      const result = await store.commit({ type: 'delete', taskId: 'gone', now: T0 + 9 });
      assert.deepEqual([...result.removed].sort(), ['gone', 'gone-child']);
      assert.deepEqual(treeFiles(dir), []);
      assert.equal(store.get('gone-child'), undefined);
      assert.equal((await open(dir)).list().length, 0);
    });

    it('deleting a child rewrites the tree without it', async () => {
      const dir = tempDir();
      const store = await open(dir);
      await store.commit(rootCmd('p'));
      await store.commit(delegateCmd('p', 'c'));
      await store.commit({ type: 'delete', taskId: 'c', now: T0 + 9 });
      assert.deepEqual(treeFiles(dir), ['p.json']);
      assert.deepEqual(readTree(dir, 'p').records.map((r) => r.id), ['p']);
      assertSoundStore((await open(dir)).list(), 'after deleting the child');
    });

    it('deleting an unknown task is a no-op', async () => {
      const store = await open(tempDir());
      const result = await store.commit({ type: 'delete', taskId: 'never', now: T0 });
      assert.deepEqual(result.changed, []);
    });
  });

  describe('no-ops and refusals', () => {
    it('a repeated command writes nothing and reports nothing', async () => {
      const dir = tempDir();
      const store = await open(dir);
      await store.commit(rootCmd('r'));
      await store.commit(interruptCmd('r'));
      const file = path.join(dir, 'tasks', 'r.json');
      const before = fs.statSync(file, { bigint: true });
      const events: StoreChange[] = [];
      store.onDidChange((e) => events.push(e));

      const repeat = await store.commit(interruptCmd('r', { now: T0 + 50 }));
      assert.deepEqual(repeat.changed, []);
      const after = fs.statSync(file, { bigint: true });
      assert.equal(after.ino, before.ino);
      assert.equal(after.mtimeNs, before.mtimeNs);
      assert.equal(readTree(dir, 'r').revision, 2);
      assert.deepEqual(events, []);
      assert.deepEqual(treeFiles(dir), ['r.json'], 'no temp file left');
    });

    it('throws the lifecycle refusal and writes nothing', async () => {
      const dir = tempDir();
      const store = await open(dir);
      await store.commit(rootCmd('r'));
      await store.commit(interruptCmd('r'));
      await rejectsWith(store.commit(completeCmd('r')), 'invalid_transition');
      await rejectsWith(store.commit(completeCmd('nobody')), 'not_found');
      assert.equal(readTree(dir, 'r').revision, 2);
    });

    it('refuses a child id that another tree already uses', async () => {
      const store = await open(tempDir());
      await store.commit(rootCmd('a'));
      await store.commit(rootCmd('b'));
      await rejectsWith(store.commit(delegateCmd('a', 'b')), 'already_exists');
      await store.commit(delegateCmd('a', 'a1'));
      await rejectsWith(store.commit(rootCmd('a1')), 'already_exists');
    });

    it('refuses to write a record the schema rejects', async () => {
      const dir = tempDir();
      const store = await open(dir);
      await rejectsWith(store.commit(rootCmd('x'.repeat(65))), 'invalid_record');
      assert.deepEqual(treeFiles(dir), []);
      assert.equal(store.list().length, 0);
    });

    it('rejects commits after close', async () => {
      const store = await TaskStore.open(tempDir(), options());
      await store.close();
      await rejectsWith(store.commit(rootCmd('late')), 'closed');
    });
  });

  describe('several stores on one folder (two windows)', () => {
    it('compare-and-swap: a commit on a stale copy is applied to the tree on disk, losing nothing', async () => {
      const dir = tempDir();
      const a = await open(dir, options('window-a'));
      await a.commit(rootCmd('shared'));
      const b = await open(dir, options('window-b'));
      await a.commit(progressCmd('shared', 'from a', T0 + 10));
      // b still holds revision 1 in memory; its commit must land on revision 2, not replace it.
      await b.commit(progressCmd('shared', 'from b', T0 + 20));
      await a.commit(progressCmd('shared', 'from a again', T0 + 30));

      const summaries = (await open(dir)).get('shared')!.checkpoints.map((c) => c.summary);
      assert.deepEqual(summaries, ['from a', 'from b', 'from a again']);
      assert.equal(readTree(dir, 'shared').revision, 4);
      assert.equal(a.get('shared')?.checkpoints.length, 3);
    });

    it('refresh picks up another store’s commits and deletions and reports them', async () => {
      const dir = tempDir();
      const a = await open(dir, options('window-a'));
      const b = await open(dir, options('window-b'));
      const events: StoreChange[] = [];
      b.onDidChange((e) => events.push(e));

      await a.commit(rootCmd('r'));
      await a.commit(delegateCmd('r', 'c'));
      await b.refresh();
      assert.equal(b.get('c')?.parentId, 'r');
      assert.deepEqual(events.flatMap((e) => e.changed.map((r) => r.id)).sort(), ['c', 'r']);

      events.length = 0;
      await b.refresh();
      assert.equal(events.length, 0, 'an unchanged store reports nothing');

      await a.commit({ type: 'delete', taskId: 'r', now: T0 + 9 });
      await b.refresh();
      assert.equal(b.get('r'), undefined);
      assert.deepEqual(events.flatMap((e) => e.removed).sort(), ['c', 'r']);
    });

    it('finds a task another store created before refusing with not_found', async () => {
      const dir = tempDir();
      const a = await open(dir, options('window-a'));
      const b = await open(dir, options('window-b'));
      await a.commit(rootCmd('made-by-a'));
      await a.commit(delegateCmd('made-by-a', 'child-by-a'));
      const result = await b.commit(interruptCmd('child-by-a'));
      assert.deepEqual(result.changed, ['child-by-a']);
      await a.refresh();
      assert.equal(a.get('child-by-a')?.status, 'interrupted');
    });

    it('reports its own commits to listeners', async () => {
      const store = await open(tempDir());
      const events: StoreChange[] = [];
      store.onDidChange((e) => events.push(e));
      await store.commit(rootCmd('r'));
      await store.commit(delegateCmd('r', 'c'));
      assert.deepEqual(events.map((e) => e.changed.map((r) => r.id).sort()), [['r'], ['c', 'r']]);
    });

    it('watch() refreshes when another store writes', async () => {
      const dir = tempDir();
      const a = await open(dir, options('window-a'));
      const b = await TaskStore.open(dir, options('window-b'), { watchDebounceMs: 10 });
      stores.push(b);
      const watching = b.watch();
      const seen = new Promise<StoreChange>((resolve) => b.onDidChange(resolve));
      await a.commit(rootCmd('watched'));
      const event = await seen;
      assert.deepEqual(event.changed.map((r) => r.id), ['watched']);
      watching.dispose();
    });
  });

  describe('reconcile', () => {
    const TTL = 30_000;

    it('interrupts active tasks whose lease expired, in every tree, and leaves the rest', async () => {
      const dir = tempDir();
      let now = T0;
      const store = await open(dir, options('window-a', { leaseTtlMs: TTL, now: () => now }));
      await store.commit(rootCmd('leased', { ownerId: 'dead-window', now: T0 }));
      await store.commit(rootCmd('p', { ownerId: 'dead-window', now: T0 }));
      await store.commit(delegateCmd('p', 'c', { ownerId: 'dead-window', now: T0 }));
      await store.commit(rootCmd('done'));
      await store.commit(completeCmd('done'));

      now = T0 + TTL / 2;
      assert.deepEqual((await store.reconcile()).changed, [], 'leases still live');

      now = T0 + TTL + 1;
      const result = await store.reconcile();
      assert.deepEqual([...result.changed].sort(), ['c', 'leased']);
      assert.equal(store.get('c')?.interruptReason, 'editor_closed');
      assert.equal(store.get('p')?.status, 'delegated', 'stopping a child never touches its parent');
      assert.equal(Object.keys(result.tasks).length, 4);
      assertSoundStore(store.list(), 'after reconcile');
      assert.deepEqual((await store.reconcile()).changed, [], 'idempotent');
    });

    it('never interrupts a task whose lease another window renewed after this one loaded it', async () => {
      const dir = tempDir();
      const TTL_LIVE = 30_000;
      // Window B runs `busy`; window A loads the store while B's heartbeat is fresh.
      const b = await open(dir, options('window-b', { leaseTtlMs: TTL_LIVE }));
      await b.commit(rootCmd('busy', { ownerId: 'window-b', now: T0 }));
      await b.commit(rootCmd('orphan', { ownerId: 'crashed-window', now: T0 }));
      let now = T0;
      const a = await open(dir, options('window-a', { leaseTtlMs: TTL_LIVE, now: () => now }));
      // B keeps heartbeating; A's copy of the lease grows old.
      await b.commit({ type: 'heartbeat', taskId: 'busy', ownerId: 'window-b', now: T0 + 35_000 });
      now = T0 + 40_000;

      const result = await a.reconcile();
      assert.deepEqual(result.changed, ['orphan']);
      assert.equal(a.get('busy')?.status, 'active');
      assert.equal(a.get('busy')?.lease?.heartbeatAt, T0 + 35_000, 'A now sees the renewed lease');
      await b.refresh();
      assert.equal(b.get('busy')?.status, 'active');
      await b.commit(startCmd('busy', 'window-b', T0 + 41_000));
    });

    it('through commit({type: "reconcile"}) too', async () => {
      const store = await open(tempDir());
      await store.commit(rootCmd('r', { ownerId: 'gone', now: T0 }));
      const result = await store.commit({ type: 'reconcile', leaseTtlMs: 1000, now: T0 + 5000 });
      assert.deepEqual(result.changed, ['r']);
    });
  });

  describe('transcripts and artifacts', () => {
    it('close() flushes buffered transcript entries', async () => {
      const dir = tempDir();
      const store = await TaskStore.open(dir, options());
      store.transcripts.append('t1', { type: 'text', text: 'hello' });
      await store.close();
      const text = fs.readFileSync(path.join(dir, 'transcripts', 't1.jsonl'), 'utf8');
      assert.equal(text, '{"type":"text","text":"hello"}\n');
    });

    it('stores artifacts by handle', async () => {
      const store = await open(tempDir());
      const handle = await store.artifacts.write('big output', 'txt');
      assert.equal((await store.artifacts.read(handle)).toString(), 'big output');
    });
  });
});
