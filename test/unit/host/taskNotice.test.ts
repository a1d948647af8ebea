import assert from 'node:assert/strict';
import { taskNotice } from '../../../src/host/notifications/taskNotice';
import type { TaskRecord } from '../../../src/shared/task';
import { buildScenario, mustGet } from './scenario';

const tasks = buildScenario();
const notice = (id: string) => taskNotice(mustGet(tasks, id));

describe('task notifications', () => {
  it('announces a completed root with its summary and an Open button', () => {
    assert.deepEqual(
      { ...notice('completed'), key: undefined },
      { severity: 'info', message: 'Task “Completed root” completed: All done.', actions: ['open'], key: undefined },
    );
  });

  it('says nothing when a subtask completes: it reports to its parent, which carries on', () => {
    const done: TaskRecord = { ...mustGet(tasks, 'c-running'), status: 'completed' };
    assert.equal(taskNotice(done), undefined);
  });

  it('announces failures with Resume, and running out of budget with Continue', () => {
    assert.deepEqual(notice('c-failed')?.actions, ['open', 'resume']);
    assert.equal(notice('c-failed')?.message, 'Subtask “Failed child” failed: Rate limited too often.');
    assert.equal(notice('c-failed')?.severity, 'error');
    assert.deepEqual(notice('c-budget')?.actions, ['open', 'continue']);
    assert.equal(notice('c-budget')?.message, 'Subtask “Out-of-budget child” used its turn budget and needs continuation: Half done');
  });

  it('announces a question waiting for the user', () => {
    assert.equal(notice('asking')?.message, 'Task “Asking root” is waiting for your answer: Which branch should I use?');
  });

  it('says nothing for a task the user stopped, one that is running or waiting on a subtask', () => {
    assert.equal(notice('interrupted'), undefined);
    assert.equal(notice('running'), undefined);
    assert.equal(notice('p-running'), undefined);
    assert.equal(notice('c-abandoned'), undefined);
  });

  it('announces a task stopped by an internal error', () => {
    const crashed: TaskRecord = { ...mustGet(tasks, 'interrupted'), interruptReason: 'crash' };
    assert.equal(taskNotice(crashed)?.severity, 'error');
    assert.deepEqual(taskNotice(crashed)?.actions, ['open', 'resume']);
  });

  it('gives one key per transition: the same record twice is the same notice, a later one is new', () => {
    const failed = mustGet(tasks, 'failed');
    assert.equal(taskNotice(failed)?.key, taskNotice({ ...failed })?.key);
    assert.notEqual(taskNotice(failed)?.key, taskNotice({ ...failed, updatedAt: failed.updatedAt + 1 })?.key);
  });

  it('keeps the detail to one short line', () => {
    const long: TaskRecord = { ...mustGet(tasks, 'failed'), failure: { message: `${'x'.repeat(400)}\nsecond line` } };
    const message = taskNotice(long)?.message ?? '';
    assert.ok(message.length < 200, message);
    assert.ok(!message.includes('second line'));
    assert.ok(message.endsWith('…'));
  });
});
