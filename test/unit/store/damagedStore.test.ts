/**
 * One bad entry must not hide all tasks (issue 8, item 11). Each damage below used to make
 * `TaskStore.open` (or the first commit) throw, so the sidebar showed nothing. Now each is
 * quarantined or skipped as problems.ts says, listed in `store.problems`, never deleted, and
 * every other task loads.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskStore, type StoreProblem } from '../../../src/core/store';
import { DeniedFs } from '../../helpers/faultyFs';
import { delegateCmd, rootCmd } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

type Logged = { level: string; msg: string };

async function seed(dir: string, roots: string[]): Promise<void> {
  const store = await TaskStore.open(dir, { ownerId: 'seed' });
  for (const id of roots) await store.commit(rootCmd(id));
  await store.commit(delegateCmd(roots[0]!, `${roots[0]}-child`));
  store.transcripts.append(roots[0]!, { type: 'text', delta: 'hello' });
  await store.close();
}

const at = (dir: string, ...parts: string[]) => path.join(dir, ...parts);
const ids = (store: TaskStore) => store.list().map((r) => r.id).sort();
const only = (problems: readonly StoreProblem[], kind: StoreProblem['kind']) => problems.filter((p) => p.kind === kind);

describe('a damaged store still opens, and says what it skipped', () => {
  const tempDir = useTempDirs('baton-damaged-');
  const stores: TaskStore[] = [];
  const open = async (dir: string, fsPort?: DeniedFs, logged: Logged[] = []) => {
    const store = await TaskStore.open(dir, { ownerId: 'me', log: (level, msg) => logged.push({ level, msg }) }, { ...(fsPort && { fs: fsPort.port }), lock: { unreadableStaleMs: 50 } });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('a folder named like a tree file is moved to quarantine whole; the rest loads', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'b']);
    fs.mkdirSync(at(dir, 'tasks', 'x.json'));
    fs.writeFileSync(at(dir, 'tasks', 'x.json', 'inside.txt'), 'keep me');

    const store = await open(dir);
    assert.deepEqual(ids(store), ['a', 'a-child', 'b']);
    const [moved] = only(store.problems, 'quarantined');
    assert.equal(moved?.file, at(dir, 'tasks', 'x.json'));
    assert.match(moved.reason, /a folder/);
    assert.equal(fs.readFileSync(path.join(moved.movedTo!, 'inside.txt'), 'utf8'), 'keep me', 'moved with what it holds');
    assert.deepEqual(fs.readdirSync(at(dir, 'tasks')).sort(), ['a.json', 'b.json']);
  });

  it('an unreadable tree file (chmod 000) is left in place and skipped, never written over, and loads once readable', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'locked']);
    const before = fs.readFileSync(at(dir, 'tasks', 'locked.json'));
    const denied = new DeniedFs();
    denied.denied.add(at(dir, 'tasks', 'locked.json'));

    const logged: Logged[] = [];
    const store = await open(dir, denied, logged);
    assert.deepEqual(ids(store), ['a', 'a-child']);
    assert.deepEqual(
      store.problems.map((p) => [p.kind, p.file]),
      [['unreadable', at(dir, 'tasks', 'locked.json')]],
    );
    assert.match(store.problems[0]!.reason, /EACCES/);
    assert.ok(logged.some((l) => l.level === 'warn' && l.msg.includes('locked.json')));
    await assert.rejects(store.commit(rootCmd('locked')), /EACCES/, 'a task with its id is not created over it');
    assert.deepEqual(fs.readFileSync(at(dir, 'tasks', 'locked.json')), before, 'its bytes are untouched');
    assert.deepEqual(store.quarantined, []);

    denied.denied.clear();
    await store.refresh();
    assert.deepEqual(ids(store), ['a', 'a-child', 'locked']);
    assert.deepEqual(store.problems, [], 'the problem is gone with its cause');
  });

  it('a tree file that turns unreadable after open: this window keeps the last version it saw, and catches up once readable', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'b']);
    const denied = new DeniedFs();
    const store = await open(dir, denied);
    const other = await TaskStore.open(dir, { ownerId: 'other-window' });
    await other.commit(delegateCmd('b', 'b-child'));
    await other.close();
    denied.denied.add(at(dir, 'tasks', 'b.json'));
    await store.refresh();
    assert.deepEqual(ids(store), ['a', 'a-child', 'b'], 'b as last seen, not gone');
    assert.deepEqual(store.problems.map((p) => [p.kind, path.basename(p.file)]), [['unreadable', 'b.json']]);

    denied.denied.clear();
    const now = new Date();
    fs.utimesSync(at(dir, 'tasks', 'b.json'), now, now); // as a chmod would, this changes its ctime
    await store.refresh();
    assert.deepEqual(ids(store), ['a', 'a-child', 'b', 'b-child']);
    assert.deepEqual(store.problems, []);
  });

  it('a tree file over 2 GiB is quarantined without being read; the rest loads', async () => {
    const dir = tempDir();
    await seed(dir, ['a']);
    const huge = at(dir, 'tasks', 'huge.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 2 ** 31 + 1); // sparse: no disk space used
    const store = await open(dir);
    assert.deepEqual(ids(store), ['a', 'a-child']);
    const [moved] = only(store.problems, 'quarantined');
    assert.equal(moved?.file, huge);
    assert.match(moved.reason, /too large/);
    assert.equal(fs.statSync(moved.movedTo!).size, 2 ** 31 + 1, 'moved as it was');
  });

  it('a file named `quarantine` is moved aside (kept), the folder made, and bad trees still go there', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'bad']);
    fs.writeFileSync(at(dir, 'quarantine'), 'not a folder');
    fs.writeFileSync(at(dir, 'tasks', 'bad.json'), '{ torn');
    const store = await open(dir);
    assert.deepEqual(ids(store), ['a', 'a-child']);
    const moved = only(store.problems, 'quarantined');
    assert.deepEqual(moved.map((p) => p.file), [at(dir, 'quarantine'), at(dir, 'tasks', 'bad.json')]);
    assert.equal(fs.readFileSync(moved[0]!.movedTo!, 'utf8'), 'not a folder');
    assert.equal(path.dirname(moved[0]!.movedTo!), dir, 'kept next to where it was');
    assert.ok(fs.statSync(at(dir, 'quarantine')).isDirectory());
    assert.equal(fs.readFileSync(moved[1]!.movedTo!, 'utf8'), '{ torn');
    assert.equal(path.dirname(moved[1]!.movedTo!), at(dir, 'quarantine'));
  });

  it('a folder named `store.lock` is moved to quarantine (kept), so open cleans up and commits work', async () => {
    const dir = tempDir();
    await seed(dir, ['a']);
    fs.mkdirSync(at(dir, 'store.lock'));
    fs.writeFileSync(at(dir, 'store.lock', 'note'), 'keep me');
    // A leftover temp file makes open take the lock to clean up.
    fs.writeFileSync(at(dir, 'tasks', 'a.json.99999-1.tmp'), 'half');
    const store = await open(dir);
    assert.deepEqual(ids(store), ['a', 'a-child']);
    await store.commit(rootCmd('after'));
    assert.ok(store.get('after'));
    const [moved] = only(store.problems, 'quarantined');
    assert.equal(moved?.file, at(dir, 'store.lock'));
    assert.equal(fs.readFileSync(path.join(moved.movedTo!, 'note'), 'utf8'), 'keep me');
    assert.equal(fs.existsSync(at(dir, 'store.lock')), false, 'released after the commit');
    assert.deepEqual(fs.readdirSync(at(dir, 'tasks')).sort(), ['a.json', 'after.json']);
  });

  it('`tasks` being a file: it is moved to quarantine (kept), the folder made, and the store works', async () => {
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(at(dir, 'tasks'), 'not a folder');
    const store = await open(dir);
    assert.deepEqual(ids(store), []);
    const [moved] = only(store.problems, 'quarantined');
    assert.equal(moved?.file, at(dir, 'tasks'));
    assert.equal(fs.readFileSync(moved.movedTo!, 'utf8'), 'not a folder');
    await store.commit(rootCmd('fresh'));
    assert.deepEqual(fs.readdirSync(at(dir, 'tasks')), ['fresh.json']);
  });

  it('`tasks` unreadable: open succeeds and says so; a refresh then forgets nothing it had', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'b']);
    const denied = new DeniedFs();
    const store = await open(dir, denied);
    assert.deepEqual(ids(store), ['a', 'a-child', 'b']);

    denied.denied.add(at(dir, 'tasks'));
    await store.refresh();
    assert.deepEqual(ids(store), ['a', 'a-child', 'b'], 'an unlistable folder is not an empty one');
    assert.deepEqual(store.problems.map((p) => [p.kind, p.file]), [['unreadable', at(dir, 'tasks')]]);

    const fresh = await open(dir, denied);
    assert.deepEqual(ids(fresh), []);
    assert.deepEqual(fresh.problems.map((p) => [p.kind, p.file]), [['unreadable', at(dir, 'tasks')]]);
    assert.match(fresh.problems[0]!.reason, /EACCES/);
    assert.deepEqual(fs.readdirSync(at(dir, 'tasks')).sort(), ['a.json', 'b.json'], 'nothing moved or lost');
  });

  it('a folder where a transcript belongs is moved to quarantine (kept); the transcript starts afresh', async () => {
    const dir = tempDir();
    await seed(dir, ['a']);
    const transcript = at(dir, 'transcripts', 'a-child.jsonl');
    fs.mkdirSync(transcript);
    fs.writeFileSync(path.join(transcript, 'inside'), 'keep me');
    const store = await open(dir);
    assert.deepEqual(await store.transcripts.read('a-child'), []);
    const [moved] = only(store.problems, 'quarantined');
    assert.equal(moved?.file, transcript);
    assert.equal(fs.readFileSync(path.join(moved.movedTo!, 'inside'), 'utf8'), 'keep me');
    store.transcripts.append('a-child', { type: 'text', delta: 'again' });
    assert.deepEqual(await store.transcripts.read('a-child'), [{ type: 'text', delta: 'again' }]);
    assert.deepEqual(await store.transcripts.read('a'), [{ type: 'text', delta: 'hello' }], 'other transcripts are untouched');
  });

  it('reports problems to listeners as they appear', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'b']);
    const store = await open(dir);
    const seen: (readonly StoreProblem[])[] = [];
    store.onDidChangeProblems((p) => seen.push(p));
    fs.writeFileSync(at(dir, 'tasks', 'b.json'), 'garbage');
    await store.refresh();
    await Promise.resolve();
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]!.map((p) => [p.kind, path.basename(p.file)]), [['quarantined', 'b.json']]);
  });
});
