/**
 * The catalog (issue 12): opening reads a summary of every tree, not every tree file; the
 * sidebar pages through roots newest first and searches every task's title and goal without
 * loading trees; any tree loads when asked for; and the catalog is rebuilt or checked against
 * the files whenever it cannot vouch for them (a lost log line, another program's write, a
 * file edited in place, a damaged or missing catalog).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskStore, type StoreDeps } from '../../../src/core/store';
import { nodeFs, type FsPort } from '../../../src/core/store/fsPort';
import { encodeTree } from '../../../src/core/store/treeFile';
import { applyCommand, type LifecycleCommand } from '../../../src/core/lifecycle';
import type { TaskMap } from '../../../src/shared/task';
import { assertCatalogMatchesFiles, everyRoot } from '../../helpers/catalogChecks';
import { FaultyFs } from '../../helpers/faultyFs';
import { completeCmd, delegateCmd, interruptCmd, rootCmd, T0 } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

const OWNER = 'window-a';
const quiet: StoreDeps = { verifyAfterMs: -1 };

/** Reads of tree files, by name, through this port. */
function countingReads(): { port: FsPort; treeReads: () => string[] } {
  const reads: string[] = [];
  const note = (file: string) => {
    if (file.includes(`${path.sep}tasks${path.sep}`) && file.endsWith('.json')) reads.push(path.basename(file));
  };
  const port: FsPort = {
    ...nodeFs,
    readFileSync: (file, max) => (note(file), nodeFs.readFileSync(file, max)),
    readStampedSync: (file, max) => (note(file), nodeFs.readStampedSync(file, max)),
    readHeadSync: (file, length) => (note(file), nodeFs.readHeadSync(file, length)),
  };
  return { port, treeReads: () => reads };
}

/**
 * Ten roots a minute apart (r0 oldest … r9 newest): r0-r5 completed, r6 interrupted, r7 with a
 * failed child, r8 completed, r9 running. Titles and goals carry words to search for.
 */
async function history(dir: string): Promise<void> {
  const store = await TaskStore.open(dir, { ownerId: OWNER }, quiet);
  for (let i = 0; i < 10; i++) {
    const at = T0 + i * 60_000;
    const workspace = i % 2 === 0 ? '/work/even' : '/work/odd';
    await store.commit(rootCmd(`r${i}`, { now: at, title: `Root number ${i}`, goal: i === 3 ? 'Refactor the Tokenizer module' : `Plain goal ${i}`, workspace }));
    if (i === 7) {
      await store.commit(delegateCmd('r7', 'r7c', { now: at + 1, title: 'Child of seven', goal: 'Fix the tokenizer tests' }));
      await store.commit({ type: 'fail', taskId: 'r7c', failure: { message: 'it broke' }, now: at + 2 });
      continue;
    }
    if (i === 9) continue;
    if (i === 6) await store.commit(interruptCmd('r6', { now: at + 3 }));
    else await store.commit(completeCmd(`r${i}`, { now: at + 3 }));
  }
  await store.close();
}

describe('the catalog', () => {
  const tempDir = useTempDirs('baton-catalog-');
  const stores: TaskStore[] = [];
  /** What the last stores opened logged. */
  let logged: string[] = [];
  const open = async (dir: string, deps: StoreDeps = {}, ownerId = OWNER) => {
    logged = [];
    const store = await TaskStore.open(dir, { ownerId, now: () => T0 + 3_600_000, log: (_level, msg) => logged.push(msg) }, { ...quiet, ...deps });
    stores.push(store);
    return store;
  };
  const checkedEveryFile = () => logged.some((m) => m.startsWith('Checking every task tree file against the task catalog'));
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  describe('opening', () => {
    it('reads only the trees open needs: those reconciliation may change and the first page', async () => {
      const dir = tempDir();
      await history(dir);
      const counting = countingReads();
      const store = await open(dir, { fs: counting.port, openPage: 2 });
      // r9 runs and r7 waits for its failed child (reconcile may change them), r9 and r8 are the first page; r6 is known by its summary.
      assert.deepEqual([...new Set(counting.treeReads())].sort(), ['r7.json', 'r8.json', 'r9.json']);
      assert.deepEqual(store.list().map((r) => r.id).sort(), ['r7', 'r7c', 'r8', 'r9']);
      assert.deepEqual(store.openTasks().map((t) => [t.id, t.status]).sort(), [['r6', 'interrupted'], ['r7', 'delegated'], ['r7c', 'failed'], ['r9', 'active']]);
    });

    it('lists every root newest first, a page at a time, with what the sidebar shows of each', async () => {
      const dir = tempDir();
      await history(dir);
      const store = await open(dir, { openPage: 1 });
      const roots = everyRoot(store, 3);
      assert.deepEqual(roots.map((r) => r.root.id), ['r9', 'r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
      const seven = roots.find((r) => r.root.id === 'r7')!;
      assert.equal(seven.taskCount, 2);
      assert.deepEqual(seven.open.map((t) => [t.id, t.status, t.title]), [['r7c', 'failed', 'Child of seven']]);
      assert.equal(roots.find((r) => r.root.id === 'r3')!.root.status, 'completed');
      assert.deepEqual(store.page({ workspaces: ['/work/odd'], limit: 100 }).roots.map((r) => r.root.id), ['r9', 'r7', 'r5', 'r3', 'r1']);
      assert.deepEqual(store.page({ workspaces: ['/work/odd'], limit: 2, after: { createdAt: T0 + 7 * 60_000, rootId: 'r7' } }).roots.map((r) => r.root.id), ['r5', 'r3']);
    });

    it('finds any task by id, loading its tree then', async () => {
      const dir = tempDir();
      await history(dir);
      const store = await open(dir, { openPage: 1 });
      assert.equal(store.list().find((r) => r.id === 'r2'), undefined);
      assert.equal(store.get('r2')?.status, 'completed');
      assert.ok(store.list().some((r) => r.id === 'r2'), 'loaded now');
      assert.deepEqual((await store.load('r7'))?.map((r) => r.id).sort(), ['r7', 'r7c']);
      assert.equal(await store.load('no-such-root'), undefined);
      assert.equal((await store.fetch('r7c'))?.status, 'failed');
      // A command on a task whose tree was never shown finds it.
      await store.commit({ type: 'resume', taskId: 'r6', now: T0 + 3_600_001 });
      assert.equal(store.get('r6')?.status, 'active');
    });

    it('searches the title and goal of every task, loaded or not, as the sidebar matches them', async () => {
      const dir = tempDir();
      await history(dir);
      const store = await open(dir, { openPage: 1 });
      const loaded = store.list().length;
      const result = store.search({ text: 'TOKENIZER' });
      assert.deepEqual(result.roots.map((r) => r.root.id), ['r7', 'r3']);
      assert.deepEqual(result.matches, { r7: ['r7c'], r3: ['r3'] });
      assert.deepEqual(store.search({ text: 'refactor tokenizer' }).roots.map((r) => r.root.id), ['r3'], 'every word');
      assert.deepEqual(store.search({ text: 'tokenizer tests' }).matches, { r7: ['r7c'] });
      assert.deepEqual(store.search({ text: 'tokenizer', workspaces: ['/work/even'] }).roots, []);
      assert.deepEqual(store.search({ text: 'tokenizer', limit: 1 }).roots.map((r) => r.root.id), ['r7']);
      assert.equal(store.search({ text: 'tokenizer', limit: 1 }).truncated, true);
      assert.deepEqual(store.search({ text: '   ' }).roots, []);
      assert.equal(store.list().length, loaded, 'searching loaded nothing');
    });

    it('a search sees tasks created, changed and deleted since the catalog was written', async () => {
      const dir = tempDir();
      await history(dir);
      const store = await open(dir, { openPage: 1 });
      await store.commit(rootCmd('fresh', { now: T0 + 3_600_000, title: 'A tokenizer rewrite', goal: 'go' }));
      await store.commit({ type: 'delete', taskId: 'r3', now: T0 + 3_600_001 });
      assert.deepEqual(store.search({ text: 'tokenizer' }).roots.map((r) => r.root.id), ['fresh', 'r7']);
      assert.deepEqual(everyRoot(store).map((r) => r.root.id).slice(0, 3), ['fresh', 'r9', 'r8']);
      await store.close();
      const again = await open(dir, { openPage: 1 });
      assert.deepEqual(again.search({ text: 'tokenizer' }).roots.map((r) => r.root.id), ['fresh', 'r7']);
    });

    it('tells listeners when the listing changes', async () => {
      const dir = tempDir();
      await history(dir);
      const store = await open(dir, { openPage: 1 });
      let calls = 0;
      store.onDidChangeCatalog(() => calls++);
      await store.commit(rootCmd('fresh', { now: T0 + 3_600_000 }));
      await Promise.resolve();
      assert.equal(calls, 1);
    });
  });

  describe('when the catalog cannot vouch for the files', () => {
    it('a store from before the catalog is read whole once, and gets one', async () => {
      const dir = tempDir();
      await history(dir);
      fs.rmSync(path.join(dir, 'catalog'), { recursive: true });
      const first = await open(dir, { openPage: 1 });
      await assertCatalogMatchesFiles(first, dir, 'rebuilt');
      await first.close();
      assert.ok(fs.existsSync(path.join(dir, 'catalog', 'snapshot')));
      const counting = countingReads();
      const second = await open(dir, { fs: counting.port, openPage: 1 });
      assert.deepEqual([...new Set(counting.treeReads())].sort(), ['r7.json', 'r9.json']);
      await assertCatalogMatchesFiles(second, dir, 'from the new catalog');
    });

    it('a damaged snapshot is not used: every tree file is read and a new one written', async () => {
      const dir = tempDir();
      await history(dir);
      const first = await open(dir, { compactAfter: 1, compactIdleMs: 0 });
      await first.commit(interruptCmd('r9', { now: T0 + 3_600_000 }));
      await first.settled();
      await first.close();
      const snapshot = path.join(dir, 'catalog', 'snapshot');
      const bytes = fs.readFileSync(snapshot);
      bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x55;
      fs.writeFileSync(snapshot, bytes);
      const store = await open(dir, { openPage: 1 });
      assert.ok(logged.some((m) => m.startsWith('The task catalog is damaged')), logged.join('\n'));
      assert.ok(checkedEveryFile());
      await assertCatalogMatchesFiles(store, dir, 'after damage');
    });

    it('another program writes a tree behind its back: the next open checks every file and finds it', async () => {
      const dir = tempDir();
      await history(dir);
      writeTreeBehindTheBack(dir, 'sneaky', T0 + 2 * 3_600_000, 'A sneaky tokenizer task');
      fs.unlinkSync(path.join(dir, 'tasks', 'r0.json'));
      const store = await open(dir, { openPage: 1 });
      assert.ok(checkedEveryFile(), 'the folder changed without a log line');
      assert.equal(store.page({ limit: 1 }).roots[0]!.root.id, 'sneaky');
      assert.deepEqual(store.search({ text: 'sneaky' }).roots.map((r) => r.root.id), ['sneaky']);
      assert.equal(store.get('r0'), undefined);
      await assertCatalogMatchesFiles(store, dir, 'after another program wrote');
      await store.close();
      // Checked once: the next open trusts the catalog again.
      const counting = countingReads();
      const again = await open(dir, { fs: counting.port, openPage: 1 });
      assert.ok(!checkedEveryFile(), 'vouched for again');
      assert.deepEqual([...new Set(counting.treeReads())].sort(), ['r7.json', 'r9.json', 'sneaky.json']);
      await assertCatalogMatchesFiles(again, dir, 'the open after');
    });

    it('another program writes while the store is open: a refresh, and the next open, know it', async () => {
      const dir = tempDir();
      await history(dir);
      const store = await open(dir, { openPage: 1 });
      writeTreeBehindTheBack(dir, 'sneaky', T0 + 2 * 3_600_000, 'Written while open');
      await store.refresh();
      assert.equal(store.page({ limit: 1 }).roots[0]!.root.id, 'sneaky');
      // This window's next commit cannot vouch for the folder: it changed without a log line.
      await store.commit(rootCmd('mine', { now: T0 + 3 * 3_600_000 }));
      await store.close();
      const again = await open(dir, { openPage: 1 });
      assert.ok(checkedEveryFile(), 'the commit after the unlogged write could not vouch for the folder');
      await assertCatalogMatchesFiles(again, dir, 'after the write while open');
    });

    it('a tree file edited in place (the folder unchanged) is found by the background check', async () => {
      const dir = tempDir();
      await history(dir);
      const raw = JSON.parse(fs.readFileSync(path.join(dir, 'tasks', 'r2.json'), 'utf8')) as { records: { title: string }[]; seal?: string; revision: number };
      raw.records[0]!.title = 'Edited by hand';
      raw.revision += 1;
      delete raw.seal;
      fs.writeFileSync(path.join(dir, 'tasks', 'r2.json'), JSON.stringify(raw));
      const store = await open(dir, { openPage: 1, verifyAfterMs: 0 });
      assert.ok(!checkedEveryFile(), 'the folder did not change: the catalog vouches');
      assert.equal(everyRoot(store).find((r) => r.root.id === 'r2')?.root.title, 'Root number 2', 'as the catalog says, until checked');
      await store.settled();
      assert.equal(everyRoot(store).find((r) => r.root.id === 'r2')?.root.title, 'Edited by hand');
      assert.deepEqual(store.search({ text: 'edited' }).roots.map((r) => r.root.id), ['r2']);
      await store.close();
      const again = await open(dir, { openPage: 1 });
      await assertCatalogMatchesFiles(again, dir, 'after the edit was found');
    });

    it('a commit whose log line was lost (a crash after its rename): the next open checks every file', async () => {
      const dir = tempDir();
      await history(dir);
      const faulty = new FaultyFs();
      let appends = 0;
      const port: FsPort = {
        ...faulty.port,
        writeSync: (fd, data) => {
          // The log line of the first commit is lost, as if the process died right after the rename.
          if (Buffer.from(data).toString('utf8').includes('"put"') && appends++ === 0) throw Object.assign(new Error('lost'), { code: 'EIO' });
          return faulty.port.writeSync(fd, data);
        },
      };
      const store = await open(dir, { fs: port, openPage: 1 });
      await store.commit(rootCmd('after-crash', { now: T0 + 3_600_000, title: 'Its line was lost' }));
      await store.commit(interruptCmd('r9', { now: T0 + 3_600_001 }));
      await store.close();
      const again = await open(dir, { openPage: 1 });
      assert.ok(checkedEveryFile(), 'the lost line broke the chain');
      assert.equal(again.page({ limit: 1 }).roots[0]!.root.id, 'after-crash');
      await assertCatalogMatchesFiles(again, dir, 'after a lost line');
    });
  });

  describe('new snapshots', () => {
    it('the log is folded into a new snapshot once it grew, and the next open reads that', async () => {
      const dir = tempDir();
      await history(dir);
      const store = await open(dir, { openPage: 1, compactAfter: 3, compactIdleMs: 0 });
      const snapshot = path.join(dir, 'catalog', 'snapshot');
      const before = fs.existsSync(snapshot) ? fs.readFileSync(snapshot) : undefined;
      for (let i = 0; i < 4; i++) await store.commit(rootCmd(`more${i}`, { now: T0 + 3_600_000 + i, title: `More ${i}`, goal: 'tokenizer again' }));
      await store.settled();
      assert.notDeepEqual(fs.readFileSync(snapshot), before, 'a new snapshot');
      assert.ok(fs.readFileSync(path.join(dir, 'catalog', 'log'), 'utf8').trim().split('\n').length <= 2, 'the log restarted after it');
      assert.equal(fs.readdirSync(path.join(dir, 'catalog')).filter((n) => n.endsWith('.search')).length, 1, 'old search files removed');
      assert.equal(store.search({ text: 'tokenizer' }).roots.length, 6);
      await store.close();
      const again = await open(dir, { openPage: 1 });
      assert.ok(!checkedEveryFile());
      assert.equal(again.search({ text: 'tokenizer' }).roots.length, 6);
      await assertCatalogMatchesFiles(again, dir, 'after a new snapshot');
    });

    it('a snapshot after trees were only deleted still finds each task under its own tree', async () => {
      const dir = tempDir();
      await history(dir);
      const first = await open(dir, { openPage: 1, compactAfter: 1, compactIdleMs: 0 });
      await first.commit(interruptCmd('r9', { now: T0 + 3_600_000 }));
      await first.settled();
      for (const id of ['r8', 'r2']) await first.commit({ type: 'delete', taskId: id, now: T0 + 3_600_001 });
      await first.settled();
      // The next snapshot copies each tree's search lines from the last one: they must be where it says.
      await first.commit({ type: 'resume', taskId: 'r6', now: T0 + 3_600_002 });
      await first.settled();
      const expected = { r9: ['r9'], r7: ['r7'], r6: ['r6'], r5: ['r5'], r4: ['r4'], r3: ['r3'], r1: ['r1'], r0: ['r0'] };
      assert.deepEqual(first.search({ text: 'number' }).matches, expected);
      await first.close();
      const again = await open(dir, { openPage: 1 });
      assert.ok(!checkedEveryFile() && !logged.some((m) => m.startsWith('Reading every')), logged.join('\n'));
      assert.deepEqual(again.search({ text: 'number' }).matches, expected);
      await assertCatalogMatchesFiles(again, dir, 'after deletions only');
    });

    it('two windows: one writes a new snapshot, the other carries on and stays right', async () => {
      const dir = tempDir();
      await history(dir);
      const a = await open(dir, { openPage: 1, compactAfter: 2, compactIdleMs: 0 }, 'window-a');
      const b = await open(dir, { openPage: 1 }, 'window-b');
      await b.commit(rootCmd('by-b', { now: T0 + 3_600_000, title: 'Made by b' }));
      for (let i = 0; i < 3; i++) await a.commit(rootCmd(`by-a${i}`, { now: T0 + 3_600_001 + i, title: `Made by a ${i}` }));
      await a.settled();
      await b.commit(rootCmd('by-b-again', { now: T0 + 3_600_010, title: 'Made by b again' }));
      await b.commit(delegateCmd('by-a0', 'by-b-child', { now: T0 + 3_600_011 }));
      assert.deepEqual(everyRoot(b).map((r) => r.root.id).slice(0, 5), ['by-b-again', 'by-a2', 'by-a1', 'by-a0', 'by-b']);
      await a.refresh();
      assert.equal(a.get('by-b-child')?.parentId, 'by-a0');
      await a.close();
      await b.close();
      const c = await open(dir, { openPage: 1 }, 'window-c');
      assert.ok(!checkedEveryFile(), 'both windows logged every change');
      await assertCatalogMatchesFiles(c, dir, 'after two windows');
    });
  });
});

/** A tree written as another program (or an older Baton) would: straight to its file, no catalog. */
function writeTreeBehindTheBack(dir: string, rootId: string, now: number, title: string): void {
  let tasks: TaskMap = {};
  const apply = (command: LifecycleCommand) => {
    const result = applyCommand(tasks, command);
    if (!result.ok) throw result.error;
    tasks = result.tasks;
  };
  apply(rootCmd(rootId, { now, title, goal: 'behind the back' }));
  apply(completeCmd(rootId, { now: now + 1 }));
  const file = path.join(dir, 'tasks', `${rootId}.json`);
  fs.writeFileSync(`${file}.elsewhere`, encodeTree({ rootId, revision: 1, writer: 'elsewhere', records: tasks }));
  fs.renameSync(`${file}.elsewhere`, file);
}
