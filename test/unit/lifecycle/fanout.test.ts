/** The lifecycle of a parent that supervises several children: issue 10's commands, one behaviour per test. */
import assert from 'node:assert/strict';
import { MAX_BATCH } from '../../../src/core/lifecycle';
import { Harness, result, type Cmd } from './harness';

const usage = (inputTokens: number) => ({ inputTokens, outputTokens: 2, turns: 1, runtimeMs: 100 });
const checkpoint = (summary: string) => ({ summary, filesRead: [], filesWritten: ['half.ts'], at: 5 });

describe('lifecycle: fan-out and supervision', () => {
  describe('delegate a batch', () => {
    it('creates every child in one commit; the parent waits for all of them, in order, answering one call', () => {
      const h = new Harness().root('p');
      const out = h.apply({
        type: 'delegate',
        parentId: 'p',
        toolCallId: 'call-1',
        children: ['a', 'b', 'c'].map((id) => ({ childId: id, title: id, goal: `do ${id}` })),
        ownerId: 'w1',
      });
      assert.deepEqual(new Set(out.changed), new Set(['p', 'a', 'b', 'c']));
      assert.deepEqual(out.effects, ['a', 'b', 'c'].map((taskId) => ({ type: 'run', taskId })));
      const p = h.get('p');
      assert.equal(p.status, 'delegated');
      assert.equal(p.lease, null);
      assert.deepEqual(p.awaiting, ['a', 'b', 'c'].map((childId) => ({ childId, toolCallId: 'call-1', until: null, wakeOn: [] })));
      for (const id of ['a', 'b', 'c']) {
        const c = h.get(id);
        assert.deepEqual([c.status, c.lease?.ownerId, c.reportTo, c.assignment], ['active', 'w1', { toolCallId: 'call-1' }, 1]);
      }
    });

    it('the parent wakes once the last child of the batch has an outcome, with one result per child under the call', () => {
      const h = new Harness().root('p').batch('p', ['a', 'b'], { toolCallId: 'call-1' });
      const first = h.apply({ type: 'complete', taskId: 'b', result: result('b done'), ownerId: 'w1' });
      assert.ok(!first.effects.some((e) => e.type === 'run'), 'still waiting for a');
      h.apply({ type: 'interrupt', taskId: 'a', reason: 'user_stop' });
      h.apply({ type: 'abandon', taskId: 'a', ownerId: 'w2' });
      const p = h.get('p');
      assert.equal(p.status, 'active');
      assert.equal(p.lease?.ownerId, 'w2');
      assert.deepEqual(h.results('p').map((m) => [m.childId, m.toolCallId, m.outcome]), [['b', 'call-1', 'completed'], ['a', 'call-1', 'abandoned']]);
    });

    it(`refuses an empty batch, more than ${MAX_BATCH} children, a repeated id, and an id that exists; a repeat is a no-op`, () => {
      const h = new Harness().root('p').root('taken');
      const batch = (ids: string[]): Cmd => ({ type: 'delegate', parentId: 'p', toolCallId: 't', children: ids.map((childId) => ({ childId, title: childId, goal: 'g' })) });
      h.refused(batch([]), 'invalid_transition');
      const tooMany = h.refused(batch(Array.from({ length: MAX_BATCH + 1 }, (_, i) => `k${i}`)), 'batch_too_large');
      assert.match(tooMany, /17 subtasks in one delegation are more than the 16 allowed/);
      h.refused(batch(['x', 'x']), 'already_exists');
      h.refused(batch(['y', 'taken']), 'already_exists');
      assert.equal(h.tasks['y'], undefined, 'nothing of a refused batch is created');
      h.apply(batch(['y', 'z']));
      h.noop(batch(['y', 'z']));
    });

    it('refuses a parent waiting for the user, and checks depth for the whole batch', () => {
      const h = new Harness().root('p');
      h.apply({ type: 'awaitUser', taskId: 'p', toolCallId: 'q', question: '?' });
      assert.match(h.refused({ type: 'delegate', parentId: 'p', toolCallId: 't', children: [{ childId: 'c', title: 'c', goal: 'g' }] }, 'invalid_transition'), /waiting for your answer/);
      const d = new Harness().root('a');
      d.refused({ type: 'delegate', parentId: 'a', toolCallId: 't', maxDepth: 0, children: [{ childId: 'b', title: 'b', goal: 'g' }, { childId: 'c', title: 'c', goal: 'g' }] }, 'depth_exceeded');
    });
  });

  describe('delegate in the background', () => {
    it('the running parent keeps running; the outcome lands in its inbox without waking or blocking it', () => {
      const h = new Harness().root('p').batch('p', ['bg'], { wait: false, toolCallId: 'call-bg' });
      const p = h.get('p');
      assert.equal(p.status, 'active');
      assert.equal(p.lease?.ownerId, 'w1');
      assert.deepEqual(p.awaiting, []);
      assert.deepEqual(h.get('bg').reportTo, { toolCallId: 'call-bg' });
      const out = h.apply({ type: 'complete', taskId: 'bg', result: result('found it') });
      assert.deepEqual(out.effects, [{ type: 'delivered', parentId: 'p', childId: 'bg', toolCallId: 'call-bg', assignment: 1, outcome: 'completed' }]);
      assert.equal(h.get('p').status, 'active');
      assert.equal(h.get('p').lease?.ownerId, 'w1', 'the running parent keeps its lease');
      assert.equal(h.results('p', 'bg').length, 1);
    });

    it('is refused unless the parent is running', () => {
      const h = new Harness().root('p');
      h.apply({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      const msg = h.refused({ type: 'delegate', parentId: 'p', toolCallId: 't', wait: false, children: [{ childId: 'c', title: 'c', goal: 'g' }] }, 'invalid_transition');
      assert.match(msg, /only a running task can start subtasks in the background/);
    });

    it('a parent whose background child reports while it is stopped still has the result when resumed', () => {
      const h = new Harness().root('p').batch('p', ['bg'], { wait: false });
      h.apply({ type: 'interrupt', taskId: 'p', reason: 'crash' });
      assert.equal(h.get('bg').status, 'active', 'a crashed runner stops only its own task');
      h.apply({ type: 'complete', taskId: 'bg', result: result('done') });
      assert.equal(h.get('p').status, 'interrupted');
      assert.equal(h.results('p', 'bg').length, 1);
    });
  });

  describe('interrupt (Stop) on a parent', () => {
    it('stops every running task in the subtree, leaves one waiting for the user, and never the parent above', () => {
      const h = new Harness().root('r').delegate('r', 'p', { role: 'orchestrator' });
      h.batch('p', ['a', 'b', 'asking'], { wait: false }).batch('p', ['w'], { toolCallId: 'call-w' });
      h.apply({ type: 'awaitUser', taskId: 'asking', toolCallId: 'q', question: '?' });
      const root = h.get('r');
      const out = h.apply({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      assert.deepEqual(new Set(out.changed), new Set(['a', 'b', 'w']));
      assert.deepEqual(new Set(out.effects.map((e) => e.type === 'abort' && e.taskId)), new Set(['a', 'b', 'w']));
      for (const id of ['a', 'b', 'w']) assert.equal(h.get(id).interruptReason, 'user_stop');
      assert.equal(h.get('asking').status, 'active');
      assert.equal(h.get('p').status, 'delegated', 'the stopped parent still waits for its outcomes');
      assert.equal(h.get('r'), root);
    });

    it('a stopped waiting parent no longer wakes itself on a deadline or an event', () => {
      const h = new Harness().root('p').batch('p', ['a'], { wait: false });
      h.apply({ type: 'awaitChildren', taskId: 'p', toolCallId: 'wait-1', until: h.now + 60_000, wakeOn: ['tool_call'] });
      h.apply({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      assert.deepEqual(h.get('p').awaiting, [{ childId: 'a', toolCallId: 'wait-1', until: null, wakeOn: [] }]);
      h.noop({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
    });

    it('a closed window stops only the task it ran', () => {
      const h = new Harness().root('p').batch('p', ['a'], { wait: false });
      assert.deepEqual(h.apply({ type: 'interrupt', taskId: 'p', reason: 'editor_closed' }).changed, ['p']);
    });
  });

  describe('stopSubtask (stop_subtask)', () => {
    it('interrupts the child and its running subtree, and hands the parent "stopped" with the partial work', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false, role: 'orchestrator', toolCallId: 'call-c' });
      h.batch('c', ['g'], { wait: false });
      h.apply({ type: 'recordProgress', taskId: 'c', checkpoint: checkpoint('half way') });
      const out = h.apply({ type: 'stopSubtask', parentId: 'p', childId: 'c', partial: { outputTail: 'was writing', filesWritten: ['a.ts'] }, ownerId: 'w1' });
      assert.deepEqual(new Set(out.changed), new Set(['p', 'c', 'g']));
      assert.deepEqual([h.get('c').status, h.get('c').interruptReason, h.get('g').interruptReason], ['interrupted', 'parent_stop', 'parent_stop']);
      const [msg] = h.results('p', 'c');
      assert.ok(msg);
      assert.deepEqual([msg.outcome, msg.toolCallId, msg.assignment], ['stopped', 'call-c', 1]);
      assert.match(msg.result.summary, /parent stopped this subtask.*half way/);
      assert.deepEqual(msg.result.filesWritten, ['half.ts', 'a.ts']);
      assert.equal(h.get('c').reportTo, null);
      h.noop({ type: 'stopSubtask', parentId: 'p', childId: 'c', partial: { outputTail: 'again' } });
    });

    it('after the runtime committed the interrupt first, it delivers the same way (both orders end alike)', () => {
      const a = new Harness().root('p').batch('p', ['c'], { wait: false });
      a.apply({ type: 'interrupt', taskId: 'c', reason: 'parent_stop' });
      a.apply({ type: 'stopSubtask', parentId: 'p', childId: 'c', partial: { outputTail: 'tail' } });
      const b = new Harness().root('p').batch('p', ['c'], { wait: false });
      b.apply({ type: 'stopSubtask', parentId: 'p', childId: 'c', partial: { outputTail: 'tail' } });
      const shape = (h: Harness) => [h.get('c').status, h.get('c').interruptReason, h.results('p', 'c').map((m) => [m.outcome, m.result.summary, m.result.outputTail])];
      assert.deepEqual(shape(a), shape(b));
    });

    it('a child that waits on its own subtasks stays waiting; when they report it is interrupted, not run unasked', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false, role: 'orchestrator' }).delegate('c', 'g');
      h.apply({ type: 'stopSubtask', parentId: 'p', childId: 'c' });
      assert.equal(h.get('c').status, 'delegated');
      h.apply({ type: 'resume', taskId: 'g' });
      const out = h.apply({ type: 'complete', taskId: 'g', result: result('g') });
      assert.ok(!out.effects.some((e) => e.type === 'run'));
      assert.deepEqual([h.get('c').status, h.get('c').interruptReason], ['interrupted', 'parent_stop']);
    });

    it('stops a child waiting for the user too', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false });
      h.apply({ type: 'awaitUser', taskId: 'c', toolCallId: 'q', question: '?' });
      h.apply({ type: 'stopSubtask', parentId: 'p', childId: 'c' });
      assert.deepEqual([h.get('c').status, h.get('c').awaitingUser], ['interrupted', null]);
    });

    it('refuses a task that is not this parent’s child', () => {
      const h = new Harness().root('p').root('q').batch('q', ['c'], { wait: false });
      assert.match(h.refused({ type: 'stopSubtask', parentId: 'p', childId: 'c' }, 'not_a_child'), /"c" is not a subtask of "p"/);
    });
  });

  describe('continueSubtask (continue_subtask)', () => {
    it('gives a completed child a new assignment with the message, a fresh budget and its own conversation', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'complete', taskId: 'c', result: result('v1'), ownUsage: usage(40) });
      const budget = { maxTurns: 5, maxRuntimeMs: 60_000, responseTimeoutMs: 10_000 };
      const out = h.apply({ type: 'continueSubtask', parentId: 'p', childId: 'c', toolCallId: 'cont-1', messageId: 'm1', text: 'now add tests', budget, wait: true, ownerId: 'w1' });
      assert.deepEqual(out.effects, [{ type: 'run', taskId: 'c' }]);
      const c = h.get('c');
      assert.deepEqual([c.status, c.assignment, c.reportTo, c.completedAt, c.lease?.ownerId], ['active', 2, { toolCallId: 'cont-1' }, null, 'w1']);
      assert.deepEqual(c.budget, budget);
      assert.deepEqual(c.budgetBaseline, { turns: 1, runtimeMs: 100 });
      assert.deepEqual(c.inbox.map((m) => m.kind === 'user_message' && m.text), ['now add tests']);
      assert.deepEqual(h.get('p').awaiting.map((e) => [e.childId, e.toolCallId]), [['c', 'cont-1']]);
      h.noop({ type: 'continueSubtask', parentId: 'p', childId: 'c', toolCallId: 'cont-1', messageId: 'm1', text: 'now add tests', wait: true });
      h.apply({ type: 'complete', taskId: 'c', result: result('v2'), ownUsage: usage(90) });
      assert.deepEqual(h.results('p', 'c').map((m) => [m.assignment, m.toolCallId, m.usage.inputTokens]), [[1, 'call-c', 40], [2, 'cont-1', 50]]);
      assert.equal(h.get('p').status, 'active');
    });

    it('supersedes an assignment still owed: it is first delivered as "stopped"', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false, toolCallId: 'call-c' });
      h.apply({ type: 'budgetExhausted', taskId: 'c', reason: 'turns', checkpoint: checkpoint('a third') });
      h.apply({ type: 'continueSubtask', parentId: 'p', childId: 'c', toolCallId: 'cont', messageId: 'm', text: 'only the parser', wait: false, partial: { outputTail: 'so far' } });
      const [first] = h.results('p', 'c');
      assert.ok(first);
      assert.deepEqual([first.outcome, first.assignment, first.toolCallId], ['stopped', 1, 'call-c']);
      assert.match(first.result.summary, /replaced by a new one/);
      assert.deepEqual([h.get('c').status, h.get('c').budgetReason, h.get('c').assignment], ['active', null, 2]);
      assert.equal(h.get('p').status, 'active', 'without wait the parent keeps running');
    });

    it('refuses an abandoned, running or waiting child, a child of another parent, and a parent that is not running', () => {
      const cont = (childId: string, parentId = 'p'): Cmd => ({ type: 'continueSubtask', parentId, childId, toolCallId: 't', messageId: `m-${childId}`, text: 'x', wait: true });
      const h = new Harness().root('p').batch('p', ['run', 'gone', 'mid'], { wait: false, role: 'orchestrator' }).root('q');
      h.delegate('mid', 'g');
      h.apply({ type: 'interrupt', taskId: 'gone', reason: 'user_stop' });
      h.apply({ type: 'abandon', taskId: 'gone' });
      h.refused(cont('gone'), 'invalid_transition');
      h.refused(cont('run'), 'child_running');
      assert.match(h.refused(cont('mid'), 'invalid_transition'), /waiting on its own subtasks/);
      h.refused(cont('run', 'q'), 'not_a_child');
      h.apply({ type: 'interrupt', taskId: 'run', reason: 'user_stop' });
      h.apply({ type: 'awaitUser', taskId: 'p', toolCallId: 'q', question: '?' });
      assert.match(h.refused(cont('run'), 'invalid_transition'), /only a running task can continue its subtasks/);
    });
  });

  describe('awaitChildren (wait_for_subtasks) and wake', () => {
    it('blocks the running parent on the named children that still owe it, with a deadline and wake events', () => {
      const h = new Harness().root('p').batch('p', ['a', 'b', 'c'], { wait: false });
      h.apply({ type: 'complete', taskId: 'b', result: result('b') });
      h.apply({ type: 'awaitChildren', taskId: 'p', toolCallId: 'wait-1', childIds: ['b', 'c', 'a'], until: 99_000, wakeOn: ['tool_call', 'stalled'] });
      const p = h.get('p');
      assert.equal(p.status, 'delegated');
      assert.equal(p.lease, null);
      assert.deepEqual(p.awaiting.map((e) => [e.childId, e.toolCallId, e.until, e.wakeOn]), [
        ['c', 'wait-1', 99_000, ['tool_call', 'stalled']],
        ['a', 'wait-1', 99_000, ['tool_call', 'stalled']],
      ]);
      h.noop({ type: 'awaitChildren', taskId: 'p', toolCallId: 'wait-1', childIds: ['b', 'c', 'a'] });
    });

    it('with no child left owing it, nothing changes (the runtime answers at once)', () => {
      const h = new Harness().root('p').batch('p', ['a'], { wait: false });
      h.apply({ type: 'complete', taskId: 'a', result: result('a') });
      h.noop({ type: 'awaitChildren', taskId: 'p', toolCallId: 'wait-1' });
    });

    it('wake ends the wait of that call: the parent runs again, its children still owe it', () => {
      const h = new Harness().root('p').batch('p', ['a', 'b'], { wait: false });
      h.apply({ type: 'awaitChildren', taskId: 'p', toolCallId: 'wait-1', wakeOn: ['tool_call'] });
      h.noop({ type: 'wake', taskId: 'p', toolCallId: 'other' });
      const out = h.apply({ type: 'wake', taskId: 'p', toolCallId: 'wait-1', ownerId: 'w2' });
      assert.deepEqual(out.effects, [{ type: 'run', taskId: 'p' }]);
      assert.deepEqual([h.get('p').status, h.get('p').lease?.ownerId, h.get('p').awaiting], ['active', 'w2', []]);
      assert.deepEqual(h.get('a').reportTo, { toolCallId: 'call-a+b' });
      h.noop({ type: 'wake', taskId: 'p', toolCallId: 'wait-1' });
    });

    it('several calls of one turn block in one transition, each on its own children, a child awaited once', () => {
      const h = new Harness().root('p');
      h.batch('p', ['a', 'b'], { wait: false, toolCallId: 'call-1' }).batch('p', ['c', 'd'], { wait: false, toolCallId: 'call-2' }).batch('p', ['e'], { wait: false, toolCallId: 'call-3' });
      // A child of the second call finished before the turn ended; the third call's child too.
      h.apply({ type: 'complete', taskId: 'c', result: result('c') });
      h.apply({ type: 'complete', taskId: 'e', result: result('e') });
      const turn: Cmd = {
        type: 'awaitChildren',
        taskId: 'p',
        toolCallId: 'call-1',
        childIds: ['a', 'b'],
        more: [
          { toolCallId: 'call-2', childIds: ['c', 'd'] },
          { toolCallId: 'call-3', childIds: ['e'] },
          { toolCallId: 'wait-4', until: h.now + 60_000, wakeOn: ['tool_call'] },
        ],
      };
      h.apply(turn);
      const p = h.get('p');
      assert.equal(p.status, 'delegated');
      assert.deepEqual(p.awaiting.map((e) => [e.childId, e.toolCallId, e.until]), [['a', 'call-1', null], ['b', 'call-1', null], ['d', 'call-2', null]]);
      h.noop(turn);
      h.apply({ type: 'complete', taskId: 'a', result: result('a') });
      h.apply({ type: 'complete', taskId: 'b', result: result('b') });
      assert.equal(h.get('p').status, 'delegated', 'still waiting for the second call');
      h.apply({ type: 'complete', taskId: 'd', result: result('d') });
      assert.equal(h.get('p').status, 'active');
      assert.deepEqual(h.results('p').map((m) => [m.childId, m.toolCallId]), [['c', 'call-2'], ['e', 'call-3'], ['a', 'call-1'], ['b', 'call-1'], ['d', 'call-2']]);
    });

    it('several calls with no child owing any of them change nothing', () => {
      const h = new Harness().root('p').batch('p', ['a'], { wait: false, toolCallId: 'call-1' });
      h.apply({ type: 'complete', taskId: 'a', result: result('a') });
      h.noop({ type: 'awaitChildren', taskId: 'p', toolCallId: 'call-1', childIds: ['a'], more: [{ toolCallId: 'wait-2' }] });
    });

    it('refuses a parent that is not running, and a child that is not its own', () => {
      const h = new Harness().root('p').root('q').batch('q', ['c'], { wait: false });
      h.refused({ type: 'awaitChildren', taskId: 'p', toolCallId: 'w', childIds: ['c'] }, 'not_a_child');
      h.apply({ type: 'interrupt', taskId: 'q', reason: 'crash' });
      h.refused({ type: 'awaitChildren', taskId: 'q', toolCallId: 'w' }, 'invalid_transition');
    });
  });

  describe('fail', () => {
    it('reported: the child stays failed (resumable), the parent gets "failed" with the error and partial work, and wakes', () => {
      const h = new Harness().root('p').batch('p', ['a', 'b']);
      h.apply({ type: 'complete', taskId: 'a', result: result('a') });
      h.apply({ type: 'recordProgress', taskId: 'b', checkpoint: checkpoint('parsed half') });
      const failure = { message: 'The provider is overloaded (529)', code: 'overloaded' };
      const out = h.apply({ type: 'fail', taskId: 'b', failure, report: true, partial: { outputTail: 'partial' }, ownerId: 'w1' });
      assert.ok(out.effects.some((e) => e.type === 'run' && e.taskId === 'p'));
      assert.deepEqual([h.get('b').status, h.get('b').failure, h.get('b').reportTo], ['failed', failure, null]);
      const msg = h.results('p', 'b')[0];
      assert.ok(msg);
      assert.deepEqual([msg.outcome, msg.failure], ['failed', failure]);
      assert.match(msg.result.summary, /^This subtask failed: The provider is overloaded \(529\)\. Its last checkpoint: parsed half/);
      assert.equal(h.get('p').status, 'active');
      h.noop({ type: 'fail', taskId: 'b', failure, report: true });
    });

    it('not reported: the parent keeps waiting for the user, as before', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'fail', taskId: 'c', failure: { message: 'x' }, report: false });
      assert.equal(h.get('p').status, 'delegated');
      assert.deepEqual(h.results('p'), []);
    });
  });

  describe('resume', () => {
    it('on a delegated parent resumes every paused child it waits for ("Resume all"), down the chains', () => {
      const h = new Harness().root('p').batch('p', ['a', 'b', 'm'], { role: 'orchestrator' }).delegate('m', 'g');
      h.apply({ type: 'complete', taskId: 'b', result: result('b') });
      h.apply({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      const out = h.apply({ type: 'resume', taskId: 'p', ownerId: 'w2' });
      assert.deepEqual(new Set(out.changed), new Set(['a', 'g']));
      assert.ok(['a', 'g'].every((id) => h.get(id).status === 'active' && h.get(id).lease?.ownerId === 'w2'));
    });

    it('with a message, the resumed task finds it in its inbox (a root or a child)', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
      h.apply({ type: 'resume', taskId: 'c', message: { id: 'm1', text: 'use the v2 API' } });
      assert.deepEqual(h.get('c').inbox.map((m) => m.kind === 'user_message' && [m.id, m.text]), [['m1', 'use the v2 API']]);
      h.noop({ type: 'resume', taskId: 'c', message: { id: 'm1', text: 'use the v2 API' } });
      assert.match(h.refused({ type: 'resume', taskId: 'c', message: { id: 'm2', text: 'and also' } }, 'invalid_transition'), /already running/);
    });

    it('with a message on a parent waiting for several paused children, asks to resume them one by one', () => {
      const h = new Harness().root('p').batch('p', ['a', 'b']);
      h.apply({ type: 'interrupt', taskId: 'p', reason: 'user_stop' });
      assert.match(h.refused({ type: 'resume', taskId: 'p', message: { id: 'm', text: 'x' } }, 'invalid_transition'), /resume them one by one/);
    });

    it('a child whose assignment was already reported works on a new background one, reported exactly once', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false });
      h.apply({ type: 'stopSubtask', parentId: 'p', childId: 'c' });
      h.apply({ type: 'resume', taskId: 'c', message: { id: 'm', text: 'finish it after all' } });
      const c = h.get('c');
      assert.deepEqual([c.status, c.assignment, c.reportTo], ['active', 2, { toolCallId: 'resume-c-2' }]);
      h.apply({ type: 'complete', taskId: 'c', result: result('finished') });
      assert.deepEqual(h.results('p', 'c').map((m) => [m.assignment, m.outcome, m.toolCallId]), [[1, 'stopped', 'call-c'], [2, 'completed', 'resume-c-2']]);
    });

    it('refuses that when the parent has completed or was abandoned', () => {
      const h = new Harness().root('p').batch('p', ['c'], { wait: false });
      h.apply({ type: 'fail', taskId: 'c', failure: { message: 'x' }, report: true });
      h.apply({ type: 'complete', taskId: 'p', result: result('done without c') });
      assert.match(h.refused({ type: 'resume', taskId: 'c' }, 'invalid_transition'), /already reported to "p", which has completed/);
      h.apply({ type: 'abandon', taskId: 'c' });
      assert.equal(h.results('p', 'c').length, 1, 'abandoning a child that owes nothing reports nothing more');
    });
  });

  describe('reconcile', () => {
    it('reports each awaited child that is gone as lost; the parent keeps waiting for the others', () => {
      const h = new Harness().root('p').batch('p', ['a', 'b'], { toolCallId: 'call-ab' });
      const tasks = { ...h.tasks } as Record<string, (typeof h.tasks)[string]>;
      delete tasks['a'];
      h.tasks = { ...tasks, p: { ...tasks['p']!, childIds: ['b'] } };
      h.apply({ type: 'reconcile', leaseTtlMs: 30_000 });
      const p = h.get('p');
      assert.equal(p.status, 'delegated');
      assert.deepEqual(p.awaiting.map((e) => e.childId), ['b']);
      assert.deepEqual(h.results('p').map((m) => [m.childId, m.outcome, m.toolCallId]), [['a', 'lost', 'call-ab']]);
    });

    it('delivers an outcome a finished child still owes (an older Baton crashed between two writes)', () => {
      const h = new Harness().root('p').delegate('p', 'c');
      const c = h.get('c');
      h.tasks = { ...h.tasks, c: { ...c, status: 'completed', result: result('done'), lease: null, completedAt: h.now } };
      const out = h.apply({ type: 'reconcile', leaseTtlMs: 30_000 });
      assert.deepEqual(out.effects.map((e) => e.type), ['delivered']);
      assert.equal(h.results('p', 'c')[0]?.result.summary, 'done');
      assert.equal(h.get('p').status, 'interrupted', 'woken after a restart, the user decides when it runs');
    });
  });
});
