import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';
import { DEFAULT_BUDGET } from '../../../src/shared/task';
import { pageStateOf, restoredState } from '../../../webview-ui/src/state/pageState';
import { restoredTranscript, SAVED_BYTES, SAVED_CHARS, SAVED_ITEMS, savedTranscriptOf } from '../../../webview-ui/src/state/savedTranscript';
import { appendEvents, emptyTranscript } from '../../../webview-ui/src/state/transcript';
import { assistant, text, toolCall, toolResult } from './events';
import { makeTask } from './makeTask';

/** A transcript of `turns` finished turns, each a tool card and an answer. */
function transcriptOf(turns: number, answer = (i: number) => `Answer ${i}.`) {
  const events = [];
  for (let i = 0; i < turns; i++) {
    events.push(toolCall(`c${i}`, 'read_file', { path: `src/f${i}.ts` }), toolResult(`c${i}`, 'read_file', `contents ${i}`));
    events.push(text(answer(i)), assistant(answer(i)));
  }
  return appendEvents(emptyTranscript, events);
}

describe('the saved end of a transcript (what a reloaded panel shows at once)', () => {
  it('keeps the last items, oldest first, and says when earlier ones were left out', () => {
    const small = transcriptOf(3);
    const saved = savedTranscriptOf(small.items);
    assert.equal(saved.earlier, false);
    assert.deepEqual(saved.items, small.items.toArray());

    const big = transcriptOf(400);
    const kept = savedTranscriptOf(big.items);
    assert.equal(kept.earlier, true);
    assert.equal(kept.items.length, SAVED_ITEMS);
    assert.deepEqual(kept.items, big.items.toArray().slice(-SAVED_ITEMS));
  });

  it('stays within its bounds: strings clipped and marked, the whole under SAVED_BYTES, nothing left streaming', () => {
    const long = 'x'.repeat(SAVED_CHARS * 3);
    const events = [];
    for (let i = 0; i < 60; i++) events.push(toolCall(`c${i}`, 'read_file', { path: `f${i}` }), toolResult(`c${i}`, 'read_file', long));
    const streaming = appendEvents(emptyTranscript, [...events, text('still typing')]);
    assert.deepEqual(streaming.items.last(), { ...streaming.items.last(), kind: 'text', streaming: true });
    const saved = savedTranscriptOf(streaming.items);
    assert.ok(JSON.stringify(saved.items).length <= SAVED_BYTES, `${JSON.stringify(saved.items).length} bytes`);
    assert.equal(saved.earlier, true, 'not all of 60 long results fit');
    const results = saved.items.flatMap((i) => (i.kind === 'tool' && i.result ? [i.result.content] : []));
    assert.ok(results.length > 10);
    assert.ok(results.every((r) => r === `${'x'.repeat(SAVED_CHARS)}…`), 'a long result is clipped to its start, marked');
    assert.deepEqual(saved.items.at(-1), { ...saved.items.at(-1), kind: 'text', text: 'still typing', streaming: false }, 'nothing streams in a restored page');
  });

  it('comes back as the same items, and anything that does not parse comes back as nothing', () => {
    const saved = savedTranscriptOf(transcriptOf(5).items);
    const back = restoredTranscript(JSON.parse(JSON.stringify(saved)));
    assert.deepEqual(back?.transcript.items.toArray(), saved.items);
    assert.equal(back?.earlier, false);
    assert.equal(restoredTranscript(undefined), undefined);
    assert.equal(restoredTranscript({ items: [{ kind: 'text', key: 'i1', text: 7 }], earlier: false }), undefined);
    assert.equal(restoredTranscript({ items: [{ kind: 'script', key: 'i1' }], earlier: false }), undefined);
    assert.equal(restoredTranscript({ items: [{ kind: 'user', key: 'i1', text: 'y'.repeat(SAVED_CHARS + 2), reminder: false }], earlier: false }), undefined, 'over the bound: not something Baton wrote');
  });

  it('a bad saved transcript is dropped alone: the header and the tasks still come back', () => {
    const task = makeTask({ id: 'p', title: 'Write the release notes' });
    const page = { taskId: 'p', protocolVersion: PROTOCOL_VERSION, tasks: [task], ui: {}, settings: { defaultBudget: DEFAULT_BUDGET } };
    const bad = restoredState({ ...page, transcript: { items: 'nope' } });
    assert.equal(bad.phase, 'restored');
    assert.equal(bad.panel?.transcript.items.size, 0);
    const good = restoredState({ ...page, transcript: savedTranscriptOf(transcriptOf(2).items) });
    assert.equal(good.panel?.transcript.items.size, 4);
  });

  it('keeps which cards the user expanded or collapsed across the reload', () => {
    const task = makeTask({ id: 'p' });
    const saved = pageStateOf({ phase: 'ready', taskId: 'p', tasks: { p: task }, ui: {}, settings: null, transcript: transcriptOf(2).items, expanded: { i0: true, i2: false } });
    const back = restoredState(JSON.parse(JSON.stringify(saved)));
    assert.deepEqual(back.panel?.expanded, { i0: true, i2: false });
  });
});
