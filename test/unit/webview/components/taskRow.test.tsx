import './dom';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { TaskUiState } from '../../../../src/shared/protocol';
import type { TaskRecord } from '../../../../src/shared/task';
import { MessengerContext } from '../../../../webview-ui/src/messenger';
import { TaskRow, TaskTree } from '../../../../webview-ui/src/sidebar/TaskTree';
import { buildTaskTree } from '../../../../webview-ui/src/state/taskTree';
import { makeTask } from '../makeTask';
import { FakeHost, uiState } from './fakeHost';

function renderRow(task: TaskRecord, ui: TaskUiState | undefined) {
  const host = new FakeHost();
  const row = { node: { task, children: [] }, depth: task.parentId ? 1 : 0, parentId: task.parentId, setSize: 1, position: 1, background: false };
  const view = render(
    <MessengerContext.Provider value={host}>
      <TaskRow row={row} ui={ui} live={undefined} now={0} focusable selected={false} expanded={undefined} onToggle={() => undefined} onActivate={() => undefined} onKeyDown={() => undefined} />
    </MessengerContext.Provider>,
  );
  const element = view.container.querySelector('[role="treeitem"]')!;
  /** The action slots, in order: a button's label, or null for an empty slot. */
  const slots = () => [...element.querySelectorAll('.action-slot')].map((s) => s.getAttribute('aria-label'));
  return { host, view, element, slots };
}

describe('a task row in the sidebar (with a fake host)', () => {
  afterEach(cleanup);

  it('reads as its title and its status, the way the host says it stands', () => {
    const running = renderRow(makeTask({ id: 'a', title: 'Fix the parser', lease: { ownerId: 'w', heartbeatAt: 1 } }), uiState(['stop', 'delete'], { running: true }));
    assert.equal(running.element.getAttribute('aria-label'), 'Fix the parser, Running');
    cleanup();
    // A lease the host judged not live is not running, whatever the record holds.
    const stale = renderRow(makeTask({ id: 'a', title: 'Fix the parser', lease: { ownerId: 'w', heartbeatAt: 1 } }), uiState(['resume', 'delete']));
    assert.equal(stale.element.getAttribute('aria-label'), 'Fix the parser, Not running');
  });

  it('shows that a subtask needs the user, on the child and on its parent', () => {
    const child = renderRow(makeTask({ id: 'c', parentId: 'p', title: 'Write notes' }), uiState([], { running: true, attention: { kind: 'approval', taskId: 'c', title: 'Write notes', count: 1 } }));
    assert.equal(child.element.getAttribute('aria-label'), 'Write notes, Needs your approval, subtask');
    assert.ok(child.element.classList.contains('needs-you'));
    cleanup();
    const parent = renderRow(makeTask({ id: 'p', status: 'delegated', title: 'Plan' }), uiState([], { attention: { kind: 'approval', taskId: 'c', title: 'Write notes', count: 1 } }));
    assert.equal(parent.element.getAttribute('aria-label'), 'Plan, Subtask needs your approval');
  });

  it('offers exactly the allowed actions, each in a slot that keeps its place when the state changes', () => {
    const task = makeTask({ id: 'a', title: 'T' });
    const before = renderRow(task, uiState(['stop', 'delegate', 'delete'], { running: true })).slots();
    cleanup();
    const after = renderRow({ ...task, status: 'interrupted' }, uiState(['resume', 'delegate', 'delete'])).slots();
    assert.deepEqual(before, ['Stop “T”', 'Delegate a subtask of “T”…', null, 'Delete “T”…']);
    assert.deepEqual(after, ['Resume “T”', 'Delegate a subtask of “T”…', null, 'Delete “T”…']);
    // Delete (the last slot) is where it was: nothing moved under the pointer.
    assert.equal(before.length, after.length);
  });

  it('runs the command of the button clicked, for its task; a click on the row opens it as a preview', () => {
    const { host, element } = renderRow(makeTask({ id: 'a', title: 'T', status: 'interrupted', parentId: 'p' }), uiState(['resume', 'abandon', 'delete']));
    fireEvent.click(element.querySelector('[aria-label="Resume “T”"]')!);
    fireEvent.click(element.querySelector('[aria-label="Abandon “T”…"]')!);
    fireEvent.click(element.querySelector('.task-title')!);
    fireEvent.doubleClick(element.querySelector('.task-title')!);
    assert.deepEqual(host.posted, [
      { type: 'command', command: 'baton.resumeTask', taskId: 'a' },
      { type: 'command', command: 'baton.abandonSubtask', taskId: 'a' },
      { type: 'command', command: 'baton.openTask', taskId: 'a', preview: true },
      { type: 'command', command: 'baton.openTask', taskId: 'a' },
    ]);
  });

  it('hands its context menu the task and exactly the allowed actions', () => {
    const { element } = renderRow(makeTask({ id: 'a', status: 'interrupted' }), uiState(['open', 'resume', 'delete']));
    const context = JSON.parse(element.getAttribute('data-vscode-context')!) as Record<string, unknown>;
    assert.equal(context.taskId, 'a');
    assert.equal(context.webviewSection, 'task');
    assert.equal(context.batonCanResume, true);
    assert.equal(context.batonCanStop, false);
    assert.equal(context.batonCanAbandon, false);
  });

  it('shows a fan-out under its parent in the order delegated, a background subtask marked as such, each with its status', () => {
    const awaiting = ['k1', 'k2', 'k3'].map((childId) => ({ childId, toolCallId: 'batch', until: null, wakeOn: [] }));
    const parent = makeTask({ id: 'p', title: 'Release', status: 'delegated', childIds: ['k3', 'k1', 'k2', 'bg'], awaitingChildId: 'k1', pendingToolCallId: 'batch', awaiting, createdAt: 1 });
    const kid = (id: string, title: string, overrides = {}) => makeTask({ id, title, parentId: 'p', rootId: 'p', createdAt: 5, reportTo: { toolCallId: 'batch' }, ...overrides });
    const tasks = [parent, kid('k1', 'Notes'), kid('k2', 'Links', { status: 'interrupted', interruptReason: 'user_stop' }), kid('k3', 'Version'), kid('bg', 'Lint', { reportTo: { toolCallId: 'bg-call' } })];
    const ui = { p: uiState([]), k1: uiState(['stop'], { running: true }), k2: uiState(['resume']), k3: uiState([]), bg: uiState(['stop'], { running: true }) };
    const view = render(
      <MessengerContext.Provider value={new FakeHost()}>
        <TaskTree nodes={buildTaskTree(Object.fromEntries(tasks.map((t) => [t.id, t])))} ui={ui} live={{ k3: { kind: 'queued', position: 1, at: 1 } }} focus={null} />
      </MessengerContext.Provider>,
    );
    const rows = [...view.container.querySelectorAll('[role="treeitem"]')].map((r) => `${r.getAttribute('aria-level')} ${r.getAttribute('aria-label')}`);
    assert.deepEqual(rows, [
      '1 Release, Waiting on 3 subtasks',
      '2 Version, Queued, subtask',
      '2 Notes, Running, subtask',
      '2 Links, Interrupted, subtask',
      '2 Lint, Running, background subtask',
    ]);
    assert.equal(view.container.querySelectorAll('.task-tag').length, 1, 'one background tag');
  });
});
