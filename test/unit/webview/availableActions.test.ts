import assert from 'node:assert/strict';
import { TaskStatus } from '../../../src/shared/task';
import { availableActions } from '../../../webview-ui/src/state/availableActions';
import { makeTask } from './makeTask';

describe('availableActions', () => {
  it('offers Stop only while active, Resume and a new budget only when paused', () => {
    for (const status of TaskStatus.options) {
      const can = availableActions(makeTask({ id: 't', status }));
      assert.equal(can.stop, status === 'active', status);
      const paused = ['interrupted', 'needs_continuation', 'failed'].includes(status);
      assert.equal(can.resume, paused, status);
      assert.equal(can.continueWithBudget, paused, status);
    }
  });

  it('offers Abandon only for a paused child', () => {
    assert.equal(availableActions(makeTask({ id: 'c', parentId: 'p', status: 'interrupted' })).abandon, true);
    assert.equal(availableActions(makeTask({ id: 'c', parentId: 'p', status: 'active' })).abandon, false);
    assert.equal(availableActions(makeTask({ id: 'r', status: 'interrupted' })).abandon, false);
  });

  it('offers a message only to root tasks that are open or done', () => {
    assert.equal(availableActions(makeTask({ id: 'r', status: 'completed' })).followUp, true);
    assert.equal(availableActions(makeTask({ id: 'r', status: 'delegated' })).followUp, false);
    assert.equal(availableActions(makeTask({ id: 'c', parentId: 'p', status: 'completed' })).followUp, false);
  });

  it('offers Delegate on open tasks, not while waiting on a subtask or on the user', () => {
    assert.equal(availableActions(makeTask({ id: 'r' })).delegate, true);
    assert.equal(availableActions(makeTask({ id: 'r', status: 'delegated' })).delegate, false);
    assert.equal(availableActions(makeTask({ id: 'r', status: 'completed' })).delegate, false);
    assert.equal(availableActions(makeTask({ id: 'r', awaitingUser: { toolCallId: 'x', question: '?' } })).delegate, false);
  });
});
