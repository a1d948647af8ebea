import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, type SnapshotMessage } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { initialTasksState, tasksReducer, type TasksState } from '../../../webview-ui/src/state/tasksReducer';
import { makeTask } from './makeTask';

const workspace = { name: 'demo', folders: ['file:///work/demo'] };

function snapshot(tasks: TaskRecord[], overrides: Partial<SnapshotMessage> = {}): SnapshotMessage {
  return { type: 'snapshot', protocolVersion: PROTOCOL_VERSION, tasks, workspace, storeError: null, ...overrides };
}

function loaded(tasks: TaskRecord[]): TasksState {
  return tasksReducer(initialTasksState, snapshot(tasks));
}

describe('tasksReducer', () => {
  it('starts connecting, with no tasks', () => {
    assert.equal(initialTasksState.phase, 'connecting');
    assert.deepEqual(initialTasksState.tasks, {});
  });

  it('loads a snapshot, keyed by id', () => {
    const state = loaded([makeTask({ id: 'a' }), makeTask({ id: 'b' })]);
    assert.equal(state.phase, 'ready');
    assert.deepEqual(Object.keys(state.tasks).sort(), ['a', 'b']);
    assert.deepEqual(state.workspace, workspace);
    assert.equal(state.storeError, null);
  });

  it('lets a snapshot replace everything held before', () => {
    const state = tasksReducer(loaded([makeTask({ id: 'a' })]), snapshot([makeTask({ id: 'b' })]));
    assert.deepEqual(Object.keys(state.tasks), ['b']);
  });

  it('carries the store error of a snapshot', () => {
    const state = tasksReducer(initialTasksState, snapshot([], { storeError: 'no store' }));
    assert.equal(state.phase, 'ready');
    assert.equal(state.storeError, 'no store');
  });

  it('refuses a snapshot of another protocol version', () => {
    const state = tasksReducer(initialTasksState, snapshot([makeTask({ id: 'a' })], { protocolVersion: PROTOCOL_VERSION + 1 }));
    assert.equal(state.phase, 'incompatible');
    assert.deepEqual(state.tasks, {});
    // ...and ignores the deltas that follow.
    const after = tasksReducer(state, { type: 'tasksChanged', changed: [makeTask({ id: 'b' })], removed: [] });
    assert.equal(after, state);
  });

  it('ignores a delta that arrives before any snapshot', () => {
    const state = tasksReducer(initialTasksState, { type: 'tasksChanged', changed: [makeTask({ id: 'a' })], removed: [] });
    assert.equal(state, initialTasksState);
  });

  it('applies a delta: adds, updates and removes', () => {
    const before = loaded([makeTask({ id: 'a' }), makeTask({ id: 'b' })]);
    const after = tasksReducer(before, {
      type: 'tasksChanged',
      changed: [makeTask({ id: 'a', status: 'completed', revision: 2 }), makeTask({ id: 'c' })],
      removed: ['b'],
    });
    assert.deepEqual(Object.keys(after.tasks).sort(), ['a', 'c']);
    assert.equal(after.tasks.a?.status, 'completed');
    // Pure: the previous state is untouched.
    assert.deepEqual(Object.keys(before.tasks).sort(), ['a', 'b']);
    assert.equal(before.tasks.a?.status, 'active');
  });

  it('keeps a newer revision when an older copy arrives late', () => {
    const before = loaded([makeTask({ id: 'a', status: 'completed', revision: 5 })]);
    const after = tasksReducer(before, { type: 'tasksChanged', changed: [makeTask({ id: 'a', revision: 4 })], removed: [] });
    assert.equal(after.tasks.a?.status, 'completed');
    assert.equal(after.tasks.a?.revision, 5);
  });

  it('ignores removal of an id it does not hold', () => {
    const after = tasksReducer(loaded([makeTask({ id: 'a' })]), { type: 'tasksChanged', changed: [], removed: ['zzz'] });
    assert.deepEqual(Object.keys(after.tasks), ['a']);
  });
});
