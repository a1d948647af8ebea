/**
 * 1. New task from the sidebar → it delegates a subtask → the child's output streams into its
 * panel while it runs → the child completes → the parent resumes and shows the child's result.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, Gate, toolTurn } from '../lib/model';
import { pickTheme } from '../lib/ui';
import { check, expectIncludes } from './assert';

const ROOT = 'Summarize the release checklist';
const CHILD = 'Collect the checklist items';
const CHILD_RESULT = 'CHECKLIST-READY: 3 items collected (build, notes, tag).';

export const delegateAndStream: Scenario = {
  id: '01-delegate-and-stream',
  title: 'new task → delegates → child streams → child completes → parent resumes with its result',
  timeoutMs: 4 * 60_000,
  async run(ctx) {
    const secondTurn = new Gate();
    const s = await openSession(ctx, {
      route: async (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) {
            return delegateTurn('This is a job for a subtask; I will wait for its list.', { title: CHILD, goal: 'List the items of the release checklist.' });
          }
          const item = /CHECKLIST-READY[^\n]*/.exec(report)?.[0] ?? '(no result)';
          return completeTurn('The subtask reported back, so I can finish.', `Summary from the subtask: ${item}`);
        }
        if (c.toolResults.length === 0) {
          return toolTurn('Streaming part one: I start by looking at what the workspace holds.', 'list_files', { path: '.' });
        }
        // The test lets the second turn through once it has seen the first one in the panel.
        await secondTurn.promise;
        return completeTurn('Streaming part two: the list is complete, reporting back.', CHILD_RESULT);
      },
    });
    const parent = s.panel(ROOT);
    const child = s.panel(CHILD);

    await s.sidebar.newTask(ROOT);
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    await s.sidebar.expectStatus(CHILD, 'Running');
    await parent.expectStatus('Waiting on subtask');
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', CHILD);
    await parent.expectVisible('.delegation-card', CHILD);
    ctx.log('the sidebar task delegated: parent "Waiting on subtask", child Running');
    await s.shots.take('parent-waiting-dark');

    await parent.click(`Open subtask ${CHILD}`);
    await child.expectVisible('.assistant-text', 'Streaming part one');
    await child.expectVisible('.tool-card', 'list_files');
    await child.expectStatus('Running');
    await child.expectAbsent('.assistant-text', 'Streaming part two');
    await child.expectAbsent('.result-card');
    ctx.log("the child's first turn streamed into its panel while it runs (its second turn is held)");
    await s.shots.take('child-streaming-dark');
    await pickTheme(s.page, 'light');
    await child.expectStatus('Running');
    await s.shots.take('child-streaming-light');
    await pickTheme(s.page, 'dark');

    secondTurn.open();
    await child.expectVisible('.assistant-text', 'Streaming part two');
    await child.expectStatus('Completed');
    await child.expectVisible('.result-card', 'CHECKLIST-READY');
    ctx.log('the rest of the output streamed in; the child completed');
    await s.shots.take('child-completed-dark');

    await child.click(`Open parent task ${ROOT}`);
    await parent.expectStatus('Completed');
    await parent.expectVisible('.delegation-card .delegation-result', 'CHECKLIST-READY');
    await parent.expectVisible('.result-card', 'Summary from the subtask: CHECKLIST-READY');
    await s.sidebar.expectStatus(ROOT, 'Completed');
    await s.sidebar.expectStatus(CHILD, 'Completed');
    ctx.log("the parent resumed, shows the child's result and completed");
    await s.shots.take('parent-completed-dark');
    await pickTheme(s.page, 'light');
    await s.shots.take('parent-completed-light');

    const root = s.store.mustGet(ROOT);
    const sub = s.store.mustGet(CHILD);
    check(root.status === 'completed' && sub.status === 'completed', `store: ${root.status} / ${sub.status}`);
    check(sub.parentId === root.id && root.childIds.includes(sub.id), 'store: the child belongs to the parent');
    expectIncludes(root.result?.summary, 'CHECKLIST-READY', "the parent's result");
    ctx.log('the store agrees: both completed, the result went up');
  },
};
