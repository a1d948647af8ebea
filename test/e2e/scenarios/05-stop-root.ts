/**
 * 5. Stop a task that has no parent → Interrupted, no subtask UI anywhere; Resume → it completes.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, streamThenHold } from '../lib/model';
import { check } from './assert';

const ROOT = 'Tidy the changelog wording';

export const stopRoot: Scenario = {
  id: '05-stop-root',
  title: 'stop a task without a parent → Interrupted, no subtask UI → resume → completes',
  timeoutMs: 3 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      settings: { 'baton.maxSpawnDepth': 0 },
      route: (c) => {
        if (c.offered.has('delegate_task')) return completeTurn('Delegation should be off here.', 'UNEXPECTED: delegate_task was offered');
        if (c.assistantTexts.some((t) => t.includes('Rewording entry'))) return completeTurn('Resumed: the remaining entries are reworded.', 'CHANGELOG-TIDY: 12 entries reworded.');
        return streamThenHold('Rewording entry one, then entry two, and now');
      },
    });
    const root = s.panel(ROOT);

    await s.sidebar.newTask(ROOT);
    await root.expectVisible('.assistant-text.is-streaming', 'and now');
    await root.expectStatus('Running');
    await s.sidebar.expectStatus(ROOT, 'Running');
    await s.shots.take('root-running');

    // Stop from the task's row in the sidebar.
    const row = await s.sidebar.row(ROOT);
    await row.hover();
    await row.locator(`button[aria-label="Stop “${ROOT}”"]`).click();
    await root.expectStatus('Interrupted', 15_000, /Stopped by you/);
    await s.sidebar.expectStatus(ROOT, 'Interrupted');
    ctx.log("Stop from the sidebar row: the task is Interrupted");

    // No subtask UI: no banner, no delegation card, no breadcrumb, no "Subtask" kind, no Abandon.
    await root.expectAbsent('[role="region"][aria-label="Waiting on subtask"]');
    await root.expectAbsent('.banner');
    await root.expectAbsent('.delegation-card');
    await root.expectAbsent('nav[aria-label="Parent tasks"]');
    await root.expectAbsent('.meta-item', 'Subtask');
    const actions = await root.actions();
    check(!actions.some((a) => /abandon/i.test(a)), `the panel offers ${JSON.stringify(actions)}`);
    check(actions.includes('Resume the task'), `the panel offers ${JSON.stringify(actions)}`);
    const sidebar = await s.sidebar.frame();
    const rows = await sidebar.locator('.task-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    check(rows.length === 1 && !rows[0]!.includes('subtask'), `the sidebar rows: ${JSON.stringify(rows)}`);
    const rowActions = await s.sidebar.rowActions(ROOT);
    check(!rowActions.some((a) => /abandon/i.test(a)), `the row offers ${JSON.stringify(rowActions)}`);
    await s.shots.take('root-interrupted');
    ctx.log('no subtask UI anywhere: no banner, card, breadcrumb, Abandon, or child row');

    await root.click('Resume the task');
    await root.expectStatus('Completed');
    await root.expectVisible('.assistant-text', 'Resumed: the remaining entries');
    await root.expectVisible('.result-card', 'CHANGELOG-TIDY');
    await s.sidebar.expectStatus(ROOT, 'Completed');
    await s.shots.take('root-completed');
    ctx.log('Resume: the task continued and completed');

    const task = s.store.mustGet(ROOT);
    check(task.status === 'completed' && task.parentId === null && task.childIds.length === 0, `store: ${task.status}, children ${task.childIds.length}`);
    check(s.store.tasks().length === 1, `the store has ${s.store.tasks().length} tasks`);
  },
};
