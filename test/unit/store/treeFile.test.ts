import assert from 'node:assert/strict';
import { z } from 'zod';
import { applyCommand, type LifecycleCommand } from '../../../src/core/lifecycle';
import { MIGRATIONS, migrateTree, type MigrationTable, type RawTree } from '../../../src/core/store/migrations';
import { decodeTree, encodeTree, readTreeStamp, TREE_FORMAT, type DecodeFault, type TaskTree } from '../../../src/core/store/treeFile';
import { describeSchema } from '../../../src/core/store/seal';
import { TASK_SCHEMA_VERSION, TaskRecord, type TaskMap } from '../../../src/shared/task';
import { completeCmd, delegateCmd, rootCmd } from '../../helpers/taskCommands';

function buildTree(): TaskTree {
  let tasks: TaskMap = {};
  const commands: LifecycleCommand[] = [rootCmd('root'), delegateCmd('root', 'kid'), completeCmd('kid')];
  for (const command of commands) {
    const result = applyCommand(tasks, command);
    assert.ok(result.ok);
    tasks = result.tasks;
  }
  return { rootId: 'root', revision: 7, writer: 'w-123', records: tasks };
}

function rawOf(tree: TaskTree): RawTree {
  return JSON.parse(encodeTree(tree).toString('utf8'));
}

function reasonOf(data: string | RawTree, migrations?: MigrationTable, fault: DecodeFault = 'invalid'): string {
  const result = decodeTree(typeof data === 'string' ? data : JSON.stringify(data), migrations);
  assert.equal(result.ok, false, 'expected the file to be rejected');
  if (!result.ok) assert.equal(result.fault, fault, result.reason);
  return result.ok ? '' : result.reason;
}

/** What version 1 calls `budgetBaseline` and `checkpoints`, a made-up version 0 did not have. */
function asVersion0(tree: TaskTree): RawTree {
  const raw = rawOf(tree);
  raw.schemaVersion = 0;
  raw.records = (raw.records as Record<string, unknown>[]).map(({ budgetBaseline: _b, checkpoints: _c, ...rest }) => ({ ...rest, schemaVersion: 0 }));
  return raw;
}

const v0ToV1: MigrationTable = {
  ...MIGRATIONS,
  0: (tree) => ({
    ...tree,
    records: (tree.records as Record<string, unknown>[]).map((r) => ({ ...r, schemaVersion: 1, checkpoints: [], budgetBaseline: { turns: 0, runtimeMs: 0 } })),
  }),
};

describe('tree file codec', () => {
  it('round-trips a tree with every record, its revision and writer', () => {
    const tree = buildTree();
    const decoded = decodeTree(encodeTree(tree));
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.tree, tree);
    assert.equal(decoded.migratedFrom, undefined);
    assert.equal(decoded.sealed, true);
  });

  it('reads the stamp from the header alone', () => {
    const tree = buildTree();
    assert.deepEqual(readTreeStamp(encodeTree(tree)), { revision: 7, writer: 'w-123' });
    assert.equal(readTreeStamp(Buffer.from('{"records":[]}')), undefined);
  });

  it('writes the current schema version and its format tag', () => {
    const raw = rawOf(buildTree());
    assert.equal(raw.format, TREE_FORMAT);
    assert.equal(raw.schemaVersion, TASK_SCHEMA_VERSION);
  });

  describe('rejects, with a reason', () => {
    const good = () => rawOf(buildTree());

    it('garbage and truncated files', () => {
      assert.match(reasonOf('\u0000\u0001garbage'), /not valid JSON/);
      const text = encodeTree(buildTree()).toString('utf8');
      assert.match(reasonOf(text.slice(0, text.length / 2)), /not valid JSON/);
      assert.match(reasonOf('[1,2]'), /not a JSON object/);
      assert.match(reasonOf('{"format":"something-else"}'), /not a task tree file/);
    });

    it('a newer schema version, as a newer Baton’s file (left alone, not invalid), counting its tasks', () => {
      assert.match(reasonOf({ ...good(), schemaVersion: TASK_SCHEMA_VERSION + 1 }, undefined, 'newer'), /saved by a newer Baton/);
      const decoded = decodeTree(JSON.stringify({ ...good(), schemaVersion: TASK_SCHEMA_VERSION + 1, records: [{}, {}, {}] }));
      assert.equal(decoded.ok ? 0 : decoded.tasks, 3);
    });

    it('links to tasks outside the file, as inconsistent (never loaded, never rewritten)', () => {
      const raw = good();
      const [root, kid] = raw.records as Record<string, unknown>[];
      assert.match(reasonOf({ ...raw, records: [root, { ...kid, parentId: 'elsewhere' }] }, undefined, 'inconsistent'), /names parent elsewhere, which is not in this file/);
      assert.match(reasonOf({ ...raw, records: [{ ...root, childIds: ['kid', 'ghost'] }, kid] }, undefined, 'inconsistent'), /lists child ghost/);
      assert.match(
        reasonOf({ ...raw, records: [{ ...root, status: 'delegated', awaitingChildId: 'ghost', pendingToolCallId: 'c1' }, kid] }, undefined, 'inconsistent'),
        /awaits ghost/,
      );
    });

    it('an old version with no migration', () => {
      assert.match(reasonOf(asVersion0(buildTree())), /no migration from schema version 0 to 1/);
    });

    it('a record that fails the schema, naming the field', () => {
      const raw = good();
      (raw.records as Record<string, unknown>[])[1]!.status = 'running';
      assert.match(reasonOf(raw), /record 1 invalid at status/);
    });

    it('a record of another tree, a duplicate, a missing root, no records', () => {
      const raw = good();
      const records = raw.records as Record<string, unknown>[];
      assert.match(reasonOf({ ...raw, records: [records[0], { ...records[1], rootId: 'elsewhere' }] }), /belongs to tree elsewhere/);
      assert.match(reasonOf({ ...raw, records: [records[0], records[0]] }), /appears twice/);
      assert.match(reasonOf({ ...raw, rootId: 'kid' }), /belongs to tree root/);
      assert.match(reasonOf({ ...raw, records: [] }), /no records/);
      assert.match(reasonOf({ ...raw, revision: -1 }), /bad tree revision/);
    });
  });

  describe('migrations', () => {
    it('upgrades a version-0 tree through the table, then validates it', () => {
      const tree = buildTree();
      const decoded = decodeTree(JSON.stringify(asVersion0(tree)), v0ToV1);
      assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
      assert.equal(decoded.migratedFrom, 0);
      assert.deepEqual(decoded.tree.records.kid?.budgetBaseline, { turns: 0, runtimeMs: 0 });
      assert.equal(decoded.tree.records.root?.schemaVersion, TASK_SCHEMA_VERSION);
    });

    it('chains steps and stamps each version', () => {
      const seen: unknown[] = [];
      const table: MigrationTable = {
        0: (t) => (seen.push(t.schemaVersion), { ...t, a: 1 }),
        1: (t) => (seen.push(t.schemaVersion), { ...t, b: 2 }),
      };
      const out = migrateTree({ schemaVersion: 0 }, 0, 2, table);
      assert.deepEqual(out, { ok: true, tree: { schemaVersion: 2, a: 1, b: 2 } });
      assert.deepEqual(seen, [0, 1]);
    });

    it('reports a migration that throws', () => {
      const out = migrateTree({ schemaVersion: 0 }, 0, 1, { 0: () => { throw new Error('boom'); } });
      assert.equal(out.ok, false);
      assert.match(out.ok ? '' : out.reason, /failed: Error: boom/);
    });

    it('a migration that produces an invalid record is rejected by validation', () => {
      const broken: MigrationTable = { ...MIGRATIONS, 0: (t) => t };
      assert.match(reasonOf(asVersion0(buildTree()), broken), /record 0 invalid/);
    });
  });
});

describe('tree file seal', () => {
  it('a file the codec wrote is sealed; any change to its bytes breaks the seal but still decodes after full validation', () => {
    const data = encodeTree(buildTree());
    const decoded = decodeTree(data);
    assert.ok(decoded.ok && decoded.sealed);
    const edited = Buffer.from(data.toString('utf8').replace('Goal of kid', 'Goal of KID'));
    const again = decodeTree(edited);
    assert.ok(again.ok, 'still valid');
    assert.equal(again.sealed, false, 'validated with zod, not trusted');
    assert.equal(again.tree.records.kid?.goal, 'Goal of KID');
  });

  it('with trustSeals off, even a sealed file goes through zod', () => {
    const decoded = decodeTree(encodeTree(buildTree()), {}, false);
    assert.ok(decoded.ok);
    assert.equal(decoded.sealed, false);
  });

  it('an edited file whose records break the schema is rejected despite carrying a seal', () => {
    const text = encodeTree(buildTree()).toString('utf8');
    const edited = text.replace('"status":"completed"', '"status":"running"');
    assert.notEqual(edited, text);
    assert.match(reasonOf(edited), /invalid at status/);
  });

  it('the seal depends on the schema: any change to it gives another fingerprint', () => {
    const base = describeSchema(TaskRecord);
    assert.equal(describeSchema(TaskRecord), base, 'deterministic');
    assert.notEqual(describeSchema(TaskRecord.extend({ extra: z.string() })), base);
    assert.notEqual(describeSchema(TaskRecord.extend({ id: z.string().min(1).max(65) })), base);
    assert.notEqual(describeSchema(TaskRecord.extend({ context: z.string().default('x') })), base);
    assert.notEqual(describeSchema(TaskRecord.extend({ status: z.enum(['active', 'delegated']) })), base);
  });
});
