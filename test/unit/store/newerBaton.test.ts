/**
 * A newer Baton's files (issue 8, item 12): an older window shares the store with a newer one.
 * It must leave the newer window's tree files exactly as they are (no quarantine, no rewrite),
 * skip them at open and on refresh, and say how many tasks it cannot show.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreError, TaskStore, type StoreChange } from '../../../src/core/store';
import { TASK_SCHEMA_VERSION } from '../../../src/shared/task';
import { delegateCmd, interruptCmd, rootCmd, T0 } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

const fileOf = (dir: string, rootId: string) => path.join(dir, 'tasks', `${rootId}.json`);

/** Rewrites a tree file as a newer Baton would: a higher schema version (records as they are). */
function saveAsNewer(dir: string, rootId: string): Buffer {
  const raw = JSON.parse(fs.readFileSync(fileOf(dir, rootId), 'utf8')) as Record<string, unknown>;
  delete raw.seal;
  const data = Buffer.from(JSON.stringify({ ...raw, schemaVersion: TASK_SCHEMA_VERSION + 1, revision: (raw.revision as number) + 1, writer: 'newer' }));
  fs.writeFileSync(fileOf(dir, rootId), data);
  return data;
}

describe('tree files of a newer Baton', () => {
  const tempDir = useTempDirs('baton-newer-');
  const stores: TaskStore[] = [];
  const open = async (dir: string, now = () => T0) => {
    const store = await TaskStore.open(dir, { ownerId: 'old-window', leaseTtlMs: 1_000, now });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  async function seed(dir: string): Promise<void> {
    const store = await TaskStore.open(dir, { ownerId: 'seed' });
    await store.commit(rootCmd('mine'));
    // Left active with a lease that has long expired: reconcile would rewrite it if it were loaded.
    await store.commit(rootCmd('theirs', { ownerId: 'newer-window', now: T0 }));
    await store.commit(delegateCmd('theirs', 'theirs-child', { ownerId: 'newer-window' }));
    await store.close();
  }

  it('at open: left in place byte for byte, skipped, counted, and never reconciled', async () => {
    const dir = tempDir();
    await seed(dir);
    const bytes = saveAsNewer(dir, 'theirs');

    const store = await open(dir, () => T0 + 3_600_000);
    assert.deepEqual(store.list().map((r) => r.id), ['mine']);
    assert.deepEqual(store.quarantined, [], 'not quarantined');
    assert.deepEqual(
      store.problems.map((p) => ({ kind: p.kind, file: p.file, tasks: p.tasks })),
      [{ kind: 'newer', file: fileOf(dir, 'theirs'), tasks: 2 }],
    );
    await store.reconcile();
    assert.deepEqual(fs.readFileSync(fileOf(dir, 'theirs')), bytes);
    assert.equal(fs.existsSync(path.join(dir, 'quarantine')), false);
  });

  it('is never written over: a task with its root id cannot be created', async () => {
    const dir = tempDir();
    await seed(dir);
    const bytes = saveAsNewer(dir, 'theirs');
    const store = await open(dir);
    await assert.rejects(store.commit(rootCmd('theirs')), (e: unknown) => e instanceof StoreError && e.code === 'unavailable' && /newer Baton/.test(e.message));
    assert.deepEqual(fs.readFileSync(fileOf(dir, 'theirs')), bytes);
  });

  it('on refresh: a tree a newer window rewrote leaves this window, and a commit on a stale copy is refused', async () => {
    const dir = tempDir();
    await seed(dir);
    const store = await open(dir);
    assert.ok(store.get('theirs-child'));
    const events: StoreChange[] = [];
    store.onDidChange((e) => events.push(e));

    const bytes = saveAsNewer(dir, 'theirs');
    // This window still shows its last copy; the commit reads the file under the lock first.
    await assert.rejects(store.commit(interruptCmd('theirs-child')), (e: unknown) => e instanceof StoreError && e.code === 'unavailable');
    assert.deepEqual(fs.readFileSync(fileOf(dir, 'theirs')), bytes, 'not written over');
    assert.equal(store.get('theirs-child'), undefined);
    assert.deepEqual(events.flatMap((e) => e.removed).sort(), ['theirs', 'theirs-child']);

    await store.refresh();
    assert.deepEqual(store.list().map((r) => r.id), ['mine']);
    assert.deepEqual(store.problems.map((p) => [p.kind, p.tasks]), [['newer', 2]]);
    assert.deepEqual(fs.readFileSync(fileOf(dir, 'theirs')), bytes);
  });

  it('on refresh: a newer file that appears is skipped and reported; when it is gone, so is the problem', async () => {
    const dir = tempDir();
    await seed(dir);
    const store = await open(dir);
    const other = await TaskStore.open(dir, { ownerId: 'newer-window' });
    await other.commit(rootCmd('brand-new'));
    await other.close();
    saveAsNewer(dir, 'brand-new');

    await store.refresh();
    assert.equal(store.get('brand-new'), undefined);
    assert.deepEqual(store.problems.map((p) => [p.kind, path.basename(p.file)]), [['newer', 'brand-new.json']]);

    fs.unlinkSync(fileOf(dir, 'brand-new'));
    await store.refresh();
    assert.deepEqual(store.problems, []);
  });
});
