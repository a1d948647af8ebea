import assert from 'node:assert/strict';
import type { DelegateCommand } from '../../../src/core/lifecycle';
import { Harness, result, type Cmd } from './harness';

/** A delegation of one child, written out (for refusals and repeats). */
const del = (parentId: string, childId: string, extra: Partial<Omit<DelegateCommand, 'now'>> = {}): Cmd => ({
  type: 'delegate',
  parentId,
  toolCallId: `call-${childId}`,
  children: [{ childId, title: childId, goal: `goal of ${childId}` }],
  ...extra,
});

const checkpoint = (summary: string, at = 5) => ({ summary, filesRead: ['a.ts'], filesWritten: ['b.ts'], at });

describe('lifecycle commands', () => {
  describe('createRoot', () => {
    it('creates an active orchestrator root leased to the creating window', () => {
      const h = new Harness().root('r');
      const r = h.get('r');
      assert.equal(r.status, 'active');
      assert.equal(r.parentId, null);
      assert.equal(r.rootId, 'r');
      assert.equal(r.role, 'orchestrator');
      assert.deepEqual(r.lease, { ownerId: 'w1', heartbeatAt: h.now });
      assert.deepEqual(h.last?.effects, [{ type: 'run', taskId: 'r' }]);
    });
    it('is idempotent for the same goal and refuses a clashing id', () => {
      const h = new Harness().root('r');
      h.noop({ type: 'createRoot', id: 'r', title: 'r', goal: 'goal of r' });
      h.refused({ type: 'createRoot', id: 'r', title: 'x', goal: 'other' }, 'already_exists');
    });
  });

  describe('delegate', () => {
    it('makes the parent delegated awaiting the new active child, keyed by the tool call', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      const p = h.get('p');
      const c = h.get('c');
      assert.equal(p.status, 'delegated');
      assert.equal(p.awaitingChildId, 'c');
      assert.equal(p.pendingToolCallId, 'call-c');
      assert.deepEqual(p.childIds, ['c']);
      assert.equal(p.lease, null, 'the parent stops running while it waits');
      assert.equal(c.status, 'active');
      assert.equal(c.parentId, 'p');
      assert.equal(c.rootId, 'p');
      assert.equal(c.depth, 1);
      assert.equal(c.lease?.ownerId, 'w1');
      assert.deepEqual(h.last?.effects, [{ type: 'run', taskId: 'c' }]);
    });
    it('is idempotent; a waiting parent can be handed one more subtask by hand (it waits for both)', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.noop(del('p', 'c'));
      h.apply(del('p', 'd', { toolCallId: 'manual-d' }));
      const p = h.get('p');
      assert.deepEqual(p.awaiting.map((e) => [e.childId, e.toolCallId]), [['c', 'call-c'], ['d', 'manual-d']]);
      assert.equal(p.awaitingChildId, 'c', 'the first awaited child is still the one older readers see');
    });
    it('refuses beyond the depth limit, and never deeper than 3', () => {
      const h = new Harness().root('a');
      h.refused(del('a', 'b', { maxDepth: 0 }), 'depth_exceeded');
      h.delegate('a', 'b', { role: 'orchestrator' }).delegate('b', 'c', { role: 'orchestrator' }).delegate('c', 'd', { role: 'orchestrator' });
      h.refused(del('d', 'e', { maxDepth: 9 }), 'depth_exceeded');
    });
    it('a paused task can delegate (the user hands part of it off), which ends its pause', () => {
      const h = new Harness().root('p');
      h.apply({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      h.apply(del('p', 'c', { toolCallId: 'manual-c' }));
      assert.equal(h.get('p').status, 'delegated');
      assert.equal(h.get('p').interruptReason, null);
    });
    it('refuses from a finished task and for a missing parent', () => {
      const h = new Harness().root('p');
      h.apply({ type: 'complete', taskId: 'p', result: result('done') });
      h.refused(del('p', 'c'), 'invalid_transition');
      h.refused(del('nope', 'c'), 'not_found');
    });
  });

  describe('start and heartbeat (leases)', () => {
    it('takes a free or expired lease, refuses a live one held by another window', () => {
      const h = new Harness();
      h.apply({ type: 'createRoot', id: 'r', title: 'r', goal: 'g' });
      assert.equal(h.get('r').lease, null);
      h.apply({ type: 'start', taskId: 'r', ownerId: 'w1', leaseTtlMs: 1000 });
      assert.equal(h.get('r').lease?.ownerId, 'w1');
      h.refused({ type: 'start', taskId: 'r', ownerId: 'w2', leaseTtlMs: 1000 }, 'lease_held');
      h.now += 5000;
      h.apply({ type: 'start', taskId: 'r', ownerId: 'w2', leaseTtlMs: 1000 });
      assert.equal(h.get('r').lease?.ownerId, 'w2');
    });
    it('heartbeats only from the owner', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'heartbeat', taskId: 'r', ownerId: 'w1' });
      assert.equal(h.get('r').lease?.heartbeatAt, h.now);
      h.refused({ type: 'heartbeat', taskId: 'r', ownerId: 'w2' }, 'not_lease_owner');
    });

    it('heartbeats the other leases of the window in the same tree in one write, skipping any it lost', () => {
      const h = new Harness().root('r', 'w1');
      h.batch('r', ['a', 'b', 'c'], { wait: false, ownerId: 'w1' });
      h.apply({ type: 'interrupt', taskId: 'b', reason: 'user_stop' });
      h.apply({ type: 'start', taskId: 'c', ownerId: 'w2', leaseTtlMs: 0 });
      const out = h.apply({ type: 'heartbeat', taskId: 'r', ownerId: 'w1', more: ['a', 'b', 'c', 'gone'] });
      assert.deepEqual(out.changed.sort(), ['a', 'r']);
      assert.deepEqual([h.get('a').lease?.heartbeatAt, h.get('c').lease?.ownerId, h.get('b').lease], [h.now, 'w2', null]);
    });
    it('refuses to start a task that is not open', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'complete', taskId: 'r', result: result('done') });
      h.refused({ type: 'start', taskId: 'r', ownerId: 'w1', leaseTtlMs: 1000 }, 'invalid_transition');
    });
  });

  describe('recordProgress', () => {
    it('records absolute usage reports idempotently and keeps every checkpoint receipt once', () => {
      const h = new Harness().root('r');
      const first = { inputTokens: 10, outputTokens: 5, turns: 1, runtimeMs: 100 };
      const second = { inputTokens: 20, outputTokens: 10, turns: 2, runtimeMs: 200 };
      h.apply({ type: 'recordProgress', taskId: 'r', ownUsage: first, checkpoint: checkpoint('first', 1) });
      h.apply({ type: 'recordProgress', taskId: 'r', ownUsage: second });
      h.noop({ type: 'recordProgress', taskId: 'r', ownUsage: second, checkpoint: checkpoint('first', 1) });
      const r = h.get('r');
      assert.deepEqual(r.usage, { inputTokens: 20, outputTokens: 10, turns: 2, runtimeMs: 200 });
      assert.equal(r.checkpoints.length, 1);
      assert.equal(r.lastCheckpoint?.summary, 'first');
    });
  });

  describe('complete', () => {
    it('delivers the result into the parent inbox in the same transition and wakes the parent', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'recordProgress', taskId: 'c', ownUsage: { inputTokens: 7, outputTokens: 3, turns: 2, runtimeMs: 50 } });
      const out = h.apply({ type: 'complete', taskId: 'c', result: result('child done'), ownerId: 'w1' });
      assert.deepEqual(new Set(out.changed), new Set(['c', 'p']));
      const p = h.get('p');
      assert.equal(h.get('c').status, 'completed');
      assert.equal(p.status, 'active');
      assert.equal(p.awaitingChildId, null);
      assert.equal(p.pendingToolCallId, null);
      assert.equal(p.inbox.length, 1);
      const msg = p.inbox[0];
      assert.ok(msg && msg.kind === 'child_result');
      assert.equal(msg.toolCallId, 'call-c');
      assert.equal(msg.outcome, 'completed');
      assert.equal(msg.result.summary, 'child done');
      assert.equal(p.usage.inputTokens, 7, 'child usage rolls up into the parent');
      assert.equal(p.lease?.ownerId, 'w1');
      assert.deepEqual(out.effects, [
        { type: 'delivered', parentId: 'p', childId: 'c', toolCallId: 'call-c', assignment: 1, outcome: 'completed' },
        { type: 'run', taskId: 'p' },
      ]);
    });
    it('a repeated completion is a no-op (exactly once)', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'complete', taskId: 'c', result: result('once') });
      h.noop({ type: 'complete', taskId: 'c', result: result('twice') });
      assert.equal(h.get('p').inbox.length, 1);
    });
    it('a stale completion from a child the parent no longer awaits leaves the parent untouched', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      h.apply({ type: 'abandon', taskId: 'c' });
      h.delegate('p', 'd');
      const parentBefore = h.get('p');
      h.noop({ type: 'complete', taskId: 'c', result: result('late') });
      assert.equal(h.get('p'), parentBefore);
      assert.equal(h.get('p').awaitingChildId, 'd');
    });
    it('refuses to complete a paused task', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'interrupt', taskId: 'r', reason: 'user_stop' });
      h.refused({ type: 'complete', taskId: 'r', result: result('x') }, 'invalid_transition');
    });
    it('a root completes with no parent effects', () => {
      const h = new Harness().root('r');
      const out = h.apply({ type: 'complete', taskId: 'r', result: result('ok') });
      assert.deepEqual(out.changed, ['r']);
      assert.deepEqual(out.effects, []);
      assert.ok(h.get('r').completedAt);
    });
  });

  describe('interrupt (Stop)', () => {
    it('interrupts the child, keeps its parent link and leaves the parent delegated', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      const parentBefore = h.get('p');
      const out = h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      assert.deepEqual(out.changed, ['c']);
      assert.deepEqual(out.effects, [{ type: 'abort', taskId: 'c' }]);
      const c = h.get('c');
      assert.equal(c.status, 'interrupted');
      assert.equal(c.interruptReason, 'user_stop');
      assert.equal(c.parentId, 'p');
      assert.equal(c.lease, null);
      assert.equal(h.get('p'), parentBefore);
    });
    it('a repeated Stop is a no-op', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      h.noop({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      h.noop({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
    });
    it('Stop on a delegated task stops the running task at the bottom of its chain', () => {
      const h = new Harness().root('a').delegate('a', 'b', { role: 'orchestrator' }).delegate('b', 'c');
      const out = h.apply({ type: 'interrupt', taskId: 'a', reason: 'user_stop' });
      assert.deepEqual(out.changed, ['c']);
      assert.equal(h.get('c').status, 'interrupted');
      assert.equal(h.get('b').status, 'delegated');
      assert.equal(h.get('a').status, 'delegated');
    });
    it('Stop on a root task changes nothing else', () => {
      const h = new Harness().root('r').root('other');
      const out = h.apply({ type: 'interrupt', taskId: 'r', reason: 'user_stop' });
      assert.deepEqual(out.changed, ['r']);
      assert.equal(h.get('other').status, 'active');
    });
    it('stops a task waiting for the user: it stops asking, and Resume sets it going again', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'awaitUser', taskId: 'r', toolCallId: 'q1', question: 'Which file?' });
      // A closed window or a crash leaves the question waiting for its answer.
      h.noop({ type: 'interrupt', taskId: 'r', reason: 'editor_closed' });
      const out = h.apply({ type: 'interrupt', taskId: 'r', reason: 'user_stop' });
      assert.deepEqual(out.effects, [], 'nothing runs, so nothing is aborted');
      const stopped = h.get('r');
      assert.equal(stopped.status, 'interrupted');
      assert.equal(stopped.interruptReason, 'user_stop');
      assert.equal(stopped.awaitingUser, null);
      h.noop({ type: 'interrupt', taskId: 'r', reason: 'user_stop' });
      assert.deepEqual(h.apply({ type: 'resume', taskId: 'r', ownerId: 'w1' }).effects, [{ type: 'run', taskId: 'r' }]);
      assert.equal(h.get('r').status, 'active');
    });
    it('stops the asking task it is aimed at, but a question below it keeps waiting for its answer', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'awaitUser', taskId: 'c', toolCallId: 'q', question: 'Which file?' });
      h.noop({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      assert.equal(h.get('c').awaitingUser?.question, 'Which file?');
      h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      assert.equal(h.get('c').status, 'interrupted');
      assert.equal(h.get('p').status, 'delegated', 'its parent keeps waiting for it (invariant 3)');
    });
  });

  describe('budgetExhausted', () => {
    it('parks the task as needs_continuation with its checkpoint, parent still waiting', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'budgetExhausted', taskId: 'c', reason: 'turns', checkpoint: checkpoint('half way') });
      const c = h.get('c');
      assert.equal(c.status, 'needs_continuation');
      assert.equal(c.budgetReason, 'turns');
      assert.equal(c.lastCheckpoint?.summary, 'half way');
      assert.equal(h.get('p').status, 'delegated');
      h.noop({ type: 'budgetExhausted', taskId: 'c', reason: 'turns', checkpoint: checkpoint('again') });
    });
  });

  describe('fail', () => {
    it('marks the task failed, keeps the parent link, and is idempotent', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'fail', taskId: 'c', failure: { message: 'provider down', code: 'overloaded' } });
      assert.equal(h.get('c').status, 'failed');
      assert.equal(h.get('c').parentId, 'p');
      assert.equal(h.get('p').awaitingChildId, 'c');
      h.noop({ type: 'fail', taskId: 'c', failure: { message: 'again' } });
    });
  });

  describe('resume', () => {
    for (const pause of ['interrupt', 'fail', 'budget'] as const) {
      it(`resumes a ${pause} child, which still reports back to its parent`, () => {
        const h = new Harness().root('p').delegate('p', 'c');
        if (pause === 'interrupt') h.apply({ type: 'interrupt', taskId: 'c', reason: 'crash' });
        if (pause === 'fail') h.apply({ type: 'fail', taskId: 'c', failure: { message: 'x' } });
        if (pause === 'budget') h.apply({ type: 'budgetExhausted', taskId: 'c', reason: 'runtime', checkpoint: checkpoint('cp') });
        const out = h.apply({ type: 'resume', taskId: 'c', ownerId: 'w2' });
        assert.deepEqual(out.effects, [{ type: 'run', taskId: 'c' }]);
        const c = h.get('c');
        assert.equal(c.status, 'active');
        assert.equal(c.lease?.ownerId, 'w2');
        assert.equal(c.interruptReason ?? c.failure ?? c.budgetReason, null);
        h.noop({ type: 'resume', taskId: 'c' });
        h.apply({ type: 'complete', taskId: 'c', result: result('back') });
        assert.equal(h.get('p').status, 'active');
        assert.equal(h.get('p').inbox.length, 1);
      });
    }
    it('Continue takes a new budget counted from the current usage; the checkpoint stays', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'recordProgress', taskId: 'r', ownUsage: { inputTokens: 1, outputTokens: 1, turns: 5, runtimeMs: 900 } });
      h.apply({ type: 'budgetExhausted', taskId: 'r', reason: 'turns', checkpoint: checkpoint('cp1') });
      const budget = { maxTurns: 3, maxRuntimeMs: 1000, responseTimeoutMs: 500 };
      h.apply({ type: 'resume', taskId: 'r', budget });
      const r = h.get('r');
      assert.deepEqual(r.budget, budget);
      assert.deepEqual(r.budgetBaseline, { turns: 5, runtimeMs: 900 });
      assert.equal(r.lastCheckpoint?.summary, 'cp1');
    });
    it('Resume on a delegated parent resumes the paused task at the bottom of its chain', () => {
      const h = new Harness().root('a').delegate('a', 'b', { role: 'orchestrator' }).delegate('b', 'c');
      h.apply({ type: 'interrupt', taskId: 'a', reason: 'user_stop' });
      const out = h.apply({ type: 'resume', taskId: 'a' });
      assert.deepEqual(out.changed, ['c']);
      assert.equal(h.get('c').status, 'active');
    });
    it('refuses completed and abandoned tasks with a clear reason', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      h.apply({ type: 'abandon', taskId: 'c' });
      assert.match(h.refused({ type: 'resume', taskId: 'c' }, 'invalid_transition'), /abandoned/);
      h.apply({ type: 'complete', taskId: 'p', result: result('ok') });
      assert.match(h.refused({ type: 'resume', taskId: 'p' }, 'invalid_transition'), /follow-up/);
    });
  });

  describe('abandon', () => {
    it('detaches a paused child: parent active with an "abandoned" result carrying partial work', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'recordProgress', taskId: 'c', checkpoint: checkpoint('wrote b.ts') });
      h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      const out = h.apply({ type: 'abandon', taskId: 'c', partial: { outputTail: 'last words', filesWritten: ['c.ts'] } });
      assert.equal(h.get('c').status, 'abandoned');
      const p = h.get('p');
      assert.equal(p.status, 'active');
      const msg = p.inbox[0];
      assert.ok(msg && msg.kind === 'child_result');
      assert.equal(msg.outcome, 'abandoned');
      assert.equal(msg.toolCallId, 'call-c');
      assert.match(msg.result.summary, /abandoned.*wrote b\.ts/);
      assert.deepEqual(msg.result.filesWritten, ['b.ts', 'c.ts']);
      assert.equal(msg.result.outputTail, 'last words');
      assert.ok(out.effects.some((e) => e.type === 'run' && e.taskId === 'p'));
      h.noop({ type: 'abandon', taskId: 'c' });
    });
    it('refuses a running child (stop first), a root, and a completed child', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      assert.match(h.refused({ type: 'abandon', taskId: 'c' }, 'child_running'), /stop it first/);
      h.refused({ type: 'abandon', taskId: 'p' }, 'not_a_child');
      h.apply({ type: 'complete', taskId: 'c', result: result('r') });
      h.refused({ type: 'abandon', taskId: 'c' }, 'invalid_transition');
    });
    it('an abandoned child can never be reattached', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      h.apply({ type: 'abandon', taskId: 'c' });
      h.refused({ type: 'resume', taskId: 'c' }, 'invalid_transition');
      h.refused({ type: 'start', taskId: 'c', ownerId: 'w1', leaseTtlMs: 1000 }, 'invalid_transition');
      h.noop({ type: 'complete', taskId: 'c', result: result('late') });
      assert.equal(h.get('p').inbox.length, 1);
    });
  });

  describe('followUp and awaitUser', () => {
    it('a follow-up reopens a completed root with the message in its inbox', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'complete', taskId: 'r', result: result('v1') });
      h.apply({ type: 'followUp', taskId: 'r', messageId: 'm1', text: 'also do X', ownerId: 'w1' });
      const r = h.get('r');
      assert.equal(r.status, 'active');
      assert.equal(r.completedAt, null);
      assert.deepEqual(r.inbox.map((m) => m.kind), ['user_message']);
      h.noop({ type: 'followUp', taskId: 'r', messageId: 'm1', text: 'also do X' });
    });
    it('an answer clears the question and wakes the root', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'awaitUser', taskId: 'r', toolCallId: 'q', question: 'A or B?' });
      assert.equal(h.get('r').lease, null);
      const out = h.apply({ type: 'followUp', taskId: 'r', messageId: 'm', text: 'B', ownerId: 'w1' });
      assert.equal(h.get('r').awaitingUser, null);
      assert.deepEqual(out.effects, [{ type: 'run', taskId: 'r' }]);
    });
    it('a subtask takes a message only as the answer to its question; a delegated root takes none', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      assert.match(h.refused({ type: 'followUp', taskId: 'c', messageId: 'm', text: 'x' }, 'invalid_transition'), /reports to its parent/);
      h.refused({ type: 'followUp', taskId: 'p', messageId: 'm', text: 'x' }, 'parent_busy');
    });
    it('a subtask may ask the user: it stops running, its parent keeps waiting, the answer wakes it', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'awaitUser', taskId: 'c', toolCallId: 'q', question: 'Which file?' });
      assert.equal(h.get('c').lease, null);
      assert.equal(h.get('p').status, 'delegated');
      h.noop({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      h.now += 60_000;
      h.noop({ type: 'reconcile', leaseTtlMs: 30_000 });
      const out = h.apply({ type: 'followUp', taskId: 'c', messageId: 'a', text: 'b.ts', ownerId: 'w2' });
      assert.deepEqual(out.effects, [{ type: 'run', taskId: 'c' }]);
      assert.equal(h.get('c').awaitingUser, null);
      assert.equal(h.get('c').lease?.ownerId, 'w2');
      h.noop({ type: 'followUp', taskId: 'c', messageId: 'a', text: 'b.ts' });
    });
  });

  describe('delete', () => {
    it('deleting an awaited child reports it deleted, with its partial work: the parent continues', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'recordProgress', taskId: 'c', checkpoint: checkpoint('wrote b.ts') });
      const out = h.apply({ type: 'delete', taskId: 'c', partial: { outputTail: 'last words', filesWritten: ['c.ts'] } });
      assert.equal(h.tasks['c'], undefined);
      const p = h.get('p');
      assert.equal(p.status, 'active');
      assert.deepEqual(p.childIds, []);
      const msg = p.inbox[0];
      assert.ok(msg && msg.kind === 'child_result' && msg.outcome === 'deleted');
      assert.match(msg.result.summary, /deleted this subtask.*wrote b\.ts/);
      assert.deepEqual(msg.result.filesWritten, ['b.ts', 'c.ts']);
      assert.equal(msg.result.outputTail, 'last words');
      assert.deepEqual(
        out.effects.map((e) => e.type),
        ['delivered', 'run', 'abort', 'removed'],
      );
    });
    it('deleting a root removes its whole tree and aborts running descendants; repeat is a no-op', () => {
      const h = new Harness().root('a').delegate('a', 'b', { role: 'orchestrator' }).delegate('b', 'c').root('z');
      const out = h.apply({ type: 'delete', taskId: 'a' });
      assert.deepEqual(new Set(out.removed), new Set(['a', 'b', 'c']));
      assert.ok(out.effects.some((e) => e.type === 'abort' && e.taskId === 'c'));
      assert.deepEqual(Object.keys(h.tasks), ['z']);
      h.noop({ type: 'delete', taskId: 'a' });
    });
  });

  describe('reconcile (start-up)', () => {
    it('interrupts active tasks whose lease expired, as editor_closed; leaves live leases alone', () => {
      const h = new Harness().root('mine', 'gone').root('theirs', 'live');
      h.apply({ type: 'createRoot', id: 'unleased', title: 'u', goal: 'g' });
      h.now += 60_000;
      h.apply({ type: 'heartbeat', taskId: 'theirs', ownerId: 'live' });
      const out = h.apply({ type: 'reconcile', leaseTtlMs: 30_000 });
      assert.deepEqual(new Set(out.changed), new Set(['mine', 'unleased']));
      assert.equal(h.get('mine').interruptReason, 'editor_closed');
      assert.equal(h.get('theirs').status, 'active');
      assert.deepEqual(out.effects, []);
      h.noop({ type: 'reconcile', leaseTtlMs: 30_000 });
    });
    it('an interrupted child found at start-up keeps its parent waiting, and resumes to report back', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.now += 60_000;
      h.apply({ type: 'reconcile', leaseTtlMs: 30_000 });
      assert.equal(h.get('c').status, 'interrupted');
      assert.equal(h.get('p').status, 'delegated');
      h.apply({ type: 'resume', taskId: 'c', ownerId: 'w2' });
      h.apply({ type: 'complete', taskId: 'c', result: result('after restart') });
      assert.equal(h.get('p').status, 'active');
    });
    it('leaves a root that waits for the user alone', () => {
      const h = new Harness().root('r');
      h.apply({ type: 'awaitUser', taskId: 'r', toolCallId: 'q', question: '?' });
      h.now += 60_000;
      h.noop({ type: 'reconcile', leaseTtlMs: 30_000 });
    });
  });
});
