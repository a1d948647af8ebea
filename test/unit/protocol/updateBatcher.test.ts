import assert from 'node:assert/strict';
import { CHILD_TAIL_CHARS, HostToWebviewMessage } from '../../../src/shared/protocol';
import { UpdateBatcher, type Schedule } from '../../../src/host/views/updateBatcher';
import { assistant, reasoning, text } from '../webview/events';
import { makeTask } from '../webview/makeTask';

/** A scheduler the test fires by hand. */
function manualSchedule() {
  const pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const entry = { fn, ms, cancelled: false };
    pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const fire = () => {
    for (const entry of pending.splice(0)) if (!entry.cancelled) entry.fn();
  };
  const live = () => pending.filter((entry) => !entry.cancelled);
  return { schedule, fire, live };
}

function setup() {
  const sent: HostToWebviewMessage[] = [];
  const timer = manualSchedule();
  const batcher = new UpdateBatcher((m) => sent.push(m), 16, timer.schedule);
  return { sent, timer, batcher };
}

describe('UpdateBatcher', () => {
  it('coalesces record changes in a window into one delta with the latest record per id', () => {
    const { sent, timer, batcher } = setup();
    batcher.records({ changed: [makeTask({ id: 'a', revision: 1 })], removed: [] });
    batcher.records({ changed: [makeTask({ id: 'a', revision: 2 }), makeTask({ id: 'b' })], removed: [] });
    assert.equal(timer.live().length, 1, 'one timer per window');
    assert.equal(timer.live()[0]?.ms, 16);
    assert.equal(sent.length, 0);
    timer.fire();
    assert.equal(sent.length, 1);
    const [message] = sent;
    assert.ok(message?.type === 'tasksChanged');
    assert.deepEqual(message.changed.map((t) => [t.id, t.revision]), [['a', 2], ['b', 1]]);
  });

  it('lets a removal cancel an earlier change and a later change cancel a removal', () => {
    const { sent, timer, batcher } = setup();
    batcher.records({ changed: [makeTask({ id: 'a' })], removed: [] });
    batcher.records({ changed: [], removed: ['a', 'b'] });
    batcher.records({ changed: [makeTask({ id: 'b' })], removed: [] });
    timer.fire();
    const [message] = sent;
    assert.ok(message?.type === 'tasksChanged');
    assert.deepEqual(message.changed.map((t) => t.id), ['b']);
    assert.deepEqual(message.removed, ['a']);
  });

  it('merges adjacent text deltas of a task into one append, keeping order across kinds', () => {
    const { sent, timer, batcher } = setup();
    for (const e of [text('He'), text('llo'), reasoning('hm'), reasoning('m'), text(' you'), assistant('Hello you')]) batcher.event(e);
    batcher.event(text('other', 'u'));
    timer.fire();
    assert.deepEqual(sent.map((m) => m.type), ['transcriptAppend', 'transcriptAppend']);
    const first = sent[0];
    assert.ok(first?.type === 'transcriptAppend');
    assert.equal(first.taskId, 't');
    assert.deepEqual(
      first.events.map((e) => [e.type, 'delta' in e ? e.delta : '']),
      [['text', 'Hello'], ['reasoning', 'hmm'], ['text', ' you'], ['assistant', '']],
    );
  });

  it('sends children’s streamed text as one childTails message per window, at most CHILD_TAIL_CHARS of each', () => {
    const { sent, timer, batcher } = setup();
    const long = 'x'.repeat(CHILD_TAIL_CHARS * 3);
    for (let i = 0; i < 500; i++) batcher.childText('a', `a${i} `);
    batcher.childText('b', long);
    batcher.childText('b', 'end');
    timer.fire();
    assert.equal(sent.length, 1, 'every child in one message');
    const [message] = sent;
    assert.ok(message?.type === 'childTails');
    assert.ok(message.tails.a!.endsWith('a499 '));
    assert.equal(message.tails.a!.length, CHILD_TAIL_CHARS, 'only the end of what it streamed');
    assert.equal(message.tails.b, (long + 'end').slice(-CHILD_TAIL_CHARS));
    assert.doesNotThrow(() => HostToWebviewMessage.parse(message), 'within the protocol’s bound');
    timer.fire();
    batcher.childText('a', 'more');
    timer.fire();
    assert.deepEqual(sent.at(-1), { type: 'childTails', tails: { a: 'more' } }, 'the next window sends only what is new');
  });

  it('holds a bounded amount per child between flushes, however much it streams', () => {
    const { sent, batcher, timer } = setup();
    for (let i = 0; i < 10_000; i++) batcher.childText('a', 'token ');
    timer.fire();
    const [message] = sent;
    assert.ok(message?.type === 'childTails');
    assert.equal(message.tails.a, 'token '.repeat(10_000).slice(-CHILD_TAIL_CHARS));
  });

  it('drops pending tails with the rest when a snapshot supersedes them', () => {
    const { sent, batcher, timer } = setup();
    batcher.childText('a', 'old');
    batcher.discard();
    timer.fire();
    assert.deepEqual(sent, []);
  });

  it('sends the latest live state per task, null clearing', () => {
    const { sent, timer, batcher } = setup();
    batcher.liveState('a', { kind: 'stalled', sinceMs: 1, at: 1 });
    batcher.liveState('a', null);
    batcher.liveState('b', { kind: 'stalled', sinceMs: 2, at: 2 });
    timer.fire();
    assert.deepEqual(sent, [{ type: 'liveChanged', states: { a: null, b: { kind: 'stalled', sinceMs: 2, at: 2 } } }]);
  });

  it('sends records before live states before transcripts, in one flush', () => {
    const { sent, timer, batcher } = setup();
    batcher.event(text('x'));
    batcher.liveState('t', null);
    batcher.records({ changed: [makeTask({ id: 't' })], removed: [] });
    timer.fire();
    assert.deepEqual(sent.map((m) => m.type), ['tasksChanged', 'liveChanged', 'transcriptAppend']);
  });

  it('sends nothing when nothing is pending, and drops what discard drops', () => {
    const { sent, timer, batcher } = setup();
    batcher.flush();
    batcher.event(text('x'));
    batcher.discard();
    timer.fire();
    assert.deepEqual(sent, []);
    assert.equal(timer.live().length, 0);
  });

  it('arms a new window after a flush', () => {
    const { sent, timer, batcher } = setup();
    batcher.event(text('a'));
    timer.fire();
    batcher.event(text('b'));
    assert.equal(timer.live().length, 1);
    timer.fire();
    assert.equal(sent.length, 2);
  });
});
