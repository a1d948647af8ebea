/** How a status reads, in the sidebar, the panels and the quick picks alike (src/shared/taskStatus.ts). */
import assert from 'node:assert/strict';
import type { TaskUiState } from '../../../src/shared/protocol';
import { TaskStatus } from '../../../src/shared/task';
import { presentStatus } from '../../../src/shared/taskStatus';
import { makeTask } from '../webview/makeTask';

const running: Pick<TaskUiState, 'running' | 'attention'> = { running: true, attention: null };
const still: Pick<TaskUiState, 'running' | 'attention'> = { running: false, attention: null };

describe('presentStatus', () => {
  it('labels every status', () => {
    const labels = TaskStatus.options.map((status) => presentStatus(makeTask({ id: 't', status }), still).label);
    assert.deepEqual(labels, ['Not running', 'Waiting on subtask', 'Interrupted', 'Needs continuation', 'Failed', 'Completed', 'Abandoned']);
  });

  it('shows a running task as running, with a spinning icon', () => {
    const presented = presentStatus(makeTask({ id: 't', lease: { ownerId: 'w1', heartbeatAt: 5 } }), running);
    assert.equal(presented.label, 'Running');
    assert.equal(presented.spin, true);
  });

  it('never shows a lease the host judged not live as running', () => {
    const presented = presentStatus(makeTask({ id: 't', lease: { ownerId: 'w1', heartbeatAt: 5 } }), still);
    assert.equal(presented.label, 'Not running');
    assert.equal(presented.spin, false);
  });

  it('shows a task waiting for the user in its own colour, distinct from running', () => {
    const approval = presentStatus(makeTask({ id: 't' }), { running: true, attention: { kind: 'approval', taskId: 't', title: 'Task t', count: 1 } });
    assert.equal(approval.label, 'Needs your approval');
    assert.equal(approval.tone, 'attention');
    const question = presentStatus(makeTask({ id: 't', awaitingUser: { toolCallId: 'c', question: 'Which branch?' } }), { running: false, attention: { kind: 'question', taskId: 't', title: 'Task t', count: 1 } });
    assert.equal(question.label, 'Waiting for your answer');
    assert.equal(question.detail, 'Which branch?');
  });

  it('shows on an ancestor that a subtask needs the user, naming it', () => {
    const parent = presentStatus(makeTask({ id: 'p', status: 'delegated' }), { running: false, attention: { kind: 'approval', taskId: 'c', title: 'Write the notes', count: 1 } });
    assert.equal(parent.label, 'Subtask needs your approval');
    assert.equal(parent.tone, 'attention');
    assert.match(parent.detail ?? '', /“Write the notes”/);
  });

  it('spins only while running', () => {
    for (const status of TaskStatus.options) assert.equal(presentStatus(makeTask({ id: 't', status }), still).spin, false);
  });

  it('says why a task is interrupted, a closed window included', () => {
    const closed = presentStatus(makeTask({ id: 't', status: 'interrupted', interruptReason: 'editor_closed' }), still);
    assert.match(closed.detail ?? '', /window running it closed/);
  });
});

describe('presentStatus with live states', () => {
  const task = makeTask({ id: 't', lease: { ownerId: 'w1', heartbeatAt: 5 } });

  it('shows a retry with the next attempt and a countdown', () => {
    const presented = presentStatus(task, running, { kind: 'retrying', attempt: 1, maxAttempts: 6, waitMs: 4_000, reason: '429', at: 10_000 }, 11_000);
    assert.equal(presented.label, 'Retrying 2/6 in 3s');
    assert.equal(presented.tone, 'warning');
    assert.match(presented.detail ?? '', /429/);
  });

  it('shows a stall', () => {
    assert.equal(presentStatus(task, running, { kind: 'stalled', sinceMs: 20_000, at: 1 }).label, 'Stalled');
  });

  it('ignores a live state once the task is no longer running', () => {
    const stopped = makeTask({ id: 't', status: 'interrupted' });
    assert.equal(presentStatus(stopped, still, { kind: 'stalled', sinceMs: 20_000, at: 1 }).label, 'Interrupted');
    assert.equal(presentStatus(stopped, still, { kind: 'queued', position: 1, at: 1 }).label, 'Interrupted');
  });

  it('shows a subtask waiting for a free slot as Queued, with its place in line', () => {
    const presented = presentStatus(task, running, { kind: 'queued', position: 3, at: 1 });
    assert.equal(presented.label, 'Queued');
    assert.equal(presented.spin, false, 'it is not running yet');
    assert.match(presented.detail ?? '', /number 3 in line/);
  });
});
