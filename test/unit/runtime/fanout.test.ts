/**
 * Issue 10, the runtime: fan-out over the scripted model server. A batch folds back into one
 * tool result per call, in input order; several calls in one turn never interrupt each other;
 * background children report exactly once; failures report back; the kill switches hold.
 */
import assert from 'node:assert/strict';
import { rebuildConversation } from '../../../src/core/agent/conversation';
import { atTurnBoundary } from '../../../src/core/agent/turnBoundary';
import { after, complete, idsIn, lastToolMessage, rig, slowText, tool, toolMessages, tools, userMessages, type Rig } from './harness';

const FAILING = { kind: 'http_error', status: 529, retryAfter: 0, message: 'overloaded' } as const;

describe('runtime: fan-out (scripted model over loopback)', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('a batch of three where one fails after its retries: one tool result with two results and one failure, in order', async () => {
    r = await rig({
      PARENT: (turn) =>
        turn === 0
          ? tool('delegate_task', { tasks: [{ title: 'First', goal: 'FIRST: parse' }, { title: 'Broken', goal: 'BROKEN: fail' }, { title: 'Third', goal: 'THIRD: test' }] })
          : complete('handled the failure'),
      FIRST: () => complete('first result'),
      BROKEN: () => FAILING,
      THIRD: (turn) => (turn === 0 ? slowText(5, 10) : complete('third result')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id));
    const [first, broken, third] = done.childIds.map((id) => r!.task(id));
    assert.deepEqual([first!.status, broken!.status, third!.status], ['completed', 'failed', 'completed']);
    assert.equal(r.requestsOf('BROKEN').length, 4, 'the failure came after the retries');
    const second = r.requestsOf('PARENT')[1]!;
    const results = toolMessages(second);
    assert.equal(results.length, 1, 'ONE tool result for the call');
    const report = results[0]!;
    assert.match(report, /^3 subtasks reported \(2 completed, 1 failed\), in the order you listed them\./);
    const at = (s: string) => report.indexOf(s);
    assert.ok(at('first result') < at('Subtask "Broken" failed.') && at('Subtask "Broken" failed.') < at('third result'), 'input order');
    assert.match(report, /Error: .*overloaded/i);
    assert.match(report, /can be retried/);
    for (const c of [first!, broken!, third!]) assert.ok(report.includes(`Subtask id: ${c.id}`));
  });

  it('baton.subtaskFailure "wait": a failed child leaves its parent waiting for the user, as before', async () => {
    r = await rig({ PARENT: () => tool('delegate_task', { goal: 'BROKEN: fail' }), BROKEN: () => FAILING }, { settings: { subtaskFailure: 'wait' } });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const childId = await r.waitFor('child failed', () => {
      const id = r!.store.get(root.id)?.childIds[0];
      return id && r!.task(id).status === 'failed' && id;
    });
    await r.orch.settled();
    assert.equal(r.task(root.id).status, 'delegated');
    assert.equal(r.task(root.id).inbox.length, 0);
    assert.equal(r.task(childId).reportTo?.toolCallId, r.task(root.id).pendingToolCallId);
  });

  it('two delegate_task calls in one turn: each answered with its own children, no false "interrupted", an early finisher answered once', async () => {
    r = await rig({
      PARENT: (turn) =>
        turn === 0
          ? tools(
              ['delegate_task', { title: 'Quick', goal: 'QUICK: answer at once' }],
              ['delegate_task', { tasks: [{ title: 'Left', goal: 'LEFT: half' }, { title: 'Right', goal: 'RIGHT: half' }] }],
              // The quick child finishes while this turn is still running, before the turn's wait is committed.
              ['run_command', { command: 'sleep 0.4' }],
            )
          : complete('both calls answered'),
      QUICK: () => complete('quick result'),
      LEFT: (turn) => (turn === 0 ? slowText(5, 20) : complete('left result')),
      RIGHT: (turn) => (turn === 0 ? slowText(5, 20) : complete('right result')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id));
    assert.equal(done.childIds.length, 3);
    const second = r.requestsOf('PARENT')[1]!;
    const results = toolMessages(second);
    assert.equal(results.length, 3, 'one result per call');
    assert.ok(!results.some((c) => /interrupted/.test(c)), `no false interruption: ${results.join('\n---\n')}`);
    assert.match(results[0]!, /^Subtask "Quick" completed\.[\s\S]*quick result/);
    assert.match(results[1]!, /^2 subtasks reported \(2 completed\)[\s\S]*left result[\s\S]*right result/);
    assert.match(results[2]!, /^Exit code: 0/, 'results in the order of the calls');
    const everything = JSON.stringify(second.body?.messages);
    assert.equal(everything.split('quick result').length - 1, 1, 'the early finisher is presented once');
    assert.deepEqual(userMessages(second), [], 'nothing arrived as a stray message');
  });

  it('wait: false → ids at once, the parent keeps working, the outcome arrives at the next turn boundary exactly once', async () => {
    r = await rig({
      PARENT: (turn) =>
        [
          () => tool('delegate_task', { title: 'Background', goal: 'BG: work quietly', wait: false }),
          // The parent keeps working (its model thinks) while the child finishes.
          () => after(() => r?.store.list().some((t) => t.parentId !== null && t.status === 'completed') ?? false, tool('list_files', { path: '.' })),
          () => tool('list_files', { path: '.' }),
          () => complete('used the background result'),
        ][turn]!(),
      BG: () => complete('background result'),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    await r.orch.settled();
    const [ack, afterSleep, afterList] = [1, 2, 3].map((i) => r!.requestsOf('PARENT')[i]);
    const childId = r.task(root.id).childIds[0]!;
    assert.match(lastToolMessage(ack), /^Started 1 subtask in the background:/);
    assert.deepEqual(idsIn(lastToolMessage(ack)), [childId]);
    const report = userMessages(afterSleep).filter((m) => m.includes('background result'));
    assert.equal(report.length, 1, 'delivered at the next turn boundary');
    assert.match(report[0]!, /^A subtask you started in the background has reported back\./);
    for (const req of [afterList]) assert.equal(JSON.stringify(req?.body?.messages).split('background result').length - 1, 1, 'and never again');
    // The journal says it was presented: a rebuilt conversation presents nothing anew.
    const rebuilt = rebuildConversation(r.task(root.id), await r.orch.readTranscript(root.id));
    const again = atTurnBoundary(rebuilt.conversation, { task: r.task(root.id), child: (id) => r!.store.get(id), statusView: () => '', wakeReason: () => undefined, newWaits: new Map() });
    assert.deepEqual(again, { entries: [], waits: [] });
  });

  it('Stop on a parent with running children stops them all; Resume on it resumes them all, and each reports once', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { tasks: ['A', 'B', 'C'].map((k) => ({ title: k, goal: `KID${k}: work` })) }) : complete('done')),
      KIDA: (turn) => (turn === 0 ? slowText(200, 10) : complete('a')),
      KIDB: (turn) => (turn === 0 ? slowText(200, 10) : complete('b')),
      KIDC: (turn) => (turn === 0 ? slowText(200, 10) : complete('c')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const kids = await r.waitFor('all three streaming', () => {
      const ids = r!.store.get(root.id)?.childIds ?? [];
      // The parent's turn has ended (it waits): a Stop while it still runs is the next test's case.
      return ids.length === 3 && r!.task(root.id).status === 'delegated' && ids.every((id) => r!.events.some((e) => e.taskId === id && e.type === 'text')) && ids;
    });
    await r.orch.stop(root.id);
    for (const id of kids) assert.deepEqual([r.task(id).status, r.task(id).interruptReason], ['interrupted', 'user_stop']);
    assert.equal(r.task(root.id).status, 'delegated');
    await r.orch.settled();
    await r.orch.resume(root.id);
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    assert.deepEqual(r.task(root.id).inbox.map((m) => m.kind === 'child_result' && m.childId).sort(), [...kids].sort());
    assert.match(toolMessages(r.requestsOf('PARENT')[1]!)[0]!, /^3 subtasks reported \(3 completed\)/);
  });

  it('Stop after a turn started its children but before the turn ended: Resume waits for them and resumes them', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tools(['delegate_task', { title: 'Kid', goal: 'KID: work' }], ['run_command', { command: 'sleep 5' }]) : complete('resumed and done')),
      KID: (turn) => (turn === 0 ? slowText(300, 10) : complete('kid result')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const kid = await r.waitFor('kid streaming while the parent runs its command', () => {
      const id = r!.store.get(root.id)?.childIds[0];
      return id !== undefined && r!.events.some((e) => e.taskId === id && e.type === 'text') && id;
    });
    assert.equal(r.task(root.id).status, 'active', 'the turn has not ended');
    await r.orch.stop(root.id);
    assert.deepEqual([r.task(root.id).status, r.task(kid).status], ['interrupted', 'interrupted']);
    await r.orch.settled();
    await r.orch.resume(root.id);
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    const results = toolMessages(r.requestsOf('PARENT')[1]!);
    assert.equal(results.length, 2);
    assert.match(results[0]!, /^Subtask "Kid" completed\.[\s\S]*kid result/, 'the delegation is answered with its outcome, not "interrupted"');
    assert.equal(r.task(kid).assignment, 1);
  });

  it('model: a child runs on the named route; an unknown name is a tool error listing the routes', async () => {
    const routes = { fast: { provider: 'openai-compatible', model: 'small-model', baseUrl: 'http://127.0.0.1:1/v1' } };
    r = await rig(
      {
        PARENT: (turn) =>
          [tool('delegate_task', { goal: 'KID: x', model: 'huge' }), tool('delegate_task', { goal: 'KID: x', model: 'fast', wait: false }), complete('ok')][turn] ?? complete('ok'),
        KID: () => complete('k'),
      },
      { settings: { modelRoutes: routes } },
    );
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('a child', () => r!.store.get(root.id)?.childIds.length === 1);
    assert.match(lastToolMessage(r.requestsOf('PARENT')[1]!), /there is no model route named "huge"\. The configured model routes are: "fast"\./);
    const child = r.task(r.task(root.id).childIds[0]!);
    assert.deepEqual(child.modelRoute, routes.fast);
    assert.match(r.requestsOf('PARENT')[0]!.body!.tools!.find((t) => t.function.name === 'delegate_task')!.function.description!, /Model routes you may name in "model": "fast"/);
  });

  it('delegation paused (setting or command): new delegate_task and continue_subtask calls get a clear error; running children go on', async () => {
    r = await rig({
      PARENT: (turn, req) => {
        // The user pauses delegation while the parent thinks (the command's way).
        if (turn === 1) r!.orch.setDelegationPaused(true);
        return [
          tool('delegate_task', { goal: 'RUNNING: keep going', wait: false }),
          tool('delegate_task', { goal: 'NEW: should not start' }),
          tool('continue_subtask', { id: idsIn(toolMessages(req)[0] ?? '')[0] ?? 'x', message: 'more' }),
          tool('wait_for_subtasks', {}),
          complete('waited'),
        ][turn]!;
      },
      RUNNING: (turn) => (turn === 0 ? slowText(20, 10) : complete('kept going')),
      NEW: () => complete('no'),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    assert.equal(r.orch.isDelegationPaused(), true);
    const [, , second, third, fourth] = r.requestsOf('PARENT');
    assert.match(lastToolMessage(second!), /delegate_task refused: Delegation is paused by the user \(setting baton\.delegation\.paused\)/);
    assert.match(lastToolMessage(third!), /continue_subtask refused: Delegation is paused/);
    assert.match(lastToolMessage(fourth!), /kept going/);
    assert.equal(r.requestsOf('NEW').length, 0);
  });

  it('baton.orchestratorEnabled false: a subtask is a leaf whatever the depth allows; the root still delegates', async () => {
    r = await rig(
      {
        ROOT: (turn) => (turn === 0 ? tool('delegate_task', { goal: 'MIDDLE: go on', role: 'orchestrator' }) : complete('root done')),
        MIDDLE: (turn) => (turn === 0 ? tool('delegate_task', { goal: 'DEEP: no' }) : complete('middle did it itself')),
      },
      { settings: { maxSpawnDepth: 3, orchestratorEnabled: false } },
    );
    const root = await r.orch.createTask({ goal: 'ROOT: go' });
    await r.waitFor('root completed', () => r!.task(root.id).status === 'completed');
    const middle = r.task(r.task(root.id).childIds[0]!);
    assert.equal(middle.role, 'leaf');
    assert.match(lastToolMessage(r.requestsOf('MIDDLE')[1]!), /delegate_task refused: this task may not delegate/);
    assert.equal(r.requestsOf('DEEP').length, 0);
  });
});
