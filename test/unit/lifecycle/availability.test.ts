import assert from 'node:assert/strict';
import { applyCommand, type LifecycleCommand } from '../../../src/core/lifecycle';
import { availabilityOf, commandFor, isRunningNow, releaseDeadLeases, type AvailabilityInputs } from '../../../src/core/lifecycle/availability';
import { USER_ACTIONS, type UserAction } from '../../../src/shared/protocol';
import { DEFAULT_BUDGET, TaskStatus, isLeaseLive, type TaskMap } from '../../../src/shared/task';
import { buildScenario, LEASE_TTL_MS, mustGet, NOW, OWNER } from '../host/scenario';
import { makeTask } from '../webview/makeTask';

const tasks = buildScenario();

function inputs(overrides: Partial<AvailabilityInputs> = {}): AvailabilityInputs {
  return {
    now: NOW + 1,
    ownerId: OWNER,
    maxDepth: 3,
    budget: DEFAULT_BUDGET,
    leaseLive: (task) => isLeaseLive(task.lease, NOW + 1, LEASE_TTL_MS),
    folderRefusal: () => undefined,
    ...overrides,
  };
}

const all = availabilityOf(tasks, inputs());
const state = (id: string, action: UserAction) => all[id]![action];
const reason = (id: string, action: UserAction) => {
  const s = state(id, action);
  return s.allowed ? undefined : s.reason;
};

describe('what a user may do with a task (the lifecycle decides)', () => {
  it('the scenario holds a task in every status', () => {
    const statuses = new Set(Object.values(tasks).map((t) => t.status));
    assert.deepEqual([...statuses].sort(), [...TaskStatus.options].sort());
  });

  describe('every action on every task agrees with a dry run of its lifecycle command', () => {
    for (const id of Object.keys(tasks)) {
      for (const action of USER_ACTIONS) {
        it(`${action} on ${id} (${tasks[id]!.status})`, () => {
          const command = commandFor(action, mustGet(tasks, id), inputs());
          const mine = state(id, action);
          if (command === null) {
            assert.deepEqual(mine, { allowed: true });
            return;
          }
          const out = applyCommand(tasks, command);
          if (!out.ok) {
            // Refused: the user reads exactly what the lifecycle says.
            assert.deepEqual(mine, { allowed: false, reason: out.error.message });
          } else if (out.changed.length === 0 && out.removed.length === 0) {
            // A no-op is never offered: no button that does nothing.
            assert.equal(mine.allowed, false, `${action} on ${id} would change nothing, yet it is offered`);
            assert.ok(!mine.allowed && mine.reason.length > 0);
          } else if (action !== 'continue') {
            assert.deepEqual(mine, { allowed: true });
          }
        });
      }
    }
  });

  it('Continue (a new budget) is offered only where a task it resumes ran out of budget', () => {
    const offered = Object.keys(tasks).filter((id) => state(id, 'continue').allowed);
    assert.deepEqual(offered.sort(), ['c-budget', 'p-budget']);
    assert.match(reason('interrupted', 'continue') ?? '', /did not run out of budget, so it needs no new one: Resume continues it/);
    assert.equal(reason('completed', 'continue'), '"Completed root" is completed; send a follow-up message to continue it.');
  });

  it('Stop is offered on running tasks and on parents with something running below them', () => {
    const stoppable = Object.keys(tasks).filter((id) => state(id, 'stop').allowed);
    // A task waiting for the user's answer stops asking (the issue: Stop on it did nothing).
    assert.deepEqual(stoppable.sort(), ['asking', 'c-running', 'p-abandoned', 'p-running', 'running']);
    assert.equal(reason('interrupted', 'stop'), '“Interrupted root” is not running: it is interrupted.');
    assert.equal(reason('p-interrupted', 'stop'), '“Parent of interrupted” waits on subtasks, and none of them is running.');
  });

  it('Resume on a parent resumes the paused subtasks it waits on', () => {
    assert.equal(state('p-interrupted', 'resume').allowed, true);
    assert.equal(state('chain', 'resume').allowed, true, 'down the chain');
    assert.equal(reason('p-running', 'resume'), '“Parent of running” waits on subtasks that are not paused: nothing to resume.');
    assert.equal(reason('running', 'resume'), '“Running root” is already running.');
  });

  it('Abandon and Message say what the lifecycle says', () => {
    assert.equal(reason('interrupted', 'abandon'), '"Interrupted root" is not a subtask; stop or delete it instead.');
    assert.equal(reason('c-running', 'abandon'), '"Running child" is running; stop it first, then abandon it.');
    assert.equal(state('c-interrupted', 'abandon').allowed, true);
    assert.equal(reason('c-interrupted', 'message'), '"Interrupted child" is a subtask; it reports to its parent, not to you.');
    assert.equal(state('asking', 'message').allowed, true, 'the answer to its question');
    assert.equal(state('completed', 'message').allowed, true, 'a follow-up');
  });

  it('Open and Delete apply to every task', () => {
    for (const id of Object.keys(tasks)) {
      assert.equal(state(id, 'open').allowed, true);
      assert.equal(state(id, 'delete').allowed, true);
    }
  });

  it('the depth limit from the settings is the delegate command’s maxDepth, worded by the lifecycle', () => {
    const shallow = availabilityOf(tasks, inputs({ maxDepth: 1 }));
    assert.equal(shallow['running']!.delegate.allowed, true, 'a root may delegate at depth limit 1');
    const child = shallow['c-interrupted']!.delegate;
    assert.deepEqual(child, { allowed: false, reason: 'A subtask at depth 2 would exceed the maximum nesting depth of 1.' });
    const none = availabilityOf(tasks, inputs({ maxDepth: 0 }));
    assert.equal(none['running']!.delegate.allowed, false);
  });

  it('a task whose folder is not open here may not run here, but may still be stopped and deleted', () => {
    const elsewhere = availabilityOf(tasks, inputs({ folderRefusal: () => 'Its folder is not open in this window.' }));
    assert.deepEqual(elsewhere['interrupted']!.resume, { allowed: false, reason: 'Its folder is not open in this window.' });
    assert.equal(elsewhere['completed']!.message.allowed, false);
    assert.equal(elsewhere['running']!.stop.allowed, true);
    assert.equal(elsewhere['running']!.delete.allowed, true);
    // A lifecycle refusal is the more basic reason, and wins.
    assert.equal((elsewhere['completed']!.resume as { reason: string }).reason, '"Completed root" is completed; send a follow-up message to continue it.');
  });

  describe('a lease that is not live', () => {
    const dead = inputs({ leaseLive: (task) => task.id !== 'c-running' && isLeaseLive(task.lease, NOW + 1, LEASE_TTL_MS) });
    const states = availabilityOf(tasks, dead);

    it('is not running: Stop is not offered, Resume is', () => {
      assert.equal(isRunningNow(mustGet(tasks, 'c-running'), dead), false);
      assert.equal(states['c-running']!.stop.allowed, false);
      assert.equal(states['c-running']!.resume.allowed, true);
      assert.equal(states['p-running']!.resume.allowed, true, 'Resume from its parent is not refused as "already running"');
    });

    it('is released as start-up reconciliation would release it', () => {
      const { tasks: released, released: ids } = releaseDeadLeases(tasks, dead);
      assert.deepEqual(ids, ['c-running']);
      assert.equal(released['c-running']!.status, 'interrupted');
      assert.equal(released['c-running']!.interruptReason, 'editor_closed');
      const reconciled = applyCommand(tasks, { type: 'reconcile', leaseTtlMs: 0, now: NOW + 1 } as LifecycleCommand);
      assert.ok(reconciled.ok);
      assert.equal(reconciled.tasks['c-running']!.status, released['c-running']!.status);
    });

    it('leaves a task waiting for the user alone (it holds no lease by design)', () => {
      const none = inputs({ leaseLive: () => false });
      assert.equal(releaseDeadLeases(tasks, none).released.includes('asking'), false);
      assert.equal(availabilityOf(tasks, none)['asking']!.message.allowed, true);
    });
  });

  it('a task that no longer exists allows nothing', () => {
    const gone: TaskMap = {};
    assert.deepEqual(availabilityOf(gone, inputs()), {});
  });
});

describe('words the lifecycle refuses with (issue 9, item 8)', () => {
  const tasks = buildScenario();
  const done = applyCommand(tasks, { type: 'interrupt', taskId: 'c-running', reason: 'user_stop', now: NOW + 1 });
  assert.ok(done.ok);

  it('a completed subtask is not advised a follow-up it would refuse', () => {
    const completedChild = applyCommand(buildScenario(), { type: 'complete', taskId: 'c-running', result: { summary: 'ok', filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] }, now: NOW + 1 });
    assert.ok(completedChild.ok);
    const states = availabilityOf(completedChild.tasks, inputs());
    const resume = states['c-running']!.resume;
    assert.deepEqual(resume, { allowed: false, reason: '"Running child" is completed and its result went to its parent; a finished subtask is not resumed.' });
    assert.equal(states['c-running']!.message.allowed, false);
  });

  it('partial work handed to a parent says plainly that no progress was reported', () => {
    const abandoned = applyCommand(done.tasks, { type: 'abandon', taskId: 'c-running', ownerId: OWNER, now: NOW + 2 });
    assert.ok(abandoned.ok);
    const summary = abandoned.tasks['c-running']!.result!.summary;
    assert.equal(summary, 'The user abandoned this subtask before it finished. It had not reported its progress yet.');
    assert.ok(!/checkpoint/.test(summary));
  });
});

describe('Resume with a message (issue 10): the resume command with a message, dry-run', () => {
  it('is offered where Resume is, on a paused task and on a parent waiting on one paused subtask', () => {
    assert.equal(state('c-interrupted', 'resumeWithMessage').allowed, true, 'a stopped subtask takes a message when resumed, though it takes none otherwise');
    assert.equal(state('p-interrupted', 'resumeWithMessage').allowed, true, 'the one paused subtask it waits on gets it');
    assert.equal(reason('running', 'resumeWithMessage'), '"Running root" is already running; send it a message when it asks, or stop it first.');
    assert.equal(reason('completed', 'resumeWithMessage'), '"Completed root" is completed; send a follow-up message to continue it.');
  });

  it('is refused, in the lifecycle’s words, on a parent waiting on several paused subtasks (which one would read it?)', () => {
    const parent = makeTask({
      id: 'fan',
      title: 'Fan-out',
      status: 'delegated',
      childIds: ['k1', 'k2'],
      awaitingChildId: 'k1',
      pendingToolCallId: 'call',
      awaiting: ['k1', 'k2'].map((childId) => ({ childId, toolCallId: 'call', until: null, wakeOn: [] })),
    });
    const kids = ['k1', 'k2'].map((id) => makeTask({ id, parentId: 'fan', rootId: 'fan', status: 'interrupted', interruptReason: 'user_stop', reportTo: { toolCallId: 'call' } }));
    const tree: TaskMap = Object.fromEntries([parent, ...kids].map((t) => [t.id, t]));
    const fan = availabilityOf(tree, inputs())['fan']!;
    assert.equal(fan.resume.allowed, true, 'Resume all');
    assert.deepEqual(fan.resumeWithMessage, { allowed: false, reason: '"Fan-out" waits on 2 paused subtasks; resume them one by one to send each a message.' });
  });
});
