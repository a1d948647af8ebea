/** Panels act on their own tree only; the sidebar on any task but answers no approvals (issue 8, item 8). */
import assert from 'node:assert/strict';
import { refusal, SIDEBAR_SCOPE, tasksNamedBy, treeScope } from '../../../src/host/views/taskScope';
import { ACTION_COMMANDS, WebviewToHostMessage } from '../../../src/shared/protocol';

/** Two trees: root A with child A1 and grandchild A2; root B with child B1. */
const ROOTS: Record<string, string> = { A: 'A', A1: 'A', A2: 'A', B: 'B', B1: 'B' };
const rootOf = (id: string) => ROOTS[id];
const panelOf = (taskId: string) => treeScope(`the panel of ${taskId}`, () => rootOf(taskId), rootOf);
/** Approvals open now, by the task that asked. */
const ASKING: Record<string, string> = { 'approval-a1': 'A1', 'approval-b1': 'B1' };
const askingTaskOf = (id: string) => ASKING[id];

/** Every request a webview can send that names a task, naming `id`: each task command. */
function requestsNaming(id: string): WebviewToHostMessage[] {
  const raw = [
    ...Object.values(ACTION_COMMANDS).map((command) => ({ type: 'command', command, taskId: id })),
    { type: 'command', command: 'baton.continueTask', taskId: id, budget: { maxTurns: 5, maxRuntimeMs: 60_000, responseTimeoutMs: 30_000 } },
    { type: 'command', command: 'baton.delegateSubtask', taskId: id, goal: 'sub' },
    { type: 'command', command: 'baton.sendMessage', taskId: id, text: 'more' },
    { type: 'command', command: 'baton.openFile', taskId: id, path: 'a.md' },
  ];
  return raw.map((m) => WebviewToHostMessage.parse(m));
}

const label = (m: WebviewToHostMessage) => (m.type === 'command' ? m.command : m.type);

describe('task scopes of the webviews', () => {
  it('names the task of every request that acts on one', () => {
    for (const message of requestsNaming('A1')) assert.deepEqual(tasksNamedBy(message), ['A1'], label(message));
    assert.deepEqual(tasksNamedBy({ type: 'command', command: 'baton.selectModel' }), []);
    assert.deepEqual(tasksNamedBy({ type: 'command', command: 'baton.newTask', goal: 'g' }), []);
  });

  it('a panel acts on every task of its tree: its own, its parent, its subtasks', () => {
    const panel = panelOf('A1');
    for (const id of ['A', 'A1', 'A2']) {
      for (const message of requestsNaming(id)) assert.equal(refusal(panel, message, askingTaskOf), undefined, `${label(message)} ${id}`);
    }
  });

  it('a panel’s request naming a task of another tree, or no task that exists, is refused with a reason', () => {
    const panel = panelOf('A1');
    for (const id of ['B', 'B1', 'gone']) {
      for (const message of requestsNaming(id)) {
        assert.equal(refusal(panel, message, askingTaskOf), `'${label(message)}' names task ${id}, outside the tree of the panel of A1`);
      }
    }
  });

  it('a panel creates no tasks; the sidebar does', () => {
    const newTask: WebviewToHostMessage = { type: 'command', command: 'baton.newTask', goal: 'g' };
    assert.equal(refusal(panelOf('A'), newTask, askingTaskOf), 'the panel of A may not create tasks');
    assert.equal(refusal(SIDEBAR_SCOPE, newTask, askingTaskOf), undefined);
  });

  it('a panel answers the approvals of its tree only', () => {
    const approve = (approvalId: string): WebviewToHostMessage => ({ type: 'approve', approvalId, decision: 'allow_task' });
    const diff = (approvalId: string): WebviewToHostMessage => ({ type: 'showDiff', approvalId });
    for (const panel of [panelOf('A'), panelOf('A1'), panelOf('A2')]) {
      assert.equal(refusal(panel, approve('approval-a1'), askingTaskOf), undefined);
      assert.equal(refusal(panel, diff('approval-a1'), askingTaskOf), undefined);
      assert.match(refusal(panel, approve('approval-b1'), askingTaskOf) ?? '', /approval approval-b1 was asked by task B1, outside the tree of the panel of A/);
      assert.match(refusal(panel, diff('approval-b1'), askingTaskOf) ?? '', /outside the tree/);
    }
    assert.equal(refusal(panelOf('A'), approve('approval-gone'), askingTaskOf), undefined, 'an approval no longer open: answering it does nothing');
  });

  it('the sidebar acts on any task but answers no approval', () => {
    for (const id of ['A', 'A2', 'B1']) for (const message of requestsNaming(id)) assert.equal(refusal(SIDEBAR_SCOPE, message, askingTaskOf), undefined);
    assert.match(refusal(SIDEBAR_SCOPE, { type: 'approve', approvalId: 'approval-a1', decision: 'allow_once' }, askingTaskOf) ?? '', /answers no approvals/);
    assert.match(refusal(SIDEBAR_SCOPE, { type: 'showDiff', approvalId: 'approval-a1' }, askingTaskOf) ?? '', /answers no approvals/);
  });

  it('a panel whose task is not loaded (yet) acts on nothing', () => {
    const panel = treeScope('the panel of X', () => undefined, rootOf);
    assert.match(refusal(panel, { type: 'command', command: 'baton.stopTask', taskId: 'A' }, askingTaskOf) ?? '', /outside the tree/);
    assert.equal(refusal(panel, { type: 'ready' }, askingTaskOf), undefined, 'the handshake is always let through');
  });
});
