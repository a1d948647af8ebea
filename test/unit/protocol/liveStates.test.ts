import assert from 'node:assert/strict';
import type { LiveState } from '../../../src/shared/protocol';
import { LiveStates } from '../../../src/host/views/liveStates';
import { ev, text } from '../webview/events';

describe('LiveStates', () => {
  function setup() {
    const live = new LiveStates();
    const heard: [string, LiveState | null][] = [];
    live.onDidChange((id, state) => heard.push([id, state]));
    return { live, heard };
  }

  it('records a retry and a stall from events, and clears on progress', () => {
    const { live, heard } = setup();
    live.observe(ev({ type: 'retrying', attempt: 2, maxAttempts: 6, waitMs: 4000, reason: '429 Too Many Requests' }));
    assert.equal(live.all().t?.kind, 'retrying');
    live.observe(ev({ type: 'stalled', sinceMs: 20_000 }));
    assert.equal(live.all().t?.kind, 'stalled');
    live.observe(text('back'));
    assert.deepEqual(live.all(), {});
    assert.deepEqual(heard.map(([id, s]) => [id, s?.kind ?? null]), [['t', 'retrying'], ['t', 'stalled'], ['t', null]]);
  });

  it('records a queued subtask with its place in line, cleared when it starts', () => {
    const { live, heard } = setup();
    live.observe(ev({ type: 'queued', position: 2 }, 'k'));
    assert.deepEqual(live.all().k, { kind: 'queued', position: 2, at: live.all().k!.at });
    live.observe(text('started', 'k'));
    assert.deepEqual(heard.map(([id, s]) => [id, s?.kind ?? null]), [['k', 'queued'], ['k', null]]);
  });

  it('is quiet for ordinary events of tasks with no live state', () => {
    const { live, heard } = setup();
    live.observe(text('a'));
    live.forget('t');
    assert.deepEqual(heard, []);
  });

  it('forgets a task that stopped being active', () => {
    const { live, heard } = setup();
    live.observe(ev({ type: 'stalled', sinceMs: 1 }, 'x'));
    live.forget('x');
    assert.deepEqual(live.all(), {});
    assert.equal(heard.at(-1)?.[1], null);
  });
});
