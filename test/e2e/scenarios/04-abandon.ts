/**
 * 4. Abandon an interrupted child → the parent continues with the "abandoned" result; the child
 * shows Abandoned and no action can reattach it.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, streamThenHold } from '../lib/model';
import { confirmPick, paletteOffers } from '../lib/ui';
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
    // The button asks first, as the palette does, saying what the parent receives; Cancel is the default.
    await s.shots.take('abandon-confirmation');
    await confirmPick(s.page, `Abandon “${CHILD}”?`, 'Abandon');
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
    // No task can be resumed or continued now: the palette does not offer those commands at all.
    check(!(await paletteOffers(s.page, 'Baton: Resume Task')), 'the palette offers Resume Task though no task can resume');
    check(!(await paletteOffers(s.page, 'Baton: Continue Task…')), 'the palette offers Continue Task… though no task ran out of budget');
    check(await paletteOffers(s.page, 'Baton: Delete Task…'), 'the palette hides Delete Task…');
    ctx.log('the abandoned child offers only Delete; the palette hides Resume Task and Continue Task…, which apply to nothing');

    const root = s.store.mustGet(ROOT);
    const sub = s.store.mustGet(CHILD);
    check(sub.status === 'abandoned' && root.status === 'completed' && root.awaitingChildId === null, `store: child ${sub.status}, parent ${root.status}`);
    const childRequests = s.model.conversations().filter((c) => c.isSubtask).length;
    check(childRequests === 1, `the abandoned child asked the model ${childRequests} times`);
  },
};
