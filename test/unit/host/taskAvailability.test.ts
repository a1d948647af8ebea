import assert from 'node:assert/strict';
import { applyCommand, type TransitionResult } from '../../../src/core/lifecycle';
import { actionTarget, tasksFor, unavailableReason, type TaskAction } from '../../../src/host/commands/taskAvailability';
import { RESUMABLE } from '../../../src/shared/task';
import { buildScenario, lookupIn, mustGet, NOW, OWNER } from './scenario';

const tasks = buildScenario();
const lookup = lookupIn(tasks);
const reason = (action: TaskAction, id: string) => unavailableReason(action, mustGet(tasks, id), lookup);

/** What the orchestrator would commit for `action` on `id`, applied to the scenario. */
function lifecycleOutcome(action: TaskAction, id: string): TransitionResult {
  const now = NOW + 1;
  const apply = applyCommand;
  switch (action) {
    case 'stop':
      return apply(tasks, { type: 'interrupt', taskId: id, reason: 'user_stop', now });
    case 'resume':
      return apply(tasks, { type: 'resume', taskId: id, ownerId: OWNER, now });
    case 'continue':
      return apply(tasks, { type: 'resume', taskId: id, budget: { maxTurns: 5, maxRuntimeMs: 60_000, responseTimeoutMs: 10_000 }, ownerId: OWNER, now });
    case 'abandon':
      return apply(tasks, { type: 'abandon', taskId: id, ownerId: OWNER, now });
    case 'delegate':
      return apply(tasks, { type: 'delegate', parentId: id, toolCallId: 'manual-new-child', children: [{ childId: 'new-child', title: 'New', goal: 'New' }], ownerId: OWNER, now });
    default:
      throw new Error(`no lifecycle command for ${action}`);
  }
}

describe('which tasks a command applies to', () => {
  describe('agrees with the lifecycle on every task of a realistic history', () => {
    for (const action of ['stop', 'resume', 'continue', 'abandon', 'delegate'] as const) {
      for (const id of Object.keys(tasks)) {
        it(`${action} on ${id}`, () => {
          const mine = reason(action, id);
          const out = lifecycleOutcome(action, id);
          if (!out.ok) {
            // Refused: the command says exactly what the lifecycle would.
            assert.equal(mine, out.error.message);
          } else {
            // Applies exactly when the lifecycle would change something (no silent no-ops).
            assert.equal(mine === undefined, out.changed.length > 0, `reason: ${mine}; lifecycle changed ${out.changed.join(', ') || 'nothing'}`);
          }
        });
      }
    }
  });

  it('Abandon on a running subtask says to stop it first', () => {
    assert.equal(reason('abandon', 'c-running'), '"Running child" is running; stop it first, then abandon it.');
  });

  it('Abandon on a root task says it is not a subtask', () => {
    assert.equal(reason('abandon', 'interrupted'), '"Interrupted root" is not a subtask; stop or delete it instead.');
  });

  it('Stop on a paused task says where it stands', () => {
    assert.equal(reason('stop', 'interrupted'), '"Interrupted root" is not running; it is interrupted.');
    assert.equal(reason('stop', 'c-budget'), '"Out-of-budget child" is not running; it is out of budget (needs continuation).');
    assert.equal(reason('stop', 'asking'), '"Asking root" is waiting for your answer, not running.');
  });

  it('Stop, Resume and Continue on a waiting parent act on the task at the bottom of its chain', () => {
    assert.equal(actionTarget('stop', mustGet(tasks, 'p-running'), lookup).id, 'c-running');
    assert.equal(reason('stop', 'p-running'), undefined);
    assert.equal(actionTarget('resume', mustGet(tasks, 'chain'), lookup).id, 'chain-bottom');
    assert.equal(reason('resume', 'chain'), undefined);
    assert.equal(reason('stop', 'chain'), '"Chain root" is waiting on "Chain bottom", which is interrupted, not running.');
    assert.equal(reason('resume', 'p-running'), '"Parent of running" is waiting on "Running child", which is already running.');
    // Abandon and Delegate are about the task itself.
    assert.equal(actionTarget('abandon', mustGet(tasks, 'chain'), lookup).id, 'chain');
  });

  it('Continue applies to interrupted, out-of-budget and failed tasks only', () => {
    const statuses = tasksFor('continue', Object.values(tasks), lookup).map((t) => t.status);
    assert.deepEqual(new Set(statuses), new Set(RESUMABLE));
    assert.equal(reason('continue', 'completed'), '"Completed root" is completed; send a follow-up message to continue it.');
  });

  it('Open and Delete apply to every task', () => {
    for (const id of Object.keys(tasks)) {
      assert.equal(reason('open', id), undefined);
      assert.equal(reason('delete', id), undefined);
    }
  });

  it('lists the tasks a command applies to, newest first', () => {
    const stoppable = tasksFor('stop', Object.values(tasks), lookup).map((t) => t.id);
    // The parent of a running child is not listed: its child is.
    assert.deepEqual(stoppable, ['p-abandoned', 'c-running', 'running']);
    const abandonable = tasksFor('abandon', Object.values(tasks), lookup).map((t) => t.id);
    assert.deepEqual(abandonable, ['chain-bottom', 'c-failed', 'c-budget', 'c-interrupted']);
  });
});
