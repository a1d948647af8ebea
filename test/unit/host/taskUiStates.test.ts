import assert from 'node:assert/strict';
import { applyCommand, type LifecycleCommand } from '../../../src/core/lifecycle';
import { LeaseLiveness, ownerIdFor, ownerProcess } from '../../../src/host/runtime/leaseOwner';
import { TaskUiStates } from '../../../src/host/tasks/taskUiStates';
import type { TaskDelta } from '../../../src/host/views/updateBatcher';
import type { TaskUiState } from '../../../src/shared/protocol';
import { DEFAULT_BUDGET, type TaskMap } from '../../../src/shared/task';
import { abandonDetail } from '../../../src/host/commands/abandonDetail';
import { buildScenario, LEASE_TTL_MS, lookupIn, mustGet, NOW, OWNER, uiStatesOf } from './scenario';

describe('task UI states (the host’s view of the authority)', () => {
  it('marks the asking task and every ancestor, naming the asking subtask', () => {
    const tasks = buildScenario();
    const ui = uiStatesOf(tasks, { approvals: [{ taskId: 'chain-bottom' }] });
    assert.deepEqual(ui.get('chain-bottom')?.attention, { kind: 'approval', taskId: 'chain-bottom', title: 'Chain bottom', count: 1 });
    assert.deepEqual(ui.get('chain-middle')?.attention, { kind: 'approval', taskId: 'chain-bottom', title: 'Chain bottom', count: 1 });
    assert.deepEqual(ui.get('chain')?.attention, { kind: 'approval', taskId: 'chain-bottom', title: 'Chain bottom', count: 1 });
    assert.equal(ui.get('p-running')?.attention, null, 'another tree is not concerned');
    assert.deepEqual(ui.get('asking')?.attention, { kind: 'question', taskId: 'asking', title: 'Asking root', count: 1 });
    assert.deepEqual(ui.waitingForUser().map((t) => t.id).sort(), ['asking', 'chain-bottom']);
  });

  it('is never "running" without a live lease, and says so the moment the lease ages', () => {
    const tasks = buildScenario();
    let now = NOW;
    const changes: Record<string, TaskUiState>[] = [];
    const ui = new TaskUiStates({
      feed: { list: () => Object.values(tasks), get: (id) => tasks[id], onDidChange: () => ({ dispose: () => undefined }) },
      ownerId: OWNER,
      liveness: new LeaseLiveness({ leaseTtlMs: LEASE_TTL_MS, isPidAlive: () => true }),
      maxDepth: () => 3,
      budget: () => DEFAULT_BUDGET,
      now: () => now,
    });
    ui.onDidChange((changed) => changes.push({ ...changed }));
    assert.equal(ui.get('running')?.running, true);
    now = NOW + LEASE_TTL_MS + 1;
    void ui.tick();
    assert.equal(ui.get('running')?.running, false);
    assert.equal(ui.get('running')?.actions.stop.allowed, false);
    assert.equal(ui.get('running')?.actions.resume.allowed, true);
    assert.ok(changes.some((c) => c.running?.running === false), 'listeners heard it');
  });

  it('releases, at once, a lease whose owner process is gone, and acts on the store it released', async () => {
    let tasks: TaskMap = buildScenario();
    const listeners = new Set<(d: TaskDelta) => void>();
    // The running root was run by a process on this machine that has died.
    const dead = ownerIdFor('gone', 4242);
    tasks = { ...tasks, running: { ...mustGet(tasks, 'running'), lease: { ownerId: dead, heartbeatAt: NOW } } };
    const released: string[] = [];
    const ui = new TaskUiStates({
      feed: { list: () => Object.values(tasks), get: (id) => tasks[id], onDidChange: (l) => (listeners.add(l), { dispose: () => listeners.delete(l) }) },
      ownerId: OWNER,
      liveness: new LeaseLiveness({ leaseTtlMs: LEASE_TTL_MS, isPidAlive: (pid) => pid !== 4242 }),
      maxDepth: () => 3,
      budget: () => DEFAULT_BUDGET,
      now: () => NOW,
      release: async (taskId, now) => {
        released.push(taskId);
        const out = applyCommand(tasks, { type: 'interrupt', taskId, reason: 'editor_closed', now } as LifecycleCommand);
        assert.ok(out.ok);
        tasks = out.tasks;
        for (const l of listeners) l({ changed: out.changed.map((id) => tasks[id]!), removed: [] });
      },
    });
    assert.equal(ui.get('running')?.running, false, 'not running though its heartbeat is fresh');
    await ui.tick();
    assert.deepEqual(released, ['running']);
    assert.equal(tasks.running?.status, 'interrupted');
    assert.equal(tasks.running?.interruptReason, 'editor_closed');
    assert.equal(ui.get('running')?.actions.resume.allowed, true);
    await ui.tick();
    assert.deepEqual(released, ['running'], 'released once');
  });
});

describe('lease owners', () => {
  it('name their process, so a window on the same machine can tell when it is gone', () => {
    const id = ownerIdFor('V1StGXR8_Z5jdHi6B-myT', 1234, 'build-box');
    assert.equal(id, 'V1StGXR8_Z5jdHi6B-myT:1234@build-box');
    assert.deepEqual(ownerProcess(id), { pid: 1234, host: 'build-box' });
    assert.equal(ownerProcess('V1StGXR8_Z5jdHi6B-myT'), undefined, 'an older owner id names no process');
  });

  it('is gone only when its process is on this machine and dead', () => {
    const liveness = new LeaseLiveness({ leaseTtlMs: 30_000, host: 'here', isPidAlive: (pid) => pid === 1 });
    assert.equal(liveness.ownerGone(ownerIdFor('a', 2, 'here'), 0), true);
    assert.equal(liveness.ownerGone(ownerIdFor('a', 1, 'here'), 0), false, 'alive');
    assert.equal(liveness.ownerGone(ownerIdFor('a', 2, 'elsewhere'), 0), false, 'another machine: only its heartbeat tells');
    assert.equal(liveness.ownerGone('plain-nanoid', 0), false);
    assert.equal(liveness.isLive({ ownerId: ownerIdFor('a', 2, 'here'), heartbeatAt: 0 }, 1), false);
    assert.equal(liveness.isLive({ ownerId: ownerIdFor('a', 1, 'here'), heartbeatAt: 0 }, 1), true);
    assert.equal(liveness.isLive({ ownerId: ownerIdFor('a', 1, 'here'), heartbeatAt: 0 }, 30_000), false, 'too old');
  });
});

describe('the Abandon confirmation', () => {
  const tasks = buildScenario();
  const lookup = lookupIn(tasks);

  it('says what the parent receives: the last checkpoint, the output, the files', () => {
    assert.equal(
      abandonDetail(mustGet(tasks, 'c-budget'), lookup),
      '“Parent of out-of-budget” stops waiting for it and gets its partial work: its last checkpoint (“Half done”), the last of its output, the files it read and wrote.',
    );
  });

  it('says so when the parent already heard from it', () => {
    const reported = { ...mustGet(tasks, 'c-interrupted'), reportTo: null };
    assert.match(abandonDetail(reported, lookup), /already heard from it: abandoning only detaches it/);
  });
});
