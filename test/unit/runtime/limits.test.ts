import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { awaitedChild, complete, rig, slowText, slowWrites, tool, toolMessages, type Rig } from './harness';

describe('runtime: budgets, limits, retries, slow writes', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('checkpoint → turn budget → needs_continuation → Continue with a new budget → completes; checkpoints kept', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Long', goal: 'CHILD: long job' }) : complete('parent done')),
      CHILD: (turn) =>
        [
          tool('checkpoint', { summary: 'step 1 done', next_step: 'step 2' }),
          tool('list_files', { path: '.' }),
          complete('all steps done'),
        ][turn] ?? complete('again'),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go', budget: { maxTurns: 2, maxRuntimeMs: 600_000, responseTimeoutMs: 60_000 } });
    const child = await r.waitFor('child out of budget', () => {
      const c = awaitedChild(r!, root.id);
      return c?.status === 'needs_continuation' && c;
    });
    assert.equal(child.budgetReason, 'turns');
    assert.deepEqual(child.checkpoints.map((c) => c.summary)[0], 'step 1 done');
    assert.match(child.lastCheckpoint!.summary, /turn budget \(2 turns\)/);
    assert.equal(child.lastCheckpoint!.nextStep, 'Continue with a new budget to pick up from here.');
    assert.equal(r.task(root.id).status, 'delegated');
    await r.orch.settled(child.id);
    await r.orch.resume(child.id, { maxTurns: 5, maxRuntimeMs: 600_000, responseTimeoutMs: 60_000 });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    const finished = r.task(child.id);
    assert.equal(finished.status, 'completed');
    assert.ok(finished.checkpoints.some((c) => c.summary === 'step 1 done'), 'the intermediate checkpoint is still there');
    assert.match(toolMessages(r.requestsOf('PARENT')[1]!).join('\n'), /all steps done/);
  });

  it('a response timeout (no stream progress) parks the task as needs_continuation, after a stalled event', async () => {
    r = await rig({ SOLO: (turn) => (turn === 0 ? { kind: 'hang' } : complete('ok')) }, { settings: { stallAfterMs: 100 } });
    const t = await r.orch.createTask({ goal: 'SOLO: wait', budget: { maxTurns: 5, maxRuntimeMs: 600_000, responseTimeoutMs: 400 } });
    await r.waitFor('needs continuation', () => r!.task(t.id).status === 'needs_continuation');
    assert.equal(r.task(t.id).budgetReason, 'response_timeout');
    const kinds = r.events.filter((e) => e.taskId === t.id).map((e) => e.type);
    assert.ok(kinds.includes('stalled'), 'stalled was emitted before the timeout');
    assert.ok(!kinds.includes('retrying'), 'a stall is not a retry');
  });

  it('a child that may not delegate gets a clear tool error, then finishes', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Leaf', goal: 'CHILD: leaf' }) : complete('done')),
      CHILD: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Deeper', goal: 'GRANDCHILD: no' }) : complete('did it myself')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    const refusal = toolMessages(r.requestsOf('CHILD')[1]!).join('\n');
    assert.match(refusal, /delegate_task refused: this task may not delegate \(its depth is 1, the maximum spawn depth is 1\)/);
    assert.equal(r.requestsOf('GRANDCHILD').length, 0);
    assert.equal(r.task(root.id).childIds.length, 1);
  });

  it('the concurrency limit refuses a delegation with a clear tool error', async () => {
    r = await rig(
      {
        FIRST: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Busy', goal: 'BUSYCHILD: work' }) : complete('first done')),
        BUSYCHILD: (turn) => (turn === 0 ? slowText(100, 20) : complete('busy done')),
        SECOND: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Extra', goal: 'EXTRA: work' }) : complete('second did it alone')),
      },
      { settings: { maxConcurrentChildren: 1 } },
    );
    const first = await r.orch.createTask({ goal: 'FIRST: go' });
    await r.waitFor('busy child streaming', () => r!.events.some((e) => e.type === 'text' && e.taskId === r!.store.get(first.id)?.awaitingChildId));
    const second = await r.orch.createTask({ goal: 'SECOND: go' });
    await r.waitFor('second completed', () => r!.task(second.id).status === 'completed');
    assert.match(toolMessages(r.requestsOf('SECOND')[1]!).join('\n'), /1 subtasks are already running \(the limit is 1/);
    assert.equal(r.requestsOf('EXTRA').length, 0);
  });

  it('a 529 storm: bounded, visible retries with attempts, then success, one child only', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Flaky', goal: 'CHILD: flaky' }) : complete('done')),
      CHILD: (turn) => (turn < 3 ? { kind: 'http_error', status: 529, retryAfter: 0, message: 'overloaded' } : complete('survived')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id));
    assert.equal(done.childIds.length, 1, 'no duplicate child');
    const retries = r.events.filter((e) => e.type === 'retrying');
    assert.deepEqual(retries.map((e) => (e.type === 'retrying' ? e.attempt : 0)), [1, 2, 3]);
    assert.ok(retries.every((e) => e.type === 'retrying' && e.maxAttempts === 4 && e.taskId === done.childIds[0]));
    assert.equal(r.requestsOf('PARENT').length, 2, 'the parent never re-delegated');
  });

  it('after the last attempt the task is failed with a clear message, and Resume retries it', async () => {
    let healthy = false;
    r = await rig({ SOLO: () => (healthy ? complete('recovered') : { kind: 'http_error', status: 529, retryAfter: 0 }) });
    const t = await r.orch.createTask({ goal: 'SOLO: go' });
    await r.waitFor('failed', () => r!.task(t.id).status === 'failed');
    assert.equal(r.task(t.id).failure?.code, 'overloaded');
    assert.equal(r.requestsOf('SOLO').length, 4, 'bounded attempts');
    healthy = true;
    await r.orch.settled(t.id);
    await r.orch.resume(t.id);
    await r.waitFor('completed', () => r!.task(t.id).status === 'completed');
  });

  it('Stop during a slow write: the write finishes whole and is listed as written', async () => {
    const slow = slowWrites(300);
    const big = 'x'.repeat(200_000);
    r = await rig(
      {
        PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Writer', goal: 'CHILD: write' }) : complete('ok')),
        CHILD: () => tool('write_file', { path: 'big.txt', content: big }),
      },
      { workspace: slow.wrap },
    );
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const child = await r.waitFor('write started', () => slow.started() && awaitedChild(r!, root.id));
    await r.orch.stop(child.id);
    assert.equal(r.task(child.id).status, 'interrupted');
    await r.orch.settled(child.id);
    assert.equal(readFileSync(path.join(r.workspaceDir, 'big.txt'), 'utf8'), big, 'the file is whole');
    await r.orch.abandon(child.id);
    const msg = r.task(root.id).inbox[0];
    assert.ok(msg?.kind === 'child_result');
    assert.deepEqual(msg.result.filesWritten, ['big.txt']);
  });
});
