/**
 * Random command sequences over task trees up to width 4 and depth 3: batch and background
 * delegation, Stop, stop_subtask, continue_subtask, wait_for_subtasks and its wake, failures
 * reported or not, Resume with a message, and everything else the lifecycle takes. After every
 * step: every invariant holds; the same command repeated at the same instant changes nothing
 * (idempotence); a refusal repeats; a Stop changes only tasks in the stopped subtree (never a
 * parent). After every sequence: any open task can still delegate (invariant 8), and every
 * tree is driven to completion with every assignment's outcome reaching its parent exactly
 * once (invariants 2 and 4).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyCommand, checkInvariants, type LifecycleCommand } from '../../../src/core/lifecycle';
import { RESUMABLE, type TaskMap, type TaskRecord, type WakeOn } from '../../../src/shared/task';
import { result } from './harness';

const RUNS = Number(process.env.BATON_FC_RUNS ?? 5000);
const OWNERS = ['w1', 'w2'];
const MAX_WIDTH = 4;
const WAKE_ON: WakeOn[] = ['tool_call', 'retrying', 'stalled', 'checkpoint'];

const KINDS = [
  'createRoot', 'delegate', 'delegate', 'delegate', 'background', 'background', 'start', 'heartbeat', 'progress',
  'complete', 'complete', 'complete', 'interrupt', 'interrupt', 'budget', 'fail', 'fail', 'resume', 'resume',
  'abandon', 'followUp', 'awaitUser', 'delete', 'reconcile', 'tick', 'stopSubtask', 'continueSubtask',
  'awaitChildren', 'wake', 'agentSession',
] as const;
type Kind = (typeof KINDS)[number];

const op = fc.record({
  kind: fc.constantFrom(...KINDS),
  pick: fc.nat(),
  owner: fc.nat({ max: 1 }),
  n: fc.nat({ max: 7 }),
});
type Op = { kind: Kind; pick: number; owner: number; n: number };

function toCommand(tasks: TaskMap, o: Op, now: number, seq: number): LifecycleCommand | null {
  const all = Object.values(tasks).sort((a, b) => (a.id < b.id ? -1 : 1));
  const task = all.length ? all[o.pick % all.length]! : undefined;
  const ownerId = OWNERS[o.owner]!;
  const usage = { inputTokens: o.n * 10, outputTokens: o.n, turns: o.n, runtimeMs: o.n * 100 };
  const cp = { summary: `cp${seq}`, filesRead: [], filesWritten: [`f${o.n}`], at: now };
  switch (o.kind) {
    case 'createRoot':
      return { type: 'createRoot', id: `r${seq}`, title: 't', goal: 'g', ownerId, now };
    case 'reconcile':
      return { type: 'reconcile', leaseTtlMs: 30_000, now };
    case 'tick':
      return null;
  }
  if (!task) return null;
  const taskId = task.id;
  // The supervision commands mostly aim where they can apply, so sequences get deep into them.
  const where = (ok: (t: TaskRecord) => boolean): TaskRecord | undefined => {
    const fit = all.filter(ok);
    return fit.length && o.n !== 7 ? fit[o.pick % fit.length] : task;
  };
  const child = (ok: (t: TaskRecord) => boolean = () => true): TaskRecord | undefined => {
    const kids = all.filter((t) => t.parentId !== null && ok(t));
    return kids.length ? kids[o.pick % kids.length] : all.find((t) => t.parentId !== null);
  };
  const parentActive = (t: TaskRecord) => tasks[t.parentId!]?.status === 'active';
  switch (o.kind) {
    case 'delegate':
    case 'background': {
      // At most MAX_WIDTH children per parent.
      const room = MAX_WIDTH - task.childIds.length;
      if (room <= 0) return null;
      const size = Math.min(1 + (o.n % 4), room);
      // Some children run on an external agent (ACP), as a Baton task like any other.
      const agent = (o.n + o.pick) % 3 === 0 ? { id: 'opencode', sessionId: null, cwd: null, capabilities: {} } : undefined;
      const children = Array.from({ length: size }, (_, i) => ({ childId: `c${seq}-${i}`, title: `c${seq}-${i}`, goal: 'g', role: (o.n + i) % 2 ? ('orchestrator' as const) : ('leaf' as const), ...(agent && { agent }) }));
      return { type: 'delegate', parentId: taskId, toolCallId: `tc${seq}`, children, wait: o.kind === 'delegate', ownerId, now };
    }
    case 'start':
      return { type: 'start', taskId, ownerId, leaseTtlMs: 30_000, now };
    case 'heartbeat':
      // Now and then the window's other leases of the tree too, as the orchestrator's tick sends them.
      return { type: 'heartbeat', taskId, ownerId, ...(o.n % 2 === 1 && { more: all.filter((t) => t.rootId === task.rootId).map((t) => t.id) }), now };
    case 'progress':
      return { type: 'recordProgress', taskId, ownUsage: usage, checkpoint: o.n % 2 ? cp : undefined, now };
    case 'complete':
      return { type: 'complete', taskId, result: result(`done ${seq}`), ownUsage: usage, ownerId, now };
    case 'interrupt':
      return { type: 'interrupt', taskId, reason: (['user_stop', 'crash', 'parent_stop', 'editor_closed'] as const)[o.n % 4]!, ownUsage: usage, now };
    case 'budget':
      return { type: 'budgetExhausted', taskId, reason: 'turns', checkpoint: cp, now };
    case 'fail':
      return { type: 'fail', taskId, failure: { message: 'boom' }, report: o.n % 2 === 0, partial: { outputTail: `tail ${seq}` }, ownerId, now };
    case 'resume':
      return {
        type: 'resume',
        taskId,
        ownerId,
        ...(o.n === 0 && { budget: { maxTurns: 3, maxRuntimeMs: 1000, responseTimeoutMs: 100 } }),
        ...(o.n % 3 === 1 && { message: { id: `rm${seq}`, text: 'try again, differently' } }),
        now,
      };
    case 'abandon':
      return { type: 'abandon', taskId, partial: { outputTail: `tail ${seq}` }, now };
    case 'followUp':
      return { type: 'followUp', taskId, messageId: `m${o.n}`, text: 'more', ownerId, now };
    case 'awaitUser':
      return { type: 'awaitUser', taskId, toolCallId: `q${o.n}`, question: '?', now };
    case 'delete':
      return o.n === 0 ? { type: 'delete', taskId, partial: { outputTail: `tail ${seq}` }, now } : null;
    case 'stopSubtask': {
      const c = child();
      return c ? { type: 'stopSubtask', parentId: c.parentId!, childId: c.id, partial: { outputTail: `stopped ${seq}` }, ownerId, now } : null;
    }
    case 'continueSubtask': {
      const c = child((t) => parentActive(t) && t.status !== 'active');
      if (!c) return null;
      return { type: 'continueSubtask', parentId: c.parentId!, childId: c.id, toolCallId: `cont${seq}`, messageId: `cm${seq}`, text: 'now also do this', wait: o.n % 2 === 0, ownerId, now };
    }
    case 'awaitChildren': {
      const waiter = where((t) => t.status === 'active' && t.childIds.some((id) => tasks[id]?.reportTo))!;
      const subset = o.n % 3 === 0 ? waiter.childIds.filter((_, i) => (i + o.pick) % 2 === 0) : undefined;
      // Now and then one turn's several waiting calls at once, as the runtime commits them.
      const more = o.n % 4 === 2 ? [{ toolCallId: `wait${seq}b`, childIds: waiter.childIds.slice(1) }, { toolCallId: `wait${seq}c` }] : undefined;
      return {
        type: 'awaitChildren',
        taskId: waiter.id,
        toolCallId: `wait${seq}`,
        ...(subset && { childIds: subset }),
        ...(o.n % 2 === 1 && { until: now + 5_000, wakeOn: WAKE_ON.slice(0, 1 + (o.n % 4)) }),
        ...(more && { more }),
        now,
      };
    }
    case 'agentSession': {
      const run = where((t) => t.agent !== null && t.status === 'active')!;
      return { type: 'recordAgentSession', taskId: run.id, agent: { id: run.agent?.id ?? 'opencode', sessionId: `ses${o.n}`, cwd: '/w', capabilities: { loadSession: o.n % 2 === 0 } }, now };
    }
    case 'wake': {
      const waiter = where((t) => t.awaiting.length > 0)!;
      const entry = waiter.awaiting[o.n % Math.max(1, waiter.awaiting.length)];
      return { type: 'wake', taskId: waiter.id, toolCallId: entry?.toolCallId ?? 'none', ownerId, now };
    }
  }
}

function subtreeIds(tasks: TaskMap, id: string): Set<string> {
  const ids = new Set<string>();
  const visit = (taskId: string) => {
    const t = tasks[taskId];
    if (!t || ids.has(taskId)) return;
    ids.add(taskId);
    t.childIds.forEach(visit);
  };
  visit(id);
  return ids;
}

function step(tasks: TaskMap, cmd: LifecycleCommand): TaskMap {
  const out = applyCommand(tasks, cmd);
  const again = applyCommand(out.ok ? out.tasks : tasks, cmd);
  if (!out.ok) {
    assert.ok(!again.ok && again.error.code === out.error.code, 'a refusal is repeatable');
    assert.ok(out.error.message.length > 0 && !out.error.message.includes('undefined'), `a refusal says why: ${out.error.message}`);
    return tasks;
  }
  assert.ok(again.ok, `${cmd.type} repeated was refused: ${again.ok ? '' : again.error.message}`);
  assert.deepEqual(again.changed, [], `${cmd.type} repeated changed ${again.changed.join(',')}`);
  assert.deepEqual(again.removed, []);
  // A Stop (the user's or a parent agent's) changes only tasks in the stopped subtree; stop_subtask also delivers to the parent.
  if (cmd.type === 'interrupt' || cmd.type === 'stopSubtask') {
    const stopped = cmd.type === 'interrupt' ? cmd.taskId : cmd.childId;
    const allowed = subtreeIds(tasks, stopped);
    if (cmd.type === 'stopSubtask') allowed.add(cmd.parentId);
    const stray = out.changed.filter((id) => !allowed.has(id));
    assert.deepEqual(stray, [], `${cmd.type} of ${stopped} touched tasks outside its subtree`);
  }
  assert.deepEqual(checkInvariants(out.tasks), [], `after ${JSON.stringify(cmd)}`);
  return out.tasks;
}

/**
 * Drives every tree to completion: paused tasks resume (or, when nobody can hear them any more,
 * are abandoned), questions are answered, and tasks with nothing left open complete. Fails if
 * no task can move while some are open.
 */
function drain(tasks: TaskMap, now: number): TaskMap {
  for (let guard = 0; guard < 3000; guard++) {
    const open = Object.values(tasks)
      .filter((t) => t.status !== 'completed' && t.status !== 'abandoned')
      .sort((a, b) => b.depth - a.depth || (a.id < b.id ? -1 : 1));
    if (open.length === 0) return tasks;
    now += 1;
    const movable = open.find((t) => t.status !== 'delegated' && !(t.status === 'active' && !t.awaitingUser && t.childIds.some((id) => tasks[id]?.reportTo)));
    assert.ok(movable, `no task can move; open: ${open.map((t) => `${t.id}:${t.status}`).join(' ')}`);
    let cmd: LifecycleCommand;
    if (RESUMABLE.includes(movable.status)) {
      cmd = { type: 'resume', taskId: movable.id, ownerId: 'w9', now };
      if (!applyCommand(tasks, cmd).ok) cmd = { type: 'abandon', taskId: movable.id, now };
    } else if (movable.awaitingUser) cmd = { type: 'followUp', taskId: movable.id, messageId: `answer${guard}`, text: 'ok', ownerId: 'w9', now };
    else cmd = { type: 'complete', taskId: movable.id, result: result(`final ${movable.id}`), ownerId: 'w9', now };
    const before = tasks;
    tasks = step(tasks, cmd);
    assert.notEqual(tasks, before, `${cmd.type} of ${movable.id} (${movable.status}) was refused while draining`);
  }
  assert.fail('trees did not finish');
}

describe('lifecycle: generated command sequences (fast-check)', function () {
  // CPU-bound: 5,000 sequences take about 20 s on a busy 2-core machine, the default budget.
  this.timeout(120_000);
  it(`keeps every invariant over ${RUNS} random sequences of fan-out trees, and every tree can still finish`, () => {
    const counts = { steps: 0, accepted: 0, widest: 0, deepest: 0, batches: 0, background: 0, stops: 0, continued: 0, waits: 0, wakes: 0, reported: 0, assignments: 0, agentSessions: 0 };
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80, size: 'max' }), (ops) => {
        let tasks: TaskMap = {};
        let now = 1_000_000;
        ops.forEach((o, seq) => {
          now += o.kind === 'tick' ? 40_000 : 7;
          const cmd = toCommand(tasks, o, now, seq);
          counts.steps++;
          if (!cmd) return;
          const before = tasks;
          tasks = step(tasks, cmd);
          if (tasks === before) return;
          counts.accepted++;
          if (cmd.type === 'delegate' && cmd.children.length > 1) counts.batches++;
          if (cmd.type === 'delegate' && cmd.wait === false) counts.background++;
          if (cmd.type === 'stopSubtask') counts.stops++;
          if (cmd.type === 'continueSubtask') counts.continued++;
          if (cmd.type === 'awaitChildren') counts.waits++;
          if (cmd.type === 'wake') counts.wakes++;
          if (cmd.type === 'fail' && cmd.report) counts.reported++;
          if (cmd.type === 'recordAgentSession') counts.agentSessions++;
        });
        for (const t of Object.values(tasks)) {
          counts.deepest = Math.max(counts.deepest, t.depth);
          counts.widest = Math.max(counts.widest, t.childIds.length);
        }
        // Invariant 8: any open task below the depth cap can delegate now, waiting or in the background.
        for (const t of Object.values(tasks)) {
          if (t.status !== 'active' || t.awaitingUser || t.depth >= 3) continue;
          for (const wait of [true, false]) {
            const d = applyCommand(tasks, { type: 'delegate', parentId: t.id, toolCallId: 'p', children: [{ childId: `probe-${t.id}`, title: 'p', goal: 'g' }], wait, now: now + 1 });
            assert.ok(d.ok, `open task ${t.id} could not delegate: ${d.ok ? '' : d.error.message}`);
          }
        }
        const finished = drain(tasks, now + 10);
        for (const t of Object.values(finished)) {
          assert.equal(t.reportTo, null, `${t.id} still owes its parent`);
          counts.assignments += t.assignment;
          const parent = t.parentId ? finished[t.parentId] : undefined;
          if (!parent) continue;
          const delivered = parent.inbox.filter((m) => m.kind === 'child_result' && m.childId === t.id).map((m) => (m.kind === 'child_result' ? m.assignment : 0));
          assert.deepEqual(delivered.sort((a, b) => a - b), Array.from({ length: t.assignment }, (_, i) => i + 1), `every assignment of ${t.id} reported exactly once`);
        }
      }),
      { numRuns: RUNS },
    );
    console.log(
      `      ${RUNS} sequences, ${counts.steps} steps (${counts.accepted} changed state); widest tree ${counts.widest} children, deepest depth ${counts.deepest}; ` +
        `${counts.batches} batch and ${counts.background} background delegations, ${counts.stops} stop_subtask, ${counts.continued} continue_subtask, ` +
        `${counts.waits} waits, ${counts.wakes} wakes, ${counts.reported} reported failures, ${counts.agentSessions} agent sessions recorded; ${counts.assignments} assignments driven to completion`,
    );
    assert.equal(counts.deepest, 3, 'the generator reaches depth 3');
    assert.equal(counts.widest, MAX_WIDTH, `the generator reaches width ${MAX_WIDTH}`);
    for (const [what, n] of Object.entries(counts)) assert.ok(n > 0, `the generator exercises ${what}`);
  });
});
