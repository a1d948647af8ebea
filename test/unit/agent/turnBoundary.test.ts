/** What a conversation takes in between two turns (pure): each outcome once, in the right place. */
import assert from 'node:assert/strict';
import { rebuildConversation } from '../../../src/core/agent/conversation';
import { atTurnBoundary, type BoundaryContext } from '../../../src/core/agent/turnBoundary';
import type { AwaitCall } from '../../../src/core/lifecycle';
import { AgentEvent, type EventInput } from '../../../src/shared/events';
import { Harness, result } from '../lifecycle/harness';

const at = (input: EventInput, taskId = 'p'): AgentEvent => AgentEvent.parse({ ...input, taskId, at: 1 });
const turn = (...calls: [id: string, name: string, args: unknown][]): AgentEvent =>
  at({ type: 'assistant', text: '', reasoning: '', toolCalls: calls.map(([id, name, args]) => ({ id, name, args })), partial: false });

function boundary(h: Harness, transcript: AgentEvent[], newWaits: Map<string, AwaitCall> = new Map()) {
  const task = h.get('p');
  const { conversation } = rebuildConversation(task, transcript);
  const ctx: BoundaryContext = { task, child: (id) => h.tasks[id], statusView: (ids) => `STATUS ${ids?.join(',') ?? 'all'}`, wakeReason: () => undefined, newWaits };
  return { ...atTurnBoundary(conversation, ctx), conversation };
}

describe('atTurnBoundary', () => {
  it('a waiting delegation: blocks while a child owes it, then ONE result with every outcome in input order', () => {
    const h = new Harness().root('p').batch('p', ['a', 'b', 'c'], { wait: false, toolCallId: 'd1' });
    const transcript = [turn(['d1', 'delegate_task', { tasks: [{ goal: 'a' }, { goal: 'b' }, { goal: 'c' }] }])];
    h.apply({ type: 'complete', taskId: 'c', result: result('c done') });
    const first = boundary(h, transcript);
    assert.deepEqual(first.entries, []);
    assert.deepEqual(first.waits, [{ toolCallId: 'd1', childIds: ['a', 'b'] }]);
    h.apply({ type: 'complete', taskId: 'b', result: result('b done') });
    h.apply({ type: 'complete', taskId: 'a', result: result('a done') });
    const second = boundary(h, transcript);
    assert.equal(second.entries.length, 1);
    const answer = second.entries[0]!;
    assert.ok(answer.type === 'tool_result' && answer.toolCallId === 'd1');
    assert.deepEqual(answer.consumes, ['result-a-1', 'result-b-1', 'result-c-1']);
    assert.ok(answer.content.indexOf('a done') < answer.content.indexOf('b done') && answer.content.indexOf('b done') < answer.content.indexOf('c done'));
    assert.deepEqual(second.waits, []);
  });

  it('a background outcome arrives as a user message, but not while a call of the last turn is still open', () => {
    const h = new Harness().root('p').batch('p', ['bg'], { wait: false, toolCallId: 'd0' }).batch('p', ['w'], { wait: false, toolCallId: 'd1' });
    h.apply({ type: 'complete', taskId: 'bg', result: result('background done') });
    const transcript = [
      turn(['d0', 'delegate_task', { goal: 'bg', wait: false }]),
      at({ type: 'tool_result', toolCallId: 'd0', toolName: 'delegate_task', content: 'Started', isError: false, consumes: [] }),
      turn(['d1', 'delegate_task', { goal: 'w' }]),
    ];
    const waiting = boundary(h, transcript);
    assert.deepEqual(waiting.entries, [], 'a user message now would come between a tool call and its result');
    assert.deepEqual(waiting.waits, [{ toolCallId: 'd1', childIds: ['w'] }]);
    h.apply({ type: 'complete', taskId: 'w', result: result('waited done') });
    const after = boundary(h, transcript);
    assert.deepEqual(after.entries.map((e) => e.type), ['tool_result', 'user']);
    const message = after.entries[1]!;
    assert.ok(message.type === 'user' && message.messageId === 'result-bg-1' && /started in the background has reported back[\s\S]*background done/.test(message.text));
  });

  it('wait_for_subtasks: a new one blocks; a woken one is answered with the status view and consumes what arrived', () => {
    const h = new Harness().root('p').batch('p', ['a', 'b'], { wait: false, toolCallId: 'd0' });
    const transcript = [
      turn(['d0', 'delegate_task', { tasks: [{ goal: 'a' }, { goal: 'b' }], wait: false }]),
      at({ type: 'tool_result', toolCallId: 'd0', toolName: 'delegate_task', content: 'Started', isError: false, consumes: [] }),
      turn(['w1', 'wait_for_subtasks', { ids: ['a'] }]),
    ];
    const fresh = new Map([['w1', { toolCallId: 'w1', childIds: ['a'], until: 5, wakeOn: [] }]]);
    assert.deepEqual(boundary(h, transcript, fresh).waits, [fresh.get('w1')]);
    h.apply({ type: 'complete', taskId: 'a', result: result('a done') });
    const woken = boundary(h, transcript);
    assert.equal(woken.entries.length, 1);
    const answer = woken.entries[0]!;
    assert.ok(answer.type === 'tool_result');
    assert.match(answer.content, /^wait_for_subtasks ended: every subtask it waited for has reported\.\n\nSTATUS a\n\nOutcomes that arrived \(1\):/);
    assert.deepEqual(answer.consumes, ['result-a-1']);
  });

  it('the user\'s answer answers ask_user; a call cut off by a crash is answered as interrupted', () => {
    const h = new Harness().root('p');
    h.apply({ type: 'awaitUser', taskId: 'p', toolCallId: 'q', question: 'which?' });
    h.apply({ type: 'followUp', taskId: 'p', messageId: 'm1', text: 'the blue one' });
    const transcript = [turn(['r', 'read_file', { path: 'a' }], ['q', 'ask_user', { question: 'which?' }])];
    const { entries } = boundary(h, transcript);
    assert.deepEqual(
      entries.map((e) => e.type === 'tool_result' && [e.toolCallId, e.isError, e.consumes]),
      [['r', true, []], ['q', false, ['m1']]],
    );
    assert.ok(entries[1]!.type === 'tool_result' && entries[1]!.content === 'The user answered: the blue one');
  });

  it('a transcript from before `consumes`: a delegation answered then is not presented again', () => {
    const h = new Harness().root('p').delegate('p', 'c', { toolCallId: 'd' });
    h.apply({ type: 'complete', taskId: 'c', result: result('old result') });
    const legacy = [turn(['d', 'delegate_task', { goal: 'c' }]), at({ type: 'tool_result', toolCallId: 'd', toolName: 'delegate_task', content: 'Subtask "c" completed.', isError: false })];
    assert.deepEqual(boundary(h, legacy).entries, []);
  });
});
