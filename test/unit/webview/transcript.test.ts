import assert from 'node:assert/strict';
import { appendEvents, emptyTranscript, type TranscriptItem, type TranscriptState } from '../../../webview-ui/src/state/transcript';
import { SEGMENT_MAX_CHARS, SEGMENT_MAX_LINES } from '../../../webview-ui/src/state/segments';
import { assistant, ev, reasoning, text, toolCall, toolResult } from './events';

const list = (s: TranscriptState) => s.items.toArray();
const kinds = (s: TranscriptState) => list(s).map((i) => i.kind);
const texts = (s: TranscriptState) => list(s).filter((i): i is Extract<TranscriptItem, { kind: 'text' }> => i.kind === 'text');

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
    const first = items.get(0);
    appendEvents(before, [text('b'), assistant('ab')]);
    assert.equal(before.items, items);
    assert.equal(before.items.get(0), first);
    assert.equal((before.items.get(0) as { text: string }).text, 'a');
  });

  it('keeps the open segment’s key as it grows and splits, so its row keeps its place', () => {
    let s = appendEvents(emptyTranscript, [text('start\n')]);
    const key = list(s)[0]!.key;
    for (let i = 0; i < 200; i++) s = appendEvents(s, [text(`line ${i}\n`)]);
    assert.equal(list(s)[0]!.key, key);
    assert.ok(s.items.size >= 200 / SEGMENT_MAX_LINES);
    assert.equal(new Set(list(s).map((i) => i.key)).size, s.items.size, 'keys are unique');
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
    assert.equal((list(s)[0] as { text: string }).text, 'Let me think');
  });

  it('puts a tool result into its call’s card, errors marked', () => {
    const s = appendEvents(emptyTranscript, [
      toolCall('c1', 'read_file', { path: 'a.ts' }),
      toolCall('c2', 'run_command', { command: 'npm test' }),
      toolResult('c2', 'run_command', 'exit 1', true),
      toolResult('c1', 'read_file', 'contents'),
    ]);
    assert.deepEqual(kinds(s), ['tool', 'tool']);
    const [a, b] = list(s) as Extract<TranscriptItem, { kind: 'tool' }>[];
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
    const card = list(s)[0] as Extract<TranscriptItem, { kind: 'delegation' }>;
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

  it('marks a turn cut short by Stop, then marks the stop once (its words are chosen when shown)', () => {
    const s = appendEvents(emptyTranscript, [text('Half a sent'), assistant('Half a sent', { partial: true }), ev({ type: 'done', status: 'interrupted' })]);
    assert.deepEqual(kinds(s), ['text', 'stopped']);
    assert.equal((list(s)[0] as { partial: boolean }).partial, true);
    assert.equal((list(s)[1] as { partial: boolean }).partial, true);
    const again = appendEvents(s, [ev({ type: 'done', status: 'interrupted' })]);
    assert.equal(again.items.size, 2);
  });

  it('shows the same failure once, counted, however many Resumes failed alike', () => {
    let s = appendEvents(emptyTranscript, [ev({ type: 'status', status: 'failed', detail: 'Cannot reach http://127.0.0.1:11434/v1' })]);
    s = appendEvents(s, [ev({ type: 'done', status: 'failed' }), ev({ type: 'status', status: 'failed', detail: 'Cannot reach http://127.0.0.1:11434/v1' })]);
    s = appendEvents(s, [ev({ type: 'status', status: 'failed', detail: 'Cannot reach http://127.0.0.1:11434/v1' })]);
    assert.deepEqual(kinds(s), ['notice']);
    assert.equal((list(s)[0] as { times: number }).times, 3);
    s = appendEvents(s, [ev({ type: 'status', status: 'failed', detail: 'HTTP 401: bad key' })]);
    assert.deepEqual(kinds(s), ['notice', 'notice'], 'another failure is another notice');
  });

  it('keeps every segment short, even of one line without newlines (a minified file)', () => {
    let s = emptyTranscript;
    for (let i = 0; i < 400; i++) s = appendEvents(s, [text('word '.repeat(500))]);
    const segments = texts(s);
    assert.ok(segments.length > 100, `${segments.length} segments`);
    assert.ok(segments.every((t) => t.text.length <= SEGMENT_MAX_CHARS + 2500), `longest ${Math.max(...segments.map((t) => t.text.length))}`);
    assert.equal(segments.map((t) => t.text).join(''), 'word '.repeat(500 * 400));
  });

  it('appends in constant time: a tool card costs the same after 20,000 as after 20', () => {
    // Counted in work, not timed: each append copies at most a few small nodes, never the whole list.
    let s = emptyTranscript;
    for (let i = 0; i < 20_000; i++) s = appendEvents(s, [toolCall(`c${i}`, 'read_file', { path: `f${i}` }), toolResult(`c${i}`, 'read_file', 'ok')]);
    assert.equal(s.items.size, 20_000);
    assert.deepEqual(list(s)[12_345], { kind: 'tool', key: 'i12345', call: { id: 'c12345', name: 'read_file', args: { path: 'f12345' } }, result: { content: 'ok', isError: false } });
    const before = s.items;
    const after = appendEvents(s, [toolCall('last', 'read_file')]);
    assert.equal(before.size, 20_000, 'the old version is untouched');
    assert.equal(after.items.size, 20_001);
  });

  it('shows failures and budget pauses as notices, the user’s messages as messages', () => {
    const s = appendEvents(emptyTranscript, [
      ev({ type: 'user', text: 'Also add tests', messageId: 'm1' }),
      ev({ type: 'user', text: 'Use a tool', messageId: 'nudge-1' }),
      ev({ type: 'status', status: 'needs_continuation', budgetReason: 'turns', detail: 'x' }),
      ev({ type: 'status', status: 'failed', detail: 'HTTP 401' }),
    ]);
    assert.deepEqual(kinds(s), ['user', 'user', 'notice', 'notice']);
    assert.equal((list(s)[1] as { reminder: boolean }).reminder, true);
    assert.match((list(s)[2] as { text: string }).text, /turn budget/);
    assert.match((list(s)[3] as { text: string }).text, /HTTP 401/);
  });

  it('closes a streaming turn when something else arrives without an assistant entry', () => {
    const s = appendEvents(emptyTranscript, [text('partial'), toolCall('c', 'read_file')]);
    assert.equal(texts(s)[0]?.streaming, false);
    const next = appendEvents(s, [text('new turn')]);
    assert.deepEqual(kinds(next), ['text', 'tool', 'text']);
  });
});
