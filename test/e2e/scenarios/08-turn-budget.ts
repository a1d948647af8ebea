/**
 * 8. A child hits its turn budget (baton.maxTurns 2) → Needs continuation with its checkpoint
 * shown → Continue with a new budget → completes → the parent receives the result.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, toolTurn } from '../lib/model';
import { until } from '../lib/ui';
import { check, expectIncludes } from './assert';

const ROOT = 'Review the deployment scripts';
const CHILD = 'Read every deployment script';

export const turnBudget: Scenario = {
  id: '08-turn-budget',
  title: 'child runs out of turns → Needs continuation with checkpoint → Continue with a new budget → completes → parent gets it',
  timeoutMs: 4 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      settings: { 'baton.maxTurns': 2 },
      route: (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) return delegateTurn('A subtask reads the scripts.', { title: CHILD, goal: 'Read every deployment script and list what each does.' });
          return completeTurn('The reading is done.', `Review based on ${/BUDGET-RESULT[^\n]*/.exec(report)?.[0] ?? '(nothing)'}`);
        }
        // One step per turn: a checkpoint, a listing, then (only with a new budget) the report.
        if (c.toolResults.length === 0) {
          return toolTurn('Step one: I note where I am.', 'checkpoint', { summary: 'CHECKPOINT-ONE: read deploy.sh, rollback.sh next', files_read: ['deploy.sh'], next_step: 'Read rollback.sh' });
        }
        if (c.toolResults.length === 1) return toolTurn('Step two: listing the scripts folder.', 'list_files', { path: '.' });
        return completeTurn('Step three, with the new budget: finished reading.', 'BUDGET-RESULT: 2 scripts read, both idempotent.');
      },
    });
    const parent = s.panel(ROOT);
    const child = s.panel(CHILD);

    await s.sidebar.newTask(ROOT);
    await s.sidebar.expectStatus(CHILD, 'Needs continuation');
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', 'Needs continuation');
    await parent.click(`Open subtask ${CHILD}`);
    await child.expectStatus('Needs continuation', 15_000, /turn budget/);
    await child.expectVisible('[role="group"][aria-label="Checkpoint"]', 'Paused by its turn budget (2 turns)');
    await child.expectVisible('[role="group"][aria-label="Checkpoint"]', 'CHECKPOINT-ONE');
    await child.expectVisible('[role="group"][aria-label="Checkpoint"]', 'Continue with a new budget to pick up from here.');
    const stuck = s.store.mustGet(CHILD);
    check(stuck.status === 'needs_continuation' && stuck.budgetReason === 'turns', `store: the child is ${stuck.status} (${stuck.budgetReason})`);
    expectIncludes(stuck.lastCheckpoint?.summary, 'Paused by its turn budget', "the child's checkpoint in the store");
    ctx.log('the child used its 2 turns: Needs continuation, with its checkpoint shown');
    await s.shots.take('child-needs-continuation');

    await child.click('Continue with a new budget');
    const frame = await child.frame();
    const form = frame.locator('form[aria-label="Continue with a new budget"]');
    await form.waitFor({ timeout: 10_000 });
    const turns = form.locator('input[aria-label="Turns"]');
    const prefilled = await turns.inputValue();
    check(prefilled === '2', `the Turns field is prefilled with ${prefilled}, expected 2 (baton.maxTurns)`);
    await turns.fill('5');
    await s.shots.take('continue-form');
    await form.locator('vscode-button', { hasText: 'Continue' }).click();

    await child.expectStatus('Completed');
    await child.expectVisible('.result-card', 'BUDGET-RESULT');
    const done = s.store.mustGet(CHILD);
    check(done.budget.maxTurns === 5 && done.budgetBaseline.turns === 2, `store: budget ${done.budget.maxTurns} turns from baseline ${done.budgetBaseline.turns}`);
    ctx.log('Continue with 5 more turns: the child completed');
    await s.shots.take('child-completed');

    await child.click(`Open parent task ${ROOT}`);
    await parent.expectStatus('Completed');
    await parent.expectVisible('.result-card', 'Review based on BUDGET-RESULT');
    await parent.expectVisible('.delegation-card .delegation-result', 'BUDGET-RESULT');
    await s.sidebar.expectStatus(ROOT, 'Completed');
    await until('the parent to be completed on disk', () => (s.store.mustGet(ROOT).status === 'completed' ? true : undefined));
    ctx.log('the parent received the result and completed');
    await s.shots.take('parent-completed');
  },
};
