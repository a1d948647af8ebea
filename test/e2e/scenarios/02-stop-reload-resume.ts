/**
 * 2. Stop the child mid-stream → child Interrupted, parent "Waiting on subtask" → Reload Window
 * → both statuses and the transcript are still there → Resume → the child completes → the
 * parent receives the result and continues (no "start a new task" dead end).
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, streamThenHold } from '../lib/model';
import { watchPanelLoads } from '../lib/panelLoad';
import { expectOneTabEach, pickTheme } from '../lib/ui';
import { check, expectIncludes } from './assert';

const ROOT = 'Draft the migration guide';
const CHILD = 'Inventory the breaking changes';
const PART_ONE = 'Mid-stream words: the first breaking change is the renamed config key, and';
const CHILD_RESULT = 'BREAKING-CHANGES: config key renamed; CLI flag removed.';

export const stopReloadResume: Scenario = {
  id: '02-stop-reload-resume',
  title: 'stop the child mid-stream → reload → statuses and transcript kept → resume → parent continues',
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      route: (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) return delegateTurn('I will delegate the inventory and wait.', { title: CHILD, goal: 'List every breaking change since 1.0.' });
          const found = /BREAKING-CHANGES[^\n]*/.exec(report)?.[0] ?? '(nothing)';
          return completeTurn('The inventory is back; continuing with the guide.', `Guide drafted from ${found}`);
        }
        // Stopped mid-stream, the partial answer is kept: resuming continues from it.
        if (c.assistantTexts.some((t) => t.includes('Mid-stream words'))) return completeTurn('Continuing after the resume: the list is done.', CHILD_RESULT);
        return streamThenHold(PART_ONE);
      },
    });
    const parent = s.panel(ROOT);
    const child = s.panel(CHILD);

    await s.sidebar.newTask(ROOT);
    await s.sidebar.expectStatus(CHILD, 'Running');
    await parent.click(`Open subtask ${CHILD}`);
    await child.expectVisible('.assistant-text.is-streaming', 'renamed config key, and');
    await child.expectStatus('Running');
    ctx.log('the child is streaming (its answer is open, mid-sentence)');
    await s.shots.take('child-mid-stream-dark');

    await child.click('Stop the task');
    await child.expectStatus('Interrupted', 15_000, /Stopped by you/);
    await child.expectVisible('.notice-row', /Stopped/);
    await child.expectVisible('.assistant-text', 'renamed config key, and');
    await s.sidebar.expectStatus(CHILD, 'Interrupted');
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    const stoppedActions = await child.actions();
    check(stoppedActions.includes('Resume the task') && stoppedActions.includes('Abandon this subtask (its parent carries on)'), `the stopped child offers ${stoppedActions.join(', ')}`);
    ctx.log('Stop: the child is Interrupted and keeps its partial answer; the parent still waits');
    await s.shots.take('child-stopped-dark');
    await pickTheme(s.page, 'light');
    await s.shots.take('child-stopped-light');
    await child.click(`Open parent task ${ROOT}`);
    await parent.expectStatus('Waiting on subtask');
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', 'Interrupted');
    await s.shots.take('parent-waiting-on-stopped-child-light');
    await pickTheme(s.page, 'dark');
    await s.shots.take('parent-waiting-on-stopped-child-dark');

    let root = s.store.mustGet(ROOT);
    let sub = s.store.mustGet(CHILD);
    check(sub.status === 'interrupted' && sub.interruptReason === 'user_stop', `store: the child is ${sub.status} (${sub.interruptReason})`);
    check(root.status === 'delegated' && root.awaitingChildId === sub.id, `store: the parent is ${root.status}, awaiting ${root.awaitingChildId}`);

    const looks = watchPanelLoads(s.page);
    await s.reloadWindow();
    ctx.log('reloaded the window');
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    await s.sidebar.expectStatus(CHILD, 'Interrupted');
    await parent.expectStatus('Waiting on subtask');
    await parent.expectVisible('.delegation-card', CHILD);
    // The restored panel showed its last content (the transcript's end) from its first look.
    const seen = (await looks.stop()).filter((l) => l.heading === ROOT);
    check(seen.length > 0, 'the parent panel was never seen loading');
    check(seen.every((l) => !l.loadingTranscript), `the parent panel said "Loading the transcript…" (${seen.filter((l) => l.loadingTranscript).length} of ${seen.length} looks)`);
    check(seen[0]!.visibleRows > 0, `the parent panel's first look (at ${seen[0]!.at} ms) showed no transcript row`);
    ctx.log(`after the reload the parent panel showed ${seen[0]!.visibleRows} transcript rows at its first look (${seen.length} looks, none loading)`);
    await s.sidebar.open(CHILD);
    await child.expectStatus('Interrupted');
    await child.expectVisible('.assistant-text', 'renamed config key, and');
    await child.expectVisible('.notice-row', /Stopped/);
    await expectOneTabEach(s.page, [ROOT, CHILD]);
    ctx.log('after the reload: both statuses and the transcript are still there (one tab per task)');
    await s.shots.take('child-after-reload-dark');

    await child.click('Resume the task');
    await child.expectStatus('Completed');
    await child.expectVisible('.assistant-text', 'Continuing after the resume');
    await child.expectVisible('.result-card', 'BREAKING-CHANGES');
    ctx.log('Resume: the child continued from its partial answer and completed');
    await s.shots.take('child-completed-dark');

    await child.click(`Open parent task ${ROOT}`);
    await parent.expectStatus('Completed');
    await parent.expectVisible('.delegation-card .delegation-result', 'BREAKING-CHANGES');
    await parent.expectVisible('.assistant-text', 'continuing with the guide');
    await parent.expectVisible('.result-card', 'Guide drafted from BREAKING-CHANGES');
    await s.sidebar.expectStatus(ROOT, 'Completed');
    ctx.log('the parent received the result and continued to completion');
    await s.shots.take('parent-completed-dark');
    await pickTheme(s.page, 'light');
    await s.shots.take('parent-completed-light');

    root = s.store.mustGet(ROOT);
    sub = s.store.mustGet(CHILD);
    check(root.status === 'completed' && sub.status === 'completed', `store: ${root.status} / ${sub.status}`);
    expectIncludes(root.result?.summary, 'BREAKING-CHANGES', "the parent's result");
    const deliveries = s.store.transcript(root.id).filter((e) => e.type === 'tool_result' && e.toolName === 'delegate_task');
    check(deliveries.length === 1, `the child's result reached the parent ${deliveries.length} times, not once`);
    const rootRequests = s.model.conversations().filter((c) => !c.isSubtask);
    check(rootRequests.length === 2, `the parent asked the model ${rootRequests.length} times, expected 2 (delegate, then finish)`);
  },
};
