/**
 * Tree files that disagree (issue 8, item 13). The rule (treeCache.ts, treeFile.ts): two files
 * holding the same task id are both left as they are and neither loads; a file whose records
 * link to tasks outside it is left as it is and does not load. The outcome depends only on the
 * files, not on their names' order or on which window looked first; it is reported; and no
 * file the store could not make consistent is ever rewritten.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskStore, type StoreChange } from '../../../src/core/store';
import { delegateCmd, rootCmd, T0 } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

const fileOf = (dir: string, rootId: string) => path.join(dir, 'tasks', `${rootId}.json`);
const rawOf = (dir: string, rootId: string) => JSON.parse(fs.readFileSync(fileOf(dir, rootId), 'utf8')) as { records: Record<string, unknown>[] } & Record<string, unknown>;
const ids = (store: TaskStore) => store.list().map((r) => r.id).sort();

/** Writes tree `copyId`: a copy of tree `rootId` re-rooted, which still claims `rootId`'s child. */
function writeClaimingCopy(dir: string, rootId: string, copyId: string): Buffer {
  const raw = rawOf(dir, rootId);
  const [root, child] = raw.records;
  const records = [
    { ...root, id: copyId, rootId: copyId, title: 'A copy' },
    { ...child, rootId: copyId, parentId: copyId },
  ];
  const data = Buffer.from(JSON.stringify({ ...raw, seal: undefined, rootId: copyId, records }));
  fs.writeFileSync(fileOf(dir, copyId), data);
  return data;
}

describe('tree files that disagree', () => {
  const tempDir = useTempDirs('baton-conflict-');
  const stores: TaskStore[] = [];
  const open = async (dir: string, now = () => T0) => {
    const store = await TaskStore.open(dir, { ownerId: 'me', leaseTtlMs: 1_000, now });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  async function seed(dir: string, rootId: string): Promise<Buffer> {
    const store = await TaskStore.open(dir, { ownerId: 'seed' });
    await store.commit(rootCmd('bystander'));
    await store.commit(rootCmd(rootId));
    await store.commit(delegateCmd(rootId, 'shared-child'));
    await store.close();
    return fs.readFileSync(fileOf(dir, rootId));
  }

  // The copy sorts after the genuine file in one run and before it in the other: same outcome.
  for (const [genuine, copy] of [
    ['genuine', 'stray'],
    ['stray', 'genuine'],
  ] as const) {
    it(`one task id in two files (${genuine}.json genuine, ${copy}.json a copy): neither loads, both stay as they are, both reported`, async () => {
      const dir = tempDir();
      const genuineBytes = await seed(dir, genuine);
      const copyBytes = writeClaimingCopy(dir, genuine, copy);

      const store = await open(dir);
      assert.deepEqual(ids(store), ['bystander']);
      assert.deepEqual(store.quarantined, []);
      const conflicts = store.problems.filter((p) => p.kind === 'conflict');
      assert.deepEqual(conflicts.map((p) => path.basename(p.file)).sort(), ['genuine.json', 'stray.json']);
      for (const p of conflicts) assert.match(p.reason, /holds task shared-child/);
      await store.reconcile();
      assert.deepEqual(fs.readFileSync(fileOf(dir, genuine)), genuineBytes);
      assert.deepEqual(fs.readFileSync(fileOf(dir, copy)), copyBytes);
    });
  }

  it('commits to a tree in conflict are refused and write nothing', async () => {
    const dir = tempDir();
    const genuineBytes = await seed(dir, 'genuine');
    writeClaimingCopy(dir, 'genuine', 'stray');
    const store = await open(dir);
    await assert.rejects(store.commit(rootCmd('genuine')), /already exists|not changed/);
    await assert.rejects(store.commit(delegateCmd('bystander', 'shared-child')), /already exists/);
    await assert.rejects(store.commit({ type: 'interrupt', taskId: 'shared-child', reason: 'user_stop', now: T0 }), /No task/);
    assert.deepEqual(fs.readFileSync(fileOf(dir, 'genuine')), genuineBytes);
  });

  it('a conflict that appears on refresh hides both trees; removing the copy brings the genuine one back', async () => {
    const dir = tempDir();
    await seed(dir, 'genuine');
    const store = await open(dir);
    assert.deepEqual(ids(store), ['bystander', 'genuine', 'shared-child']);
    const events: StoreChange[] = [];
    store.onDidChange((e) => events.push(e));

    writeClaimingCopy(dir, 'genuine', 'stray');
    await store.refresh();
    assert.deepEqual(ids(store), ['bystander'], 'the same view a window opened now gets');
    assert.deepEqual(events.flatMap((e) => e.removed).sort(), ['genuine', 'shared-child']);
    assert.equal(store.problems.filter((p) => p.kind === 'conflict').length, 2);

    fs.unlinkSync(fileOf(dir, 'stray'));
    await store.refresh();
    assert.deepEqual(ids(store), ['bystander', 'genuine', 'shared-child']);
    assert.deepEqual(store.problems, []);
  });

  it('a record whose parent lives in another tree: its file does not load and reconcile never rewrites it', async () => {
    const dir = tempDir();
    await seed(dir, 'genuine');
    // Tree `other`: a root left active by a dead window (reconcile would rewrite the file),
    // and a record that names `genuine` (another tree's task) as its parent.
    const seeding = await TaskStore.open(dir, { ownerId: 'seed' });
    await seeding.commit(rootCmd('other', { ownerId: 'dead-window', now: T0 }));
    await seeding.close();
    const raw = rawOf(dir, 'other');
    const [root] = raw.records;
    const orphan = { ...root, id: 'orphan', parentId: 'genuine', depth: 1, title: 'An orphan' };
    const bytes = Buffer.from(JSON.stringify({ ...raw, seal: undefined, records: [root, orphan] }));
    fs.writeFileSync(fileOf(dir, 'other'), bytes);

    const store = await open(dir, () => T0 + 3_600_000);
    assert.deepEqual(ids(store), ['bystander', 'genuine', 'shared-child']);
    assert.deepEqual(store.problems.map((p) => [p.kind, path.basename(p.file)]), [['conflict', 'other.json']]);
    assert.match(store.problems[0]!.reason, /orphan names parent genuine, which is not in this file/);
    await store.reconcile();
    assert.deepEqual(fs.readFileSync(fileOf(dir, 'other')), bytes, 'never rewritten');
    assert.deepEqual(store.quarantined, []);
  });
});
