import assert from 'node:assert/strict';
import { compactTranscript, joinLive } from '../../../src/host/panel/transcriptSnapshot';
import { assistant, ev, reasoning, text, toolCall } from '../webview/events';

describe('transcript snapshot', () => {
  it('drops the deltas of finished turns and merges those of the open one', () => {
    const done = [reasoning('r'), text('a'), text('b'), assistant('ab', { reasoning: 'r' })];
    const open = [text('c'), text('d')];
    const out = compactTranscript([...done, toolCall('x', 'read_file'), ...open]);
    assert.deepEqual(out.map((e) => e.type), ['assistant', 'tool_call', 'text']);
    assert.equal(out[2]?.type === 'text' && out[2].delta, 'cd');
  });

  it('drops a failed attempt’s deltas and old retries and stalls', () => {
    const out = compactTranscript([
      text('lost'),
      ev({ type: 'retrying', attempt: 1, maxAttempts: 2, waitMs: 1, reason: '503' }),
      text('kept'),
      ev({ type: 'stalled', sinceMs: 1 }),
      assistant('kept'),
    ]);
    assert.deepEqual(out.map((e) => e.type), ['assistant']);
  });

  it('joins live events the journal already holds exactly once', () => {
    const a = text('a');
    const b = text('b');
    const c = text('c');
    assert.deepEqual(joinLive([a, b], [b, c]), [a, b, c]);
    assert.deepEqual(joinLive([a], [b, c]), [a, b, c]);
    assert.deepEqual(joinLive([a, b, c], [b, c]), [a, b, c]);
    assert.deepEqual(joinLive([a, b], []), [a, b]);
  });

  it('compares events as the journal stores them (defaults filled in)', () => {
    const raw = { type: 'tool_result', toolCallId: 'x', toolName: 'read_file', content: 'c', isError: false, trace: undefined, taskId: 't', at: 1 } as const;
    const stored = ev({ type: 'tool_result', toolCallId: 'x', toolName: 'read_file', content: 'c', isError: false });
    const journaled = { ...stored, at: 1 };
    assert.equal(joinLive([journaled], [raw]).length, 1);
  });
});
