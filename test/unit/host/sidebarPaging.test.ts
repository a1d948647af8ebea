/**
 * The Tasks sidebar over a history the store did not load whole (issue 12): it lists the newest
 * roots and every unfinished task at open, pages to older roots when asked, and a search finds
 * tasks of trees no one loaded. Over a real store in a temp folder.
 */
import assert from 'node:assert/strict';
import { TaskStore } from '../../../src/core/store';
import { pagedFeed, SidebarPaging } from '../../../src/host/views/sidebarPaging';
import { completeCmd, delegateCmd, rootCmd, T0 } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

const OWNER = 'window-a';
const PAGE = 3;

/** Eight finished roots a minute apart (r0 oldest); r1 has a child whose goal names the Tokenizer. */
async function history(dir: string): Promise<void> {
  const store = await TaskStore.open(dir, { ownerId: OWNER }, { verifyAfterMs: -1 });
  for (let i = 0; i < 8; i++) {
    const at = T0 + i * 60_000;
    await store.commit(rootCmd(`r${i}`, { now: at, title: `Root ${i}` }));
    if (i === 1) {
      await store.commit(delegateCmd('r1', 'r1c', { now: at + 1, goal: 'Fix the Tokenizer tests' }));
      await store.commit(completeCmd('r1c', { now: at + 2 }));
    }
    await store.commit(completeCmd(`r${i}`, { now: at + 3 }));
  }
  await store.close();
}

describe('sidebar paging over the store', () => {
  const tempDir = useTempDirs('baton-paging-');
  let store: TaskStore | undefined;
  const open = async (dir: string) => {
    store = await TaskStore.open(dir, { ownerId: OWNER, now: () => T0 + 3_600_000 }, { verifyAfterMs: -1, openPage: PAGE });
    return store;
  };
  const listedRoots = (s: TaskStore) =>
    s
      .list()
      .filter((t) => t.parentId === null)
      .map((t) => t.id)
      .sort();
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('lists the newest page at open, then older pages as the user asks, until there are none', async () => {
    const dir = tempDir();
    await history(dir);
    const s = await open(dir);
    const paging = new SidebarPaging(pagedFeed(s)!, PAGE);
    assert.deepEqual(listedRoots(s), ['r5', 'r6', 'r7']);
    assert.equal(paging.olderTasks(), true);
    assert.equal(await paging.loadOlder(), true);
    assert.deepEqual(listedRoots(s), ['r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    assert.equal(paging.olderTasks(), true);
    await paging.loadOlder();
    assert.deepEqual(listedRoots(s), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    // A page loads whole trees: expanding r1 shows its child.
    assert.equal(s.list().find((t) => t.id === 'r1c')?.parentId, 'r1');
    assert.equal(paging.olderTasks(), false);
    assert.equal(await paging.loadOlder(), false);
  });

  it('a search finds a task of a tree no one loaded, and loads that tree only', async () => {
    const dir = tempDir();
    await history(dir);
    const s = await open(dir);
    const paging = new SidebarPaging(pagedFeed(s)!, PAGE);
    assert.equal(s.list().some((t) => t.id === 'r1c'), false);
    assert.equal(await paging.search('  tokenizer '), true);
    assert.deepEqual(listedRoots(s), ['r1', 'r5', 'r6', 'r7']);
    assert.equal(s.list().find((t) => t.id === 'r1c')?.goal, 'Fix the Tokenizer tests');
    // The same words again: nothing more to load.
    assert.equal(await paging.search('tokenizer'), false);
    assert.equal(await paging.search(''), false);
  });

  it('a feed without a catalog is not paged (it lists everything)', () => {
    assert.equal(pagedFeed({ list: () => [], get: () => undefined }), undefined);
    assert.equal(pagedFeed(undefined), undefined);
  });
});
