/** One test per invariant of ARCHITECTURE.md, and proof that the checker catches violations. */
import assert from 'node:assert/strict';
import { checkInvariants } from '../../../src/core/lifecycle';
import type { TaskMap } from '../../../src/shared/task';
import { Harness, result } from './harness';

const stop = (h: Harness, id: string) => h.apply({ type: 'interrupt', taskId: id, reason: 'user_stop' });

describe('lifecycle invariants', () => {
  it('1. delegated ⇔ awaitingChildId names an existing unfinished child of its own', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    assert.equal(h.get('p').awaitingChildId, 'c');
    h.apply({ type: 'complete', taskId: 'c', result: result('x') });
    assert.equal(h.get('p').status, 'active');
    assert.equal(h.get('p').awaitingChildId, null);
  });

  it('2. a child result reaches its parent exactly once, in the same commit', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    const out = h.apply({ type: 'complete', taskId: 'c', result: result('x') });
    assert.deepEqual(new Set(out.changed), new Set(['p', 'c']));
    h.noop({ type: 'complete', taskId: 'c', result: result('x') });
    assert.equal(h.get('p').inbox.filter((m) => m.kind === 'child_result').length, 1);
  });

  it('3. stopping a child never touches its parent; Stop on a root changes nothing else', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    const parent = h.get('p');
    stop(h, 'c');
    assert.equal(h.get('p'), parent);
    const h2 = new Harness().root('solo');
    assert.deepEqual(stop(h2, 'solo').changed, ['solo']);
  });

  it('4. a child resumed after many interruptions and restarts still reports back', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    for (let i = 0; i < 5; i++) {
      stop(h, 'c');
      h.apply({ type: 'resume', taskId: 'c', ownerId: `w${i}` });
      h.now += 60_000;
      h.apply({ type: 'reconcile', leaseTtlMs: 30_000 });
      h.apply({ type: 'resume', taskId: 'c', ownerId: `w${i}` });
    }
    h.apply({ type: 'complete', taskId: 'c', result: result('finally') });
    const msg = h.get('p').inbox[0];
    assert.ok(msg?.kind === 'child_result' && msg.result.summary === 'finally');
  });

  it('5. abandon hands the parent an "abandoned" result with partial work; parent active', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    h.apply({ type: 'budgetExhausted', taskId: 'c', reason: 'turns', checkpoint: { summary: 'half', filesRead: [], filesWritten: ['x'], at: 1 } });
    h.apply({ type: 'abandon', taskId: 'c' });
    const msg = h.get('p').inbox[0];
    assert.ok(msg?.kind === 'child_result' && msg.outcome === 'abandoned');
    assert.deepEqual(msg.result.filesWritten, ['x']);
    assert.equal(h.get('p').status, 'active');
  });

  it('6. every transition is idempotent and checks the exact task', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    stop(h, 'c');
    h.noop({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
    h.apply({ type: 'abandon', taskId: 'c' });
    h.delegate('p', 'd');
    h.noop({ type: 'complete', taskId: 'c', result: result('stale') });
    assert.equal(h.get('p').awaitingChildId, 'd');
  });

  it('7. start-up: active without a live lease → interrupted (editor_closed); live leases untouched', () => {
    const h = new Harness().root('dead', 'gone').root('alive', 'other');
    h.now += 31_000;
    h.apply({ type: 'heartbeat', taskId: 'alive', ownerId: 'other' });
    h.apply({ type: 'reconcile', leaseTtlMs: 30_000 });
    assert.equal(h.get('dead').interruptReason, 'editor_closed');
    assert.equal(h.get('alive').status, 'active');
  });

  it('8. after interruptions and resumes a parent can delegate again', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    stop(h, 'c');
    h.apply({ type: 'resume', taskId: 'c' });
    stop(h, 'c');
    h.apply({ type: 'abandon', taskId: 'c' });
    h.delegate('p', 'd');
    h.apply({ type: 'complete', taskId: 'd', result: result('d') });
    h.delegate('p', 'e');
    assert.equal(h.get('p').awaitingChildId, 'e');
  });

  it('9. deleting a child its parent awaits abandons it first', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    h.apply({ type: 'delete', taskId: 'c' });
    const msg = h.get('p').inbox[0];
    assert.ok(msg?.kind === 'child_result' && msg.outcome === 'abandoned');
    assert.equal(h.get('p').status, 'active');
  });

  describe('the checker itself', () => {
    const sound = (): TaskMap => new Harness().root('p').delegate('p', 'c').tasks;
    const broken = (mutate: (t: Record<string, Record<string, unknown>>) => void): string[] => {
      const copy = structuredClone(sound()) as unknown as Record<string, Record<string, unknown>>;
      mutate(copy);
      return checkInvariants(copy as unknown as TaskMap);
    };
    it('accepts a sound tree', () => assert.deepEqual(checkInvariants(sound()), []));
    it('flags a delegated parent without a child', () => assert.ok(broken((t) => (t.p!.awaitingChildId = null)).length > 0));
    it('flags an awaited child that is completed', () => assert.ok(broken((t) => (t.c!.status = 'completed')).length > 0));
    it('flags a lease on a paused task', () => assert.ok(broken((t) => (t.p!.lease = { ownerId: 'x', heartbeatAt: 1 })).length > 0));
    it('flags a missing parent link', () => assert.ok(broken((t) => (t.p!.childIds = [])).length > 0));
    it('flags a double delivery', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'complete', taskId: 'c', result: result('x') });
      const copy = structuredClone(h.tasks) as unknown as Record<string, { inbox: unknown[] }>;
      copy.p!.inbox.push({ ...(copy.p!.inbox[0] as object), toolCallId: 'other' });
      assert.ok(checkInvariants(copy as unknown as TaskMap).some((m) => m.includes('delivered 2 times')));
    });
  });
});
