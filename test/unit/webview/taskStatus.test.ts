import assert from 'node:assert/strict';
import { TaskStatus } from '../../../src/shared/task';
import { presentStatus } from '../../../webview-ui/src/state/taskStatus';
import { makeTask } from './makeTask';

describe('presentStatus', () => {
  it('labels every status', () => {
    const labels = TaskStatus.options.map((status) => presentStatus(makeTask({ id: 't', status })).label);
    assert.deepEqual(labels, [
      'Active',
      'Waiting on subtask',
      'Interrupted',
      'Needs continuation',
      'Failed',
      'Completed',
      'Abandoned',
    ]);
  });

  it('shows an active task with a lease as running, with a spinning icon', () => {
    const presented = presentStatus(makeTask({ id: 't', lease: { ownerId: 'w1', heartbeatAt: 5 } }));
    assert.equal(presented.label, 'Running');
    assert.equal(presented.spin, true);
  });

  it('shows a root waiting for an answer as waiting for the user', () => {
    const presented = presentStatus(makeTask({ id: 't', awaitingUser: { toolCallId: 'c', question: 'Which branch?' } }));
    assert.equal(presented.label, 'Waiting for you');
  });

  it('spins only while running', () => {
    for (const status of TaskStatus.options) assert.equal(presentStatus(makeTask({ id: 't', status })).spin, false);
  });
});

describe('presentStatus with live states', () => {
  const running = makeTask({ id: 't', lease: { ownerId: 'w1', heartbeatAt: 5 } });

  it('shows a retry with the next attempt and a countdown', () => {
    const presented = presentStatus(running, { kind: 'retrying', attempt: 1, maxAttempts: 6, waitMs: 4_000, reason: '429', at: 10_000 }, 11_000);
    assert.equal(presented.label, 'Retrying 2/6 in 3s');
    assert.equal(presented.tone, 'warning');
    assert.match(presented.detail ?? '', /429/);
  });

  it('shows a stall', () => {
    assert.equal(presentStatus(running, { kind: 'stalled', sinceMs: 20_000, at: 1 }).label, 'Stalled');
  });

  it('ignores a live state once the task is no longer running', () => {
    const stopped = makeTask({ id: 't', status: 'interrupted' });
    assert.equal(presentStatus(stopped, { kind: 'stalled', sinceMs: 20_000, at: 1 }).label, 'Interrupted');
  });
});
