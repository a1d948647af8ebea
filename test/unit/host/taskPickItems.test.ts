import assert from 'node:assert/strict';
import { taskIdFromArg } from '../../../src/host/commands/taskArgument';
import { pickGroups, pickItem, type PickContext } from '../../../src/host/commands/taskPickItems';
import { deletionDetail } from '../../../src/host/commands/deletionDetail';
import type { TaskRecord } from '../../../src/shared/task';
import { buildScenario, LEASE_TTL_MS, lookupIn, mustGet, NOW, uiStatesOf } from './scenario';

const tasks = buildScenario();
const lookup = lookupIn(tasks);
const at = (now: number) => {
  const ui = uiStatesOf(tasks, { now });
  return (id: string) => ui.get(id);
};
const ctx: PickContext = { lookup, stateOf: at(NOW), workspaceFolders: ['file:///here'] };

describe('task quick pick items', () => {
  it('show a codicon, the title, the status and the parent of a subtask', () => {
    assert.deepEqual(pickItem(mustGet(tasks, 'c-interrupted'), ctx), {
      taskId: 'c-interrupted',
      label: '$(debug-pause) Interrupted child',
      description: 'Interrupted · subtask of “Parent of interrupted”',
    });
    assert.equal(pickItem(mustGet(tasks, 'running'), ctx).description, 'Running');
    assert.equal(pickItem(mustGet(tasks, 'running'), ctx).label, '$(loading~spin) Running root');
    // A lease without a fresh heartbeat is never shown as running.
    assert.equal(pickItem(mustGet(tasks, 'running'), { ...ctx, stateOf: at(NOW + LEASE_TTL_MS + 1) }).description, 'Not running');
    assert.equal(pickItem(mustGet(tasks, 'asking'), ctx).description, 'Waiting for your answer');
    assert.equal(pickItem(mustGet(tasks, 'p-budget'), ctx).description, 'Waiting on subtask');
  });

  it('keep a title containing $( from turning into an icon', () => {
    const odd: TaskRecord = { ...mustGet(tasks, 'running'), title: 'Print $(HOME)' };
    assert.ok(!pickItem(odd, ctx).label.slice(2).includes('$('));
  });

  it("list this workspace's tasks first, newest first, then the others under a separator", () => {
    const here = { ...mustGet(tasks, 'running'), workspace: 'file:///here', createdAt: 1 };
    const newer = { ...mustGet(tasks, 'failed'), workspace: null, createdAt: 2 };
    const elsewhere = { ...mustGet(tasks, 'completed'), workspace: 'file:///elsewhere', createdAt: 3 };
    const groups = pickGroups([here, elsewhere, newer], ctx);
    assert.deepEqual(
      groups.map((g) => [g.separator, g.items.map((i) => i.taskId)]),
      [
        [undefined, ['failed', 'running']],
        ['Other workspaces', ['completed']],
      ],
    );
  });
});

describe('the task a command was invoked on', () => {
  it('is a task id, or an object carrying one', () => {
    assert.equal(taskIdFromArg('abc'), 'abc');
    assert.equal(taskIdFromArg({ taskId: 'abc', webview: 'baton.tasks' }), 'abc');
    assert.equal(taskIdFromArg({ id: 'abc' }), 'abc');
  });

  it('is nothing for anything else', () => {
    for (const arg of [undefined, null, '', '  ', 42, {}, { taskId: 7 }, ['abc']]) assert.equal(taskIdFromArg(arg), undefined, String(arg));
  });
});

describe('the Delete confirmation', () => {
  it('names the subtasks deleted with a task, and the running ones that stop', () => {
    assert.equal(
      deletionDetail(mustGet(tasks, 'chain'), lookup),
      'Its 2 subtasks are deleted with it. Their transcripts go too.',
    );
    assert.equal(
      deletionDetail(mustGet(tasks, 'p-running'), lookup),
      'Its subtask is deleted with it. 1 running task is stopped. Their transcripts go too.',
    );
  });

  it('says a waiting parent is told the subtask was deleted', () => {
    assert.equal(
      deletionDetail(mustGet(tasks, 'c-interrupted'), lookup),
      '“Parent of interrupted” is waiting on it: it is told the subtask was deleted, gets its partial work, and carries on. Its transcript goes too.',
    );
  });

  it('says a running task is stopped', () => {
    assert.equal(deletionDetail(mustGet(tasks, 'running'), lookup), 'It is running and will be stopped. Its transcript goes too.');
  });
});
