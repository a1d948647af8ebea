import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIGRATIONS, TaskStore, type MigrationTable } from '../../../src/core/store';
import { TASK_SCHEMA_VERSION } from '../../../src/shared/task';
import { delegateCmd, rootCmd } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

type Logged = { level: string; msg: string };

async function seed(dir: string, roots: string[]): Promise<void> {
  const store = await TaskStore.open(dir, { ownerId: 'seed' });
  for (const id of roots) await store.commit(rootCmd(id));
  await store.commit(delegateCmd(roots[0]!, `${roots[0]}-child`));
  await store.close();
}

const tasksDir = (dir: string) => path.join(dir, 'tasks');
const fileOf = (dir: string, rootId: string) => path.join(tasksDir(dir), `${rootId}.json`);
const rawOf = (dir: string, rootId: string) => JSON.parse(fs.readFileSync(fileOf(dir, rootId), 'utf8')) as Record<string, unknown>;

describe('quarantine of unreadable tree files', () => {
  const tempDir = useTempDirs('baton-quarantine-');

  it('moves truncated, garbage and invalid files aside, reports them, and loads the rest', async () => {
    const dir = tempDir();
    await seed(dir, ['good', 'truncated', 'garbage', 'invalid', 'renamed']);
    const truncated = fs.readFileSync(fileOf(dir, 'truncated'));
    fs.writeFileSync(fileOf(dir, 'truncated'), truncated.subarray(0, truncated.length - 40));
    fs.writeFileSync(fileOf(dir, 'garbage'), Buffer.from([0xff, 0xfe, 0x00, 0x42, 0x13]));
    const invalid = rawOf(dir, 'invalid');
    (invalid.records as Record<string, unknown>[])[0]!.depth = -1;
    fs.writeFileSync(fileOf(dir, 'invalid'), JSON.stringify(invalid));
    // A newer Baton's file is not this store's to judge: newerBaton.test.ts covers it.
    fs.renameSync(fileOf(dir, 'renamed'), fileOf(dir, 'not-its-name'));

    const logged: Logged[] = [];
    const store = await TaskStore.open(dir, { ownerId: 'me', log: (level, msg) => logged.push({ level, msg }) });
    try {
      assert.deepEqual(store.list().map((r) => r.id).sort(), ['good', 'good-child']);
      const byFile = new Map(store.quarantined.map((q) => [path.basename(q.file), q]));
      assert.deepEqual([...byFile.keys()].sort(), ['garbage.json', 'invalid.json', 'not-its-name.json', 'truncated.json']);
      assert.match(byFile.get('truncated.json')!.reason, /not valid JSON/);
      assert.match(byFile.get('garbage.json')!.reason, /not valid JSON/);
      assert.match(byFile.get('invalid.json')!.reason, /invalid at depth/);
      assert.match(byFile.get('not-its-name.json')!.reason, /not the one its name says/);
      assert.deepEqual(
        store.problems.map((p) => [p.kind, path.basename(p.file)]).sort(),
        [...byFile.keys()].sort().map((name) => ['quarantined', name]),
        'each is one problem the host reports',
      );
      for (const entry of store.quarantined) {
        assert.equal(fs.existsSync(entry.file), false, `${entry.file} moved away`);
        assert.ok(fs.existsSync(entry.movedTo), `${entry.movedTo} kept`);
        assert.equal(path.dirname(entry.movedTo), path.join(dir, 'quarantine'));
        assert.ok(logged.some((l) => l.level === 'warn' && l.msg.includes(entry.file)), `logged ${entry.file}`);
      }
      // The moved bytes are the original bytes: nothing is rewritten or deleted.
      const garbage = byFile.get('garbage.json')!;
      assert.deepEqual(fs.readFileSync(garbage.movedTo), Buffer.from([0xff, 0xfe, 0x00, 0x42, 0x13]));
      await store.commit(rootCmd('truncated'));
    } finally {
      await store.close();
    }

    const again = await TaskStore.open(dir, { ownerId: 'me' });
    assert.deepEqual(again.quarantined, []);
    assert.equal(fs.readdirSync(path.join(dir, 'quarantine')).length, 4);
    assert.equal(again.list().length, 3);
    await again.close();
  });

  it('removes temp files of interrupted writes without loading or quarantining them', async () => {
    const dir = tempDir();
    await seed(dir, ['a']);
    const good = fs.readFileSync(fileOf(dir, 'a'));
    fs.writeFileSync(path.join(tasksDir(dir), 'a.json.99999-1.tmp'), good.subarray(0, 100));
    fs.writeFileSync(path.join(tasksDir(dir), 'b.json.99999-2.tmp'), good);
    const store = await TaskStore.open(dir, { ownerId: 'me' });
    assert.deepEqual(store.list().map((r) => r.id).sort(), ['a', 'a-child']);
    assert.deepEqual(store.quarantined, []);
    assert.deepEqual(fs.readdirSync(tasksDir(dir)), ['a.json']);
    await store.close();
  });

  it('quarantines a file that goes bad after open when a refresh meets it', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'b']);
    const store = await TaskStore.open(dir, { ownerId: 'me' });
    fs.writeFileSync(fileOf(dir, 'b'), '{"format":"baton-task-tree","schemaVersion":1,"revision":9,"writer":"x","rootId":"b","records":[{}]}');
    await store.refresh();
    assert.equal(store.quarantined.length, 1);
    assert.equal(store.get('b'), undefined);
    assert.ok(store.get('a'));
    await store.close();
  });

  it('a tree that repeats a task of another tree is no reason to quarantine either: treeConflicts.test.ts', async () => {
    const dir = tempDir();
    await seed(dir, ['a', 'b']);
    const copy = rawOf(dir, 'a');
    const records = (copy.records as Record<string, unknown>[]).map((r) => ({ ...r }));
    // Tree `z` claims `a-child`, which tree `a` holds.
    records[0] = { ...records[0], id: 'z', rootId: 'z', childIds: ['a-child'] };
    records[1] = { ...records[1], rootId: 'z', parentId: 'z' };
    fs.writeFileSync(fileOf(dir, 'z'), JSON.stringify({ ...copy, rootId: 'z', records }));
    const store = await TaskStore.open(dir, { ownerId: 'me' });
    assert.deepEqual(store.quarantined, []);
    assert.deepEqual(fs.readdirSync(tasksDir(dir)).sort(), ['a.json', 'b.json', 'z.json']);
    await store.close();
  });

  it('loads a version-0 tree through a migration, and writes it back at the current version', async () => {
    const dir = tempDir();
    await seed(dir, ['old']);
    const raw = rawOf(dir, 'old');
    raw.schemaVersion = 0;
    raw.records = (raw.records as Record<string, unknown>[]).map(({ checkpoints: _c, ...rest }) => ({ ...rest, schemaVersion: 0 }));
    fs.writeFileSync(fileOf(dir, 'old'), JSON.stringify(raw));
    const migrations: MigrationTable = {
      ...MIGRATIONS,
      0: (tree) => ({ ...tree, records: (tree.records as Record<string, unknown>[]).map((r) => ({ ...r, schemaVersion: 1, checkpoints: [] })) }),
    };

    const withoutMigration = await TaskStore.open(path.join(dir), { ownerId: 'me' }, { migrations: {} });
    assert.equal(withoutMigration.quarantined.length, 1, 'no migration: quarantined');
    await withoutMigration.close();
    fs.renameSync(withoutMigration.quarantined[0]!.movedTo, fileOf(dir, 'old'));

    const logged: Logged[] = [];
    const store = await TaskStore.open(dir, { ownerId: 'me', log: (level, msg) => logged.push({ level, msg }) }, { migrations });
    assert.deepEqual(store.quarantined, []);
    assert.deepEqual(store.get('old')?.checkpoints, []);
    assert.ok(logged.some((l) => /Migrated task tree old from schema version 0/.test(l.msg)));
    await store.commit({ type: 'interrupt', taskId: 'old-child', reason: 'user_stop', now: 1 });
    assert.equal(rawOf(dir, 'old').schemaVersion, TASK_SCHEMA_VERSION);
    await store.close();
  });
});
