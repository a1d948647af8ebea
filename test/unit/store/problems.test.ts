import assert from 'node:assert/strict';
import { problemNotice, takeUnannounced, type StoreProblem, type StoreProblemKind } from '../../../src/core/store';

const problem = (kind: StoreProblemKind, file: string, extra: Partial<StoreProblem> = {}): StoreProblem => ({ kind, file, reason: 'because', ...extra });

describe('what the user is told about store problems', () => {
  it('nothing for no problems', () => {
    assert.equal(problemNotice([]), undefined);
  });

  it('counts the tasks a newer Baton saved and says what to do', () => {
    const notice = problemNotice([problem('newer', '/s/tasks/a.json', { tasks: 2 }), problem('newer', '/s/tasks/b.json', { tasks: 1 })]);
    assert.equal(notice?.message, '3 tasks were saved by a newer Baton; update or reload this window. Everything else loaded.');
    assert.equal(notice.severity, 'warning');
    assert.equal(notice.quarantined, false);
    assert.match(problemNotice([problem('newer', '/s/tasks/a.json', { tasks: 1 })])!.message, /^1 task was saved by a newer Baton; update or reload this window\./);
  });

  it('one sentence per kind, and offers the quarantine folder only when something went there', () => {
    const notice = problemNotice([
      problem('quarantined', '/s/tasks/x.json', { movedTo: '/s/quarantine/x.json.1' }),
      problem('unreadable', '/s/tasks/y.json'),
      problem('conflict', '/s/tasks/p.json'),
      problem('conflict', '/s/tasks/q.json'),
    ]);
    assert.equal(
      notice?.message,
      'Baton cannot read 1 file and left it where it is. 2 task files disagree with the others and were not loaded, nor changed. ' +
        'Baton could not use 1 file and moved it to its quarantine folder. Everything else loaded.',
    );
    assert.equal(notice.quarantined, true);
  });

  it('an unreadable task folder is an error: nothing loaded', () => {
    const notice = problemNotice([problem('unreadable', '/s/tasks', { wholeFolder: true })]);
    assert.equal(notice?.severity, 'error');
    assert.equal(notice.message, 'Baton cannot read its task folder, so no task could be loaded.');
  });

  it('each kind is announced once per window', () => {
    const announced = new Set<StoreProblemKind>();
    assert.equal(takeUnannounced([problem('newer', 'a'), problem('quarantined', 'b')], announced).length, 2);
    assert.deepEqual(takeUnannounced([problem('newer', 'a'), problem('newer', 'c'), problem('quarantined', 'b')], announced), []);
    assert.deepEqual(takeUnannounced([problem('newer', 'c'), problem('conflict', 'd')], announced).map((p) => p.kind), ['conflict']);
  });
});
