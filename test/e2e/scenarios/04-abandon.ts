/**
 * 4. Abandon an interrupted child → the parent continues with the "abandoned" result; the child
 * shows Abandoned and no action can reattach it.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, streamThenHold } from '../lib/model';
import { expectToast } from '../lib/ui';
import { check } from './assert';

const ROOT = 'Refresh the onboarding docs';
const CHILD = 'Rewrite the setup chapter';

export const abandonChild: Scenario = {
  id: '04-abandon',
  title: 'abandon an interrupted child → parent continues with "abandoned"; child Abandoned, nothing reattaches it',
  timeoutMs: 4 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      route: (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) return delegateTurn('A subtask rewrites the chapter.', { title: CHILD, goal: 'Rewrite the setup chapter for the new installer.' });
          if (/was abandoned by the user/.test(report)) return completeTurn('The subtask was abandoned; I carry on without it.', 'ABANDON-HANDLED: finished the docs without the setup chapter.');
          return completeTurn('Unexpected report.', `UNEXPECTED: ${report.slice(0, 80)}`);
        }
        return streamThenHold('Draft of the setup chapter: first install the');
      },
    });
    const parent = s.panel(ROOT);
    const child = s.panel(CHILD);

    await s.sidebar.newTask(ROOT);
    await s.sidebar.expectStatus(CHILD, 'Running');
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', 'Running');
    await parent.click(`Stop subtask ${CHILD}`);
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', 'Interrupted');
    await s.sidebar.expectStatus(CHILD, 'Interrupted');
    ctx.log("Stop from the parent's banner: the child is Interrupted, the parent waits");

    await parent.click(`Open subtask ${CHILD}`);
    await child.expectStatus('Interrupted');
    await child.expectVisible('.assistant-text', 'first install the');
    await s.shots.take('child-interrupted');
    await child.click('Abandon this subtask (its parent carries on)');
    await child.expectStatus('Abandoned');
    await s.sidebar.expectStatus(CHILD, 'Abandoned');
    ctx.log('Abandon: the child shows Abandoned');

    await s.sidebar.expectStatus(ROOT, 'Completed');
    await s.sidebar.open(ROOT);
    await parent.expectStatus('Completed');
    await parent.expectVisible('.delegation-card', 'Abandoned; partial work handed back');
    const report = s.model.conversations().filter((c) => !c.isSubtask).map(delegationResult).at(-1) ?? '';
    check(report.includes('was abandoned by the user') && report.includes('first install the'), `the parent's model got the abandoned report with the partial output: ${JSON.stringify(report.slice(0, 300))}`);
    await parent.expectVisible('.result-card', 'ABANDON-HANDLED');
    ctx.log('the parent got the "abandoned" result with the partial work and carried on to completion');
    await s.shots.take('parent-completed-after-abandon');

    // Nothing reattaches an abandoned child: no button in its panel or row, and the commands say why.
    await s.sidebar.open(CHILD);
    await child.expectStatus('Abandoned');
    const actions = await child.actions();
    check(actions.length === 1 && actions[0] === 'Delete the task', `the abandoned child's panel offers ${JSON.stringify(actions)}`);
    await child.expectAbsent('[role="region"][aria-label="Waiting on subtask"]');
    const rowActions = await s.sidebar.rowActions(CHILD);
    check(rowActions.every((a) => a.startsWith('Delete')), `the abandoned child's row offers ${JSON.stringify(rowActions)}`);
    await s.shots.take('child-abandoned');
    await s.run('Baton: Resume Task');
    await expectToast(s.page, `"${CHILD}" was abandoned and cannot be resumed.`);
    await s.run('Baton: Continue Task…');
    await expectToast(s.page, /abandoned/);
    await s.shots.take('resume-refused');
    ctx.log('the abandoned child offers only Delete; Resume Task and Continue Task… refuse it');

    const root = s.store.mustGet(ROOT);
    const sub = s.store.mustGet(CHILD);
    check(sub.status === 'abandoned' && root.status === 'completed' && root.awaitingChildId === null, `store: child ${sub.status}, parent ${root.status}`);
    const childRequests = s.model.conversations().filter((c) => c.isSubtask).length;
    check(childRequests === 1, `the abandoned child asked the model ${childRequests} times`);
  },
};
