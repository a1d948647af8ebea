/** The live view a parent's subtask_status reads: fed by events, bounded, never a transcript read. */
import assert from 'node:assert/strict';
import { LiveView } from '../../../src/core/orchestrator/liveView';
import { AgentEvent, type EventInput } from '../../../src/shared/events';
import { Harness, result } from '../lifecycle/harness';

const ev = (input: EventInput, taskId = 'c'): AgentEvent => AgentEvent.parse({ ...input, taskId, at: 1_000 });

describe('LiveView', () => {
  const h = new Harness().root('p').batch('p', ['c'], { wait: false });

  it('says what the child is doing: generating, running a tool, retrying, stalled, queued', () => {
    const live = new LiveView();
    const activity = () => live.statusOf(h.get('c'), h.get('p')).activity;
    live.observe(ev({ type: 'queued', position: 2 }));
    assert.deepEqual(activity(), { kind: 'queued', position: 2 });
    live.started('c');
    live.observe(ev({ type: 'text', delta: 'Hello ' }));
    assert.deepEqual(activity(), { kind: 'streaming' });
    live.observe(ev({ type: 'tool_call', call: { id: 't1', name: 'read_file', args: { path: 'src/a.ts' } } }));
    assert.deepEqual(activity(), { kind: 'tool', name: 'read_file', target: 'src/a.ts' });
    live.observe(ev({ type: 'tool_result', toolCallId: 't1', toolName: 'read_file', content: 'x', isError: false, trace: 'read_file src/a.ts (12 lines)' }));
    assert.deepEqual(activity(), { kind: 'thinking' });
    live.observe(ev({ type: 'retrying', attempt: 2, maxAttempts: 5, waitMs: 4_000, reason: 'Overloaded (529)' }));
    assert.deepEqual(activity(), { kind: 'retrying', attempt: 2, maxAttempts: 5, waitMs: 4_000, reason: 'Overloaded (529)', at: 1_000 });
    live.observe(ev({ type: 'stalled', sinceMs: 20_000 }));
    assert.equal(activity()?.kind, 'stalled');
    live.observe(ev({ type: 'done', status: 'active' }));
    assert.equal(activity(), null);
    assert.deepEqual(live.statusOf(h.get('c'), h.get('p')).recentTools, ['read_file src/a.ts (12 lines)']);
  });

  it('keeps the last 1,000 characters and the last 8 tool calls, however long the child ran', () => {
    const live = new LiveView();
    for (let i = 0; i < 5_000; i++) live.observe(ev({ type: 'text', delta: `${i} ` }));
    for (let i = 0; i < 30; i++) {
      live.observe(ev({ type: 'tool_call', call: { id: `t${i}`, name: 'list_files', args: { path: `d${i}` } } }));
      live.observe(ev({ type: 'tool_result', toolCallId: `t${i}`, toolName: 'list_files', content: '', isError: false, trace: `list_files d${i} (ok)` }));
    }
    const status = live.statusOf(h.get('c'), h.get('p'));
    assert.equal(status.outputTail.length, 1_000);
    assert.ok(status.outputTail.endsWith('4998 4999 '));
    assert.deepEqual(status.recentTools, Array.from({ length: 8 }, (_, i) => `list_files d${22 + i} (ok)`));
  });

  it('a child that asked the user needs the user; a finished one shows its result and its reported outcome', () => {
    const asking = new Harness().root('p').batch('p', ['c'], { wait: false });
    asking.apply({ type: 'awaitUser', taskId: 'c', toolCallId: 'q', question: 'Which one?' });
    assert.deepEqual(new LiveView().statusOf(asking.get('c'), asking.get('p')).activity, { kind: 'needs_user', question: 'Which one?' });
    const done = new Harness().root('p').batch('p', ['c'], { wait: false });
    done.apply({ type: 'complete', taskId: 'c', result: result('ok', { outputTail: 'the end', toolTrace: ['write_file a (ok)'] }) });
    const status = new LiveView().statusOf(done.get('c'), done.get('p'));
    assert.deepEqual([status.activity, status.outputTail, status.recentTools, status.lastOutcome, status.owesReport], [null, 'the end', ['write_file a (ok)'], 'completed', false]);
  });
});
