/** One test per invariant of ARCHITECTURE.md (restated for fan-out), and proof that the checker catches violations. */
import assert from 'node:assert/strict';
import { checkInvariants } from '../../../src/core/lifecycle';
import type { TaskMap } from '../../../src/shared/task';
import { Harness, result } from './harness';

const stop = (h: Harness, id: string) => h.apply({ type: 'interrupt', taskId: id, reason: 'user_stop' });
const usage = (inputTokens: number) => ({ inputTokens, outputTokens: 1, turns: 1, runtimeMs: 10 });

describe('lifecycle invariants', () => {
  it('1. delegated ⇔ it awaits children of its own that still owe it; awaitingChildId is the first of them', () => {
    const h = new Harness().root('p').batch('p', ['a', 'b', 'c']);
    let p = h.get('p');
    assert.equal(p.status, 'delegated');
    assert.deepEqual(p.awaiting.map((e) => e.childId), ['a', 'b', 'c']);
    assert.equal(p.awaitingChildId, 'a');
    h.apply({ type: 'complete', taskId: 'a', result: result('a') });
    p = h.get('p');
    assert.equal(p.status, 'delegated');
    assert.equal(p.awaitingChildId, 'b', 'the first child it still awaits');
    h.apply({ type: 'complete', taskId: 'c', result: result('c') });
    h.apply({ type: 'complete', taskId: 'b', result: result('b') });
    p = h.get('p');
    assert.equal(p.status, 'active');
    assert.deepEqual([p.awaiting, p.awaitingChildId, p.pendingToolCallId], [[], null, null]);
  });

  it('2. each assignment of a child reaches its parent exactly once, in the same commit', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    const out = h.apply({ type: 'complete', taskId: 'c', result: result('x') });
    assert.deepEqual(new Set(out.changed), new Set(['p', 'c']));
    h.noop({ type: 'complete', taskId: 'c', result: result('x') });
    h.apply({ type: 'continueSubtask', parentId: 'p', childId: 'c', toolCallId: 'more', messageId: 'm1', text: 'and tests', wait: true });
    h.apply({ type: 'complete', taskId: 'c', result: result('y') });
    h.noop({ type: 'complete', taskId: 'c', result: result('y') });
    assert.deepEqual(h.results('p', 'c').map((m) => [m.assignment, m.toolCallId, m.result.summary]), [[1, 'call-c', 'x'], [2, 'more', 'y']]);
  });

  it('3. Stop never touches the parent; Stop on a parent stops its whole running subtree; Stop on a root changes nothing else', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    const parent = h.get('p');
    stop(h, 'c');
    assert.equal(h.get('p'), parent);
    const h2 = new Harness().root('solo').root('other');
    assert.deepEqual(stop(h2, 'solo').changed, ['solo']);
    const h3 = new Harness().root('r').batch('r', ['x', 'y'], { role: 'orchestrator' }).batch('x', ['x1'], { wait: false });
    assert.deepEqual(new Set(stop(h3, 'r').changed), new Set(['x', 'x1', 'y']));
    assert.equal(h3.get('r').status, 'delegated');
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

  it('9. deleting a child its parent awaits reports it first (deleted, with its partial work)', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    h.apply({ type: 'delete', taskId: 'c', partial: { outputTail: 'half a patch' } });
    const msg = h.get('p').inbox[0];
    assert.ok(msg?.kind === 'child_result' && msg.outcome === 'deleted');
    assert.equal(msg.result.outputTail, 'half a patch');
    assert.equal(h.get('p').status, 'active');
  });

  it('a completed task has no child that owes it an outcome', () => {
    const h = new Harness().root('p').batch('p', ['bg'], { wait: false });
    assert.match(h.refused({ type: 'complete', taskId: 'p', result: result('early') }, 'children_open'), /1 subtask is still open: "bg"/);
    h.apply({ type: 'complete', taskId: 'bg', result: result('bg') });
    h.apply({ type: 'complete', taskId: 'p', result: result('now') });
  });

  it("usage is own + the sum of the inbox results' usage, each assignment counted once, deleted children included", () => {
    const h = new Harness().root('p').delegate('p', 'c');
    h.apply({ type: 'complete', taskId: 'c', result: result('1'), ownUsage: usage(100) });
    h.apply({ type: 'continueSubtask', parentId: 'p', childId: 'c', toolCallId: 'more', messageId: 'm', text: 'again', wait: true });
    h.apply({ type: 'complete', taskId: 'c', result: result('2'), ownUsage: usage(250) });
    assert.deepEqual(h.results('p', 'c').map((m) => m.usage.inputTokens), [100, 150], 'the second assignment carries only what it used');
    h.apply({ type: 'delete', taskId: 'c' });
    assert.equal(h.get('p').childUsage.inputTokens, 250);
    assert.equal(h.get('p').usage.inputTokens, 250);
  });

  it('awaitingUser only while active (roots and children), never leased; a lease only while active', () => {
    const h = new Harness().root('p').delegate('p', 'c');
    h.apply({ type: 'awaitUser', taskId: 'c', toolCallId: 'q', question: '?' });
    assert.equal(h.get('c').lease, null);
    assert.equal(h.get('p').lease, null);
  });

  describe('the checker itself', () => {
    const sound = (): TaskMap => new Harness().root('p').batch('p', ['c', 'd']).tasks;
    const broken = (mutate: (t: Record<string, Record<string, unknown>>) => void, tasks: TaskMap = sound()): string[] => {
      const copy = structuredClone(tasks) as unknown as Record<string, Record<string, unknown>>;
      mutate(copy);
      return checkInvariants(copy as unknown as TaskMap);
    };
    const flags = (problems: string[], pattern: RegExp) => assert.ok(problems.some((m) => pattern.test(m)), problems.join('; ') || 'no problem found');
    it('accepts a sound tree', () => assert.deepEqual(checkInvariants(sound()), []));
    it('flags a delegated parent awaiting nothing', () => flags(broken((t) => (t.p!.awaiting = [])), /status delegated while awaiting 0/));
    it('flags awaitingChildId out of step with awaiting', () => flags(broken((t) => (t.p!.awaitingChildId = 'd')), /disagree with awaiting\[0\]/));
    it('flags an awaited child twice', () => flags(broken((t) => (t.p!.awaiting = [...(t.p!.awaiting as object[]), (t.p!.awaiting as object[])[0]])), /awaits c twice/));
    it('flags an awaited child that owes nothing', () => flags(broken((t) => (t.c!.reportTo = null)), /owes it nothing/));
    it('flags an awaited child that is completed', () => flags(broken((t) => (t.c!.status = 'completed')), /completed yet still owes|completed without a result/));
    it('flags a lease on a paused task', () => flags(broken((t) => (t.p!.lease = { ownerId: 'x', heartbeatAt: 1 })), /holds a lease while delegated/));
    it('flags a missing parent link', () => flags(broken((t) => (t.p!.childIds = [])), /does not list it/));
    it('flags a root that owes a report', () => flags(broken((t) => (t.p!.reportTo = { toolCallId: 'x' })), /a root that owes a report/));
    it('flags an active child that owes nothing', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false });
      flags(broken((t) => (t.c!.reportTo = null), h.tasks), /an active child that owes its parent nothing/);
    });
    it('flags a double delivery, a missing one and one for a later assignment', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'complete', taskId: 'c', result: result('x') });
      const first = h.get('p').inbox[0] as object;
      flags(broken((t) => (t.p!.inbox as object[]).push({ ...first, toolCallId: 'other' }), h.tasks), /assignment 1 delivered 2 times/);
      flags(broken((t) => (t.p!.inbox = []), h.tasks), /assignment 1 delivered 0 times/);
      flags(broken((t) => (t.p!.inbox as object[]).push({ ...first, assignment: 2 }), h.tasks), /later assignment/);
    });
    it('flags a completed parent with a child that still owes it', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false });
      flags(broken((t) => Object.assign(t.p!, { status: 'completed', result: result('x'), lease: null }), h.tasks), /completed while children still owe it: c/);
    });
    it('flags child usage that is not the sum of the inbox results', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'complete', taskId: 'c', result: result('x'), ownUsage: usage(5) });
      flags(broken((t) => (t.p!.childUsage = usage(6)), h.tasks), /childUsage is not the sum/);
    });
    it('flags a leased task waiting for the user', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'awaitUser', taskId: 'r', toolCallId: 'q', question: '?' });
      flags(broken((t) => (t.r!.lease = { ownerId: 'x', heartbeatAt: 1 }), h.tasks), /awaitingUser while active, leased/);
    });
  });
});
