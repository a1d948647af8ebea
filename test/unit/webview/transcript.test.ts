import assert from 'node:assert/strict';
import { appendEvents, emptyTranscript, type TranscriptItem, type TranscriptState } from '../../../webview-ui/src/state/transcript';
import { SEGMENT_MAX_LINES } from '../../../webview-ui/src/state/segments';
import { assistant, ev, reasoning, text, toolCall, toolResult } from './events';

const kinds = (s: TranscriptState) => s.items.map((i) => i.kind);
const texts = (s: TranscriptState) => s.items.filter((i): i is Extract<TranscriptItem, { kind: 'text' }> => i.kind === 'text');

describe('transcript folding', () => {
  it('grows the open segment with text deltas, streaming until the turn ends', () => {
    let s = appendEvents(emptyTranscript, [text('Hel'), text('lo')]);
    s = appendEvents(s, [text(' world')]);
    assert.deepEqual(kinds(s), ['text']);
    assert.equal(texts(s)[0]?.text, 'Hello world');
    assert.equal(texts(s)[0]?.streaming, true);
    s = appendEvents(s, [assistant('Hello world')]);
    assert.equal(texts(s)[0]?.streaming, false);
  });

  it('never mutates the state it was given', () => {
    const before = appendEvents(emptyTranscript, [text('a')]);
    const items = before.items;
    const first = items[0];
    appendEvents(before, [text('b'), assistant('ab')]);
    assert.equal(before.items, items);
    assert.equal(before.items[0], first);
    assert.equal((before.items[0] as { text: string }).text, 'a');
  });

  it('keeps the open segment’s key as it grows and splits, so its row keeps its place', () => {
    let s = appendEvents(emptyTranscript, [text('start\n')]);
    const key = s.items[0]!.key;
    for (let i = 0; i < 200; i++) s = appendEvents(s, [text(`line ${i}\n`)]);
    assert.equal(s.items[0]!.key, key);
    assert.ok(s.items.length >= 200 / SEGMENT_MAX_LINES);
    assert.equal(new Set(s.items.map((i) => i.key)).size, s.items.length, 'keys are unique');
    assert.equal(texts(s).map((t) => t.text).join(''), `start\n${Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join('')}`);
  });

  it('replaces what streamed with the final text when they differ (a retry restarted the turn)', () => {
    const s = appendEvents(emptyTranscript, [text('First attempt, cut by a 503'), ev({ type: 'retrying', attempt: 1, maxAttempts: 3, waitMs: 1000, reason: '503' }), text('The answer'), assistant('The answer')]);
    assert.deepEqual(kinds(s), ['text']);
    assert.equal(texts(s)[0]?.text, 'The answer');
    assert.equal(texts(s)[0]?.streaming, false);
  });

  it('folds reasoning into one collapsed item per turn, before the text', () => {
    const s = appendEvents(emptyTranscript, [reasoning('Let me '), reasoning('think'), text('Done'), assistant('Done', { reasoning: 'Let me think' })]);
    assert.deepEqual(kinds(s), ['reasoning', 'text']);
    assert.equal((s.items[0] as { text: string }).text, 'Let me think');
  });

  it('puts a tool result into its call’s card, errors marked', () => {
    const s = appendEvents(emptyTranscript, [
      toolCall('c1', 'read_file', { path: 'a.ts' }),
      toolCall('c2', 'run_command', { command: 'npm test' }),
      toolResult('c2', 'run_command', 'exit 1', true),
      toolResult('c1', 'read_file', 'contents'),
    ]);
    assert.deepEqual(kinds(s), ['tool', 'tool']);
    const [a, b] = s.items as Extract<TranscriptItem, { kind: 'tool' }>[];
    assert.deepEqual(a?.result, { content: 'contents', isError: false });
    assert.deepEqual(b?.result, { content: 'exit 1', isError: true });
  });

  it('turns a delegate_task card into a delegation card that later gets the child’s result', () => {
    const s = appendEvents(emptyTranscript, [
      toolCall('d1', 'delegate_task', { title: 'Child', goal: 'Do it' }),
      ev({ type: 'spawned', childId: 'c', title: 'Child', goal: 'Do it', toolCallId: 'd1' }),
      ev({ type: 'status', status: 'delegated', detail: 'Waiting on subtask: Child' }),
      toolResult('d1', 'delegate_task', 'Child finished'),
    ]);
    assert.deepEqual(kinds(s), ['delegation']);
    const card = s.items[0] as Extract<TranscriptItem, { kind: 'delegation' }>;
    assert.equal(card.childId, 'c');
    assert.deepEqual(card.result, { content: 'Child finished', isError: false });
  });

  it('adds a delegation card for a manual delegation (no tool call)', () => {
    const s = appendEvents(emptyTranscript, [ev({ type: 'spawned', childId: 'c', title: 'By hand', goal: 'g', toolCallId: 'manual-c' })]);
    assert.deepEqual(kinds(s), ['delegation']);
  });

  it('hides attempt_completion and checkpoint calls (the result card and receipts show them)', () => {
    const checkpoint = { summary: 'Half done', filesRead: [], filesWritten: ['a.ts'], at: 5 };
    const s = appendEvents(emptyTranscript, [
      toolCall('k', 'checkpoint', { summary: 'Half done' }),
      ev({ type: 'checkpoint', checkpoint }),
      toolResult('k', 'checkpoint', 'Checkpoint recorded.'),
      toolCall('z', 'attempt_completion', { result: 'r' }),
      toolResult('z', 'attempt_completion', 'Result delivered.'),
    ]);
    assert.deepEqual(kinds(s), ['checkpoint']);
  });

  it('marks a turn cut short by Stop, then says it stopped once', () => {
    const s = appendEvents(emptyTranscript, [text('Half a sent'), assistant('Half a sent', { partial: true }), ev({ type: 'done', status: 'interrupted' })]);
    assert.deepEqual(kinds(s), ['text', 'notice']);
    assert.equal((s.items[0] as { partial: boolean }).partial, true);
    assert.match((s.items[1] as { text: string }).text, /Stopped mid-answer/);
    const again = appendEvents(s, [ev({ type: 'done', status: 'interrupted' })]);
    assert.equal(again.items.length, 2);
  });

  it('shows failures and budget pauses as notices, the user’s messages as messages', () => {
    const s = appendEvents(emptyTranscript, [
      ev({ type: 'user', text: 'Also add tests', messageId: 'm1' }),
      ev({ type: 'user', text: 'Use a tool', messageId: 'nudge-1' }),
      ev({ type: 'status', status: 'needs_continuation', budgetReason: 'turns', detail: 'x' }),
      ev({ type: 'status', status: 'failed', detail: 'HTTP 401' }),
    ]);
    assert.deepEqual(kinds(s), ['user', 'user', 'notice', 'notice']);
    assert.equal((s.items[1] as { reminder: boolean }).reminder, true);
    assert.match((s.items[2] as { text: string }).text, /turn budget/);
    assert.match((s.items[3] as { text: string }).text, /HTTP 401/);
  });

  it('closes a streaming turn when something else arrives without an assistant entry', () => {
    const s = appendEvents(emptyTranscript, [text('partial'), toolCall('c', 'read_file')]);
    assert.equal(texts(s)[0]?.streaming, false);
    const next = appendEvents(s, [text('new turn')]);
    assert.deepEqual(kinds(next), ['text', 'tool', 'text']);
  });
});
