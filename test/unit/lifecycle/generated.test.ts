/**
 * Random command sequences over task trees up to depth 3. After every step: every invariant
 * holds; the same command repeated at the same instant changes nothing (idempotence); a Stop
 * changes only the task it stops (never a parent). After every sequence: any open task can
 * still delegate (invariant 8), and every paused task can be resumed and driven to completion
 * with each child's result reaching its parent exactly once (invariant 4).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyCommand, checkInvariants, type LifecycleCommand } from '../../../src/core/lifecycle';
import { RESUMABLE, type TaskMap } from '../../../src/shared/task';
import { result } from './harness';

const RUNS = Number(process.env.BATON_FC_RUNS ?? 5000);
const OWNERS = ['w1', 'w2'];

const op = fc.record({
  kind: fc.constantFrom(
    'createRoot', 'delegate', 'delegate', 'delegate', 'start', 'heartbeat', 'progress', 'complete', 'complete',
    'interrupt', 'interrupt', 'budget', 'fail', 'resume', 'resume', 'abandon', 'abandon', 'followUp', 'awaitUser',
    'delete', 'reconcile', 'tick',
  ),
  pick: fc.nat(),
  owner: fc.nat({ max: 1 }),
  n: fc.nat({ max: 5 }),
});
type Op = { kind: string; pick: number; owner: number; n: number };

function toCommand(tasks: TaskMap, o: Op, now: number, seq: number): LifecycleCommand | null {
  const ids = Object.keys(tasks).sort();
  const id = ids.length ? ids[o.pick % ids.length]! : undefined;
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
  if (!id) return null;
  switch (o.kind) {
    case 'delegate':
      return { type: 'delegate', parentId: id, toolCallId: `tc${seq}`, children: [{ childId: `c${seq}`, title: 't', goal: 'g', role: o.n % 2 ? 'orchestrator' : 'leaf' }], ownerId, now };
    case 'start':
      return { type: 'start', taskId: id, ownerId, leaseTtlMs: 30_000, now };
    case 'heartbeat':
      return { type: 'heartbeat', taskId: id, ownerId, now };
    case 'progress':
      return { type: 'recordProgress', taskId: id, ownUsage: usage, checkpoint: o.n % 2 ? cp : undefined, now };
    case 'complete':
      return { type: 'complete', taskId: id, result: result(`done ${seq}`), ownUsage: usage, ownerId, now };
    case 'interrupt':
      return { type: 'interrupt', taskId: id, reason: o.n % 2 ? 'user_stop' : 'crash', now };
    case 'budget':
      return { type: 'budgetExhausted', taskId: id, reason: 'turns', checkpoint: cp, now };
    case 'fail':
      return { type: 'fail', taskId: id, failure: { message: 'boom' }, now };
    case 'resume':
      return { type: 'resume', taskId: id, ownerId, ...(o.n === 0 && { budget: { maxTurns: 3, maxRuntimeMs: 1000, responseTimeoutMs: 100 } }), now };
    case 'abandon':
      return { type: 'abandon', taskId: id, partial: { outputTail: `tail ${seq}` }, now };
    case 'followUp':
      return { type: 'followUp', taskId: id, messageId: `m${o.n}`, text: 'more', ownerId, now };
    case 'awaitUser':
      return { type: 'awaitUser', taskId: id, toolCallId: `q${o.n}`, question: '?', now };
    case 'delete':
      return o.n === 0 ? { type: 'delete', taskId: id, now } : null;
  }
  return null;
}

function subtree(tasks: TaskMap, id: string): string[] {
  const t = tasks[id];
  return t ? [id, ...t.childIds.flatMap((c) => subtree(tasks, c))] : [];
}

function step(tasks: TaskMap, cmd: LifecycleCommand): TaskMap {
  const out = applyCommand(tasks, cmd);
  const again = applyCommand(out.ok ? out.tasks : tasks, cmd);
  if (out.ok) {
    assert.ok(again.ok, `${cmd.type} repeated was refused: ${again.ok ? '' : again.error.message}`);
    assert.deepEqual(again.changed, [], `${cmd.type} repeated changed ${again.changed.join(',')}`);
    assert.deepEqual(again.removed, []);
    if (cmd.type === 'interrupt') {
      assert.ok(out.changed.every((id) => subtree(tasks, cmd.taskId).includes(id)), 'Stop touched a task outside the stopped subtree');
    }
    const problems = checkInvariants(out.tasks);
    assert.deepEqual(problems, [], `after ${JSON.stringify(cmd)}`);
    return out.tasks;
  }
  assert.ok(!again.ok && again.error.code === out.error.code, 'a refusal is repeatable');
  return tasks;
}

/** Drives every tree to completion through Resume/Start/Complete and answers; fails if any task gets stuck. */
function drain(tasks: TaskMap, now: number): TaskMap {
  for (let guard = 0; guard < 500; guard++) {
    const open = Object.values(tasks).filter((t) => t.status !== 'completed' && t.status !== 'abandoned');
    if (open.length === 0) return tasks;
    const t = open.find((x) => x.status !== 'delegated');
    assert.ok(t, 'every open chain has a task at its bottom that can move');
    now += 1;
    let cmd: LifecycleCommand;
    if (RESUMABLE.includes(t.status)) cmd = { type: 'resume', taskId: t.id, ownerId: 'w9', now };
    else if (t.awaitingUser) cmd = { type: 'followUp', taskId: t.id, messageId: `answer${guard}`, text: 'ok', ownerId: 'w9', now };
    else cmd = { type: 'complete', taskId: t.id, result: result(`final ${t.id}`), ownerId: 'w9', now };
    tasks = step(tasks, cmd);
  }
  assert.fail('trees did not finish');
}

describe('lifecycle: generated command sequences (fast-check)', () => {
  it(`keeps every invariant over ${RUNS} random sequences, and every tree can still finish`, () => {
    let steps = 0;
    let accepted = 0;
    let deepest = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 60, size: 'max' }), (ops) => {
        let tasks: TaskMap = {};
        let now = 1_000_000;
        ops.forEach((o, seq) => {
          now += o.kind === 'tick' ? 40_000 : 7;
          const cmd = toCommand(tasks, o, now, seq);
          if (cmd) {
            const before = tasks;
            tasks = step(tasks, cmd);
            if (tasks !== before) accepted++;
          }
          steps++;
          for (const t of Object.values(tasks)) deepest = Math.max(deepest, t.depth);
        });
        // Invariant 8: any open, unleased-by-others task below the depth cap can delegate now.
        for (const t of Object.values(tasks)) {
          if (t.status !== 'active' || t.awaitingUser || t.depth >= 3) continue;
          const d = applyCommand(tasks, { type: 'delegate', parentId: t.id, toolCallId: 'p', children: [{ childId: `probe-${t.id}`, title: 'p', goal: 'g' }], now: now + 1 });
          assert.ok(d.ok, `open task ${t.id} could not delegate: ${d.ok ? '' : d.error.message}`);
        }
        const finished = drain(tasks, now + 10);
        for (const t of Object.values(finished)) {
          if (!t.parentId || !finished[t.parentId]) continue;
          const delivered = finished[t.parentId]!.inbox.filter((m) => m.kind === 'child_result' && m.childId === t.id);
          assert.equal(delivered.length, 1, `child ${t.id} reported back exactly once`);
        }
      }),
      { numRuns: RUNS },
    );
    console.log(`      ${RUNS} sequences, ${steps} steps (${accepted} changed state), deepest tree depth ${deepest}`);
    assert.equal(deepest, 3, 'the generator reaches depth 3');
  });
});
