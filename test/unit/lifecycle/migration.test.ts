/** Schema version 1 → 2: trees written before fan-out load with their debts made explicit. */
import assert from 'node:assert/strict';
import { applyCommand, checkInvariants } from '../../../src/core/lifecycle';
import { MIGRATIONS } from '../../../src/core/store/migrations';
import { decodeTree, encodeTree } from '../../../src/core/store/treeFile';
import { MAX_TIMER_MS, TASK_SCHEMA_VERSION, type TaskMap } from '../../../src/shared/task';
import { Harness, result } from './harness';

type Raw = Record<string, unknown>;

/** The tree as version 1 wrote it: no awaiting, assignments, reportTo or agent. */
function asVersion1(tasks: TaskMap, rootId: string, edit: (records: Raw[]) => void = () => undefined): string {
  const raw = JSON.parse(encodeTree({ rootId, revision: 3, writer: 'old', records: tasks }).toString('utf8')) as Raw;
  delete raw.seal;
  const records = (raw.records as Raw[]).map(({ awaiting: _a, assignment: _n, assignedAt: _t, reportTo: _r, agent: _g, ...rest }) => ({
    ...rest,
    schemaVersion: 1,
    inbox: (rest.inbox as Raw[]).map(({ assignment: _x, ...m }) => m),
  }));
  edit(records);
  return JSON.stringify({ ...raw, schemaVersion: 1, records });
}

function load(data: string): TaskMap {
  const decoded = decodeTree(data, MIGRATIONS);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
  assert.equal(decoded.migratedFrom, 1);
  return decoded.tree.records;
}

describe('migration of version-1 trees to version 2', () => {
  it('is the current version', () => assert.equal(TASK_SCHEMA_VERSION, 2));

  it('turns a single awaited child into the awaited set and the child’s debt, and loads a tree the lifecycle would have made', () => {
    // `done` was delegated and completed; `c` is awaited, waiting on `g` in turn, which was stopped.
    const h = new Harness().root('p').delegate('p', 'done');
    h.apply({ type: 'complete', taskId: 'done', result: result('ok') });
    h.delegate('p', 'c', { role: 'orchestrator' }).delegate('c', 'g');
    h.apply({ type: 'interrupt', taskId: 'g', reason: 'user_stop' });
    const loaded = load(asVersion1(h.tasks, 'p'));
    assert.deepEqual(loaded, h.tasks, 'the migrated records are exactly what version 2 would hold');
    assert.deepEqual(checkInvariants(loaded), []);
  });

  it('a finished child its parent still waited for (an older Baton crashed between writes) is delivered at start-up', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    const data = asVersion1(h.tasks, 'p', (records) => {
      const c = records.find((r) => r.id === 'c')!;
      Object.assign(c, { status: 'completed', result: result('finished'), lease: null, completedAt: h.now });
    });
    const loaded = load(data);
    assert.deepEqual(loaded.c?.reportTo, { toolCallId: 'call-c' });
    const out = applyCommand(loaded, { type: 'reconcile', leaseTtlMs: 30_000, now: h.now + 60_000 });
    assert.ok(out.ok);
    assert.deepEqual(checkInvariants(out.tasks), []);
    const msg = out.tasks.p?.inbox[0];
    assert.ok(msg?.kind === 'child_result' && msg.result.summary === 'finished' && msg.assignment === 1);
  });

  it('keeps result ids, marks them assignment 1, and clamps budgets a timer cannot hold', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    h.apply({ type: 'complete', taskId: 'c', result: result('x') });
    const data = asVersion1(h.tasks, 'p', (records) => {
      const p = records.find((r) => r.id === 'p')!;
      (p.inbox as Raw[])[0]!.id = 'result-c';
      p.budget = { maxTurns: 5, maxRuntimeMs: 2 ** 40, responseTimeoutMs: 2 ** 32 };
    });
    const loaded = load(data);
    const msg = loaded.p?.inbox[0];
    assert.ok(msg?.kind === 'child_result');
    assert.deepEqual([msg.id, msg.assignment], ['result-c', 1], 'the id a transcript may already name stays');
    assert.deepEqual(loaded.p?.budget, { maxTurns: 5, maxRuntimeMs: MAX_TIMER_MS, responseTimeoutMs: MAX_TIMER_MS });
    assert.deepEqual(checkInvariants(loaded), []);
  });

  it('an awaited child with no pending tool call gets the delegation id an older Baton answered with', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    const loaded = load(
      asVersion1(h.tasks, 'p', (records) => {
        records.find((r) => r.id === 'p')!.pendingToolCallId = null;
      }),
    );
    assert.deepEqual(loaded.p?.awaiting.map((e) => e.toolCallId), ['delegation-c']);
    assert.equal(loaded.p?.pendingToolCallId, 'delegation-c');
    assert.deepEqual(loaded.c?.reportTo, { toolCallId: 'delegation-c' });
    assert.deepEqual(checkInvariants(loaded), []);
  });

  it('leaves what it cannot upgrade to validation (the store quarantines it)', () => {
    const decoded = decodeTree(JSON.stringify({ format: 'baton-task-tree', schemaVersion: 1, revision: 1, writer: 'x', rootId: 'b', records: [{}, 7] }), MIGRATIONS);
    assert.equal(decoded.ok, false);
  });
});
