/**
 * 3. Kill code-server while a child runs; start it again on the same user-data folder → the
 * child shows Interrupted (editor closed) → Resume → it reports back to its parent.
 *
 * A killed window says no goodbye: its tasks keep their lease until it expires (TTL 30 s after
 * the last heartbeat, heartbeats every 10 s), and the next window's start-up or periodic (10 s)
 * reconcile turns them `interrupted` (editor_closed). The test waits for that status to appear,
 * and reports how long it took after the kill.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, streamThenHold } from '../lib/model';
import { check, expectIncludes } from './assert';

const ROOT = 'Prepare the quarterly report';
const CHILD = 'Gather the usage numbers';
const CHILD_RESULT = 'USAGE-NUMBERS: 1,204 weekly users, up 8%.';
/** Lease TTL 30 s + one reconcile period 10 s + slack for the restart on a busy machine. */
const INTERRUPT_WITHIN_MS = 75_000;

export const killAndRestart: Scenario = {
  id: '03-kill-and-restart',
  title: 'kill code-server while a child runs → restart → child Interrupted (editor closed) → resume → reports back',
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    let restarted = false;
    const s = await openSession(ctx, {
      route: (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) return delegateTurn('The numbers come from a subtask.', { title: CHILD, goal: 'Collect the usage numbers for the quarter.' });
          return completeTurn('Numbers received; the report is ready.', `Report written with ${/USAGE-NUMBERS[^\n]*/.exec(report)?.[0] ?? '(nothing)'}`);
        }
        // Before the kill the child is mid-answer when the editor dies; after the restart it finishes.
        return restarted ? completeTurn('Picking up after the restart: done counting.', CHILD_RESULT) : streamThenHold('Counting the weekly users, so far the total is');
      },
    });
    const parent = s.panel(ROOT);
    const child = s.panel(CHILD);

    await s.sidebar.newTask(ROOT);
    await s.sidebar.expectStatus(CHILD, 'Running');
    await parent.click(`Open subtask ${CHILD}`);
    await child.expectVisible('.assistant-text.is-streaming', 'so far the total is');
    await child.expectStatus('Running');
    await s.shots.take('child-running-before-kill');

    const killedAt = Date.now();
    await s.editor.kill();
    const orphan = s.store.mustGet(CHILD);
    check(orphan.status === 'active' && orphan.lease !== null, `store after the kill: the child is ${orphan.status}, lease ${JSON.stringify(orphan.lease)}`);
    const leaseAgeAtKill = killedAt - orphan.lease.heartbeatAt;
    ctx.log(`killed code-server (SIGKILL to its process group); the child's last heartbeat was ${(leaseAgeAtKill / 1000).toFixed(1)} s before`);

    restarted = true;
    await s.editor.restart();
    await s.sidebar.show();
    ctx.log(`code-server restarted on the same user data (${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill)`);
    await s.shots.take('after-restart-lease-not-expired-yet');

    await s.sidebar.expectStatus(CHILD, 'Interrupted', INTERRUPT_WITHIN_MS);
    const interruptedAfter = Date.now() - killedAt;
    ctx.log(`the child shows Interrupted ${(interruptedAfter / 1000).toFixed(1)} s after the kill (lease TTL 30 s, last heartbeat ${(leaseAgeAtKill / 1000).toFixed(1)} s before the kill)`);
    const recovered = s.store.mustGet(CHILD);
    check(recovered.status === 'interrupted' && recovered.interruptReason === 'editor_closed', `store: the child is ${recovered.status} (${recovered.interruptReason})`);
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    await s.sidebar.open(CHILD);
    await child.expectStatus('Interrupted', 15_000, /window running it closed/);
    await child.expectVisible('.assistant-text', 'so far the total is');
    await s.shots.take('child-interrupted-editor-closed');

    await child.click('Resume the task');
    await child.expectStatus('Completed');
    await child.expectVisible('.result-card', 'USAGE-NUMBERS');
    await child.click(`Open parent task ${ROOT}`);
    await parent.expectStatus('Completed');
    await parent.expectVisible('.result-card', 'Report written with USAGE-NUMBERS');
    await parent.expectVisible('.delegation-card .delegation-result', 'USAGE-NUMBERS');
    await s.sidebar.expectStatus(ROOT, 'Completed');
    ctx.log('Resume: the child completed and reported back; the parent completed');
    await s.shots.take('parent-completed');

    const root = s.store.mustGet(ROOT);
    check(root.status === 'completed', `store: the parent is ${root.status}`);
    expectIncludes(root.result?.summary, 'USAGE-NUMBERS', "the parent's result");
    const deliveries = s.store.transcript(root.id).filter((e) => e.type === 'tool_result' && e.toolName === 'delegate_task');
    check(deliveries.length === 1, `the child's result reached the parent ${deliveries.length} times, not once`);
  },
};
