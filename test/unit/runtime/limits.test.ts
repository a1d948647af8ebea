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

  it('children beyond the concurrency limit are queued, holding a live lease, and start as slots free', async () => {
    const slow = (name: string) => (turn: number) => (turn === 0 ? slowText(15, 15) : complete(`${name} done`));
    r = await rig(
      {
        PARENT: (turn) =>
          turn === 0 ? tool('delegate_task', { tasks: ['ONE', 'TWO', 'THREE', 'FOUR'].map((k) => ({ title: k, goal: `${k}: work` })) }) : complete('all four done'),
        ONE: slow('one'),
        TWO: slow('two'),
        THREE: slow('three'),
        FOUR: slow('four'),
      },
      { settings: { maxConcurrentChildren: 2 } },
    );
    let most = 0;
    r.orch.onEvent(() => {
      most = Math.max(most, r!.orch.runningIds().filter((id) => r!.store.get(id)?.parentId).length);
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const queued = await r.waitFor('two children queued', () => {
      const ids = r!.store.get(root.id)?.childIds ?? [];
      const waiting = ids.filter((id) => r!.orch.isQueued(id));
      return waiting.length === 2 && waiting;
    });
    for (const id of queued) {
      const child = r.task(id);
      assert.equal(child.status, 'active');
      assert.equal(child.lease?.ownerId, r.orch.ownerId, 'a queued child holds a lease, so no reconcile takes it');
    }
    assert.deepEqual(
      r.events.filter((e) => e.type === 'queued').map((e) => (e.type === 'queued' ? [e.taskId, e.position] : [])),
      [[queued[0], 1], [queued[1], 2]],
    );
    const status = r.orch.subtaskStatus(root.id).filter((s) => s.activity?.kind === 'queued');
    assert.deepEqual(status.map((s) => s.id), queued);
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id));
    assert.equal(most, 2, 'never more than the limit running at once');
    assert.deepEqual(done.inbox.map((m) => m.kind === 'child_result' && m.outcome), ['completed', 'completed', 'completed', 'completed']);
    const report = toolMessages(r.requestsOf('PARENT')[1]!).join('\n');
    assert.match(report, /4 subtasks reported \(4 completed\)/);
    assert.ok(['one done', 'two done', 'three done', 'four done'].every((t, i, all) => report.indexOf(t) >= 0 && (i === 0 || report.indexOf(all[i - 1]!) < report.indexOf(t))), 'in the order they were listed');
  });

  it('a queued child waiting longer than the lease TTL is not taken for abandoned: heartbeats keep its lease', async () => {
    r = await rig(
      {
        PARENT: (turn) => (turn === 0 ? tool('delegate_task', { tasks: [{ goal: 'ONE: a' }, { goal: 'TWO: b' }, { goal: 'THREE: c' }] }) : complete('done')),
        ONE: (turn) => (turn === 0 ? slowText(30, 20) : complete('one')),
        TWO: (turn) => (turn === 0 ? slowText(30, 20) : complete('two')),
        THREE: (turn) => (turn === 0 ? slowText(30, 20) : complete('three')),
      },
      { settings: { maxConcurrentChildren: 1, leaseTtlMs: 250, heartbeatMs: 50 } },
    );
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id), 20_000);
    assert.deepEqual(done.childIds.map((id) => r!.task(id).status), ['completed', 'completed', 'completed']);
    assert.ok(!r.events.some((e) => e.type === 'status' && e.status === 'interrupted'), 'no child was interrupted by a reconcile');
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

  it('a request that failed before the model answered uses no turn: failing twice and then succeeding costs one turn', async () => {
    let healthy = false;
    r = await rig({ SOLO: () => (healthy ? complete('recovered') : { kind: 'http_error', status: 529, retryAfter: 0 }) });
    const t = await r.orch.createTask({ goal: 'SOLO: go' });
    await r.waitFor('failed', () => r!.task(t.id).status === 'failed');
    assert.equal(r.task(t.id).ownUsage.turns, 0, 'four refused attempts, no turn');
    await r.orch.settled(t.id);
    await r.orch.resume(t.id);
    await r.waitFor('failed again', () => r!.task(t.id).status === 'failed');
    assert.equal(r.task(t.id).ownUsage.turns, 0, 'a failed Resume counts no turn either');
    healthy = true;
    await r.orch.settled(t.id);
    await r.orch.resume(t.id);
    await r.waitFor('completed', () => r!.task(t.id).status === 'completed');
    assert.equal(r.task(t.id).ownUsage.turns, 1);
  });

  it('Stop keeps the time and the output of a cut-short turn: a child stopped mid-stream does not show 0 s or 0 tokens', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Talker', goal: 'CHILD: talk' }) : complete('ok')),
      CHILD: () => slowText(200, 20),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const child = await r.waitFor('the child streaming', () => {
      const c = awaitedChild(r!, root.id);
      return c && r!.events.filter((e) => e.taskId === c.id && e.type === 'text').length >= 10 && c;
    });
    await r.orch.stop(child.id);
    const stopped = r.task(child.id);
    assert.equal(stopped.status, 'interrupted');
    assert.ok(stopped.ownUsage.runtimeMs >= 150, `runtime recorded at the Stop: ${stopped.ownUsage.runtimeMs} ms`);
    assert.equal(stopped.usage.runtimeMs, stopped.ownUsage.runtimeMs + stopped.childUsage.runtimeMs);
    // The model had not reported its count: what streamed is estimated (~4 characters a token), and marked so.
    const streamed = r.events.filter((e) => e.taskId === child.id && e.type === 'text').reduce((n, e) => n + (e.type === 'text' ? e.delta.length : 0), 0);
    assert.ok(stopped.ownUsage.outputTokens >= Math.floor(streamed / 4) && stopped.ownUsage.outputTokens > 0, `${stopped.ownUsage.outputTokens} output tokens for ${streamed} characters`);
    assert.equal(stopped.ownUsage.outputEstimated, true);
    // Handed to the parent (Abandon), it counts in the parent's total, still marked as an estimate.
    await r.orch.abandon(child.id);
    assert.equal(r.task(root.id).childUsage.outputTokens, stopped.ownUsage.outputTokens);
    assert.equal(r.task(root.id).usage.outputEstimated, true);
  });

  it('a turn the model counted is not estimated', async () => {
    r = await rig({ SOLO: () => complete('All done here.') });
    const t = await r.orch.createTask({ goal: 'SOLO: go' });
    await r.waitFor('completed', () => r!.task(t.id).status === 'completed');
    assert.equal(r.task(t.id).ownUsage.outputEstimated, undefined);
  });

  it('turns never run together in the output a budget checkpoint quotes', async () => {
    r = await rig({
      SOLO: (turn) => [tool('list_files', { path: '.' }, 'Reading the files.'), tool('list_files', { path: '.' }, 'Found it')][turn] ?? complete('x'),
    });
    const t = await r.orch.createTask({ goal: 'SOLO: go', budget: { maxTurns: 2, maxRuntimeMs: 600_000, responseTimeoutMs: 60_000 } });
    await r.waitFor('out of turns', () => r!.task(t.id).status === 'needs_continuation');
    const summary = r.task(t.id).lastCheckpoint!.summary;
    assert.match(summary, /Reading the files\.\nFound it/);
  });
});
