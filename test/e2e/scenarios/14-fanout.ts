/**
 * 14. A fan-out watched and steered from the parent's panel (issue 10): one delegate_task call
 * starts a batch of three; all three stream side by side in the parent's panel → Stop one from
 * its card → the other two report (one completes, one fails after its retries: its failure shows
 * in the parent's delegation card) → Reload Window → the stopped one and the failure are still
 * shown → Resume it from its card → it completes, the parent gets all three outcomes in one tool
 * result and finishes.
 *
 * The two that report while the first is stopped wait at their second turn for the test (a
 * gate), so "three streaming at once" is a state the test sees, not a race it hopes to win.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegationResult, Gate, say, streamThenHold, toolTurn } from '../lib/model';
import { pickTheme } from '../lib/ui';
import { check, expectIncludes } from './assert';

const ROOT = 'Prepare the 2.1 release';
const A = 'Write the release notes';
const B = 'Check the documentation links';
const C = 'Count the weekly downloads';
const WORDS: Record<string, string> = {
  [A]: 'Release notes, first draft: the parser is faster, and',
  [B]: 'Checking links: docs/index.md has 14 links, all fine so far',
  [C]: 'Downloads: fetching the registry statistics for the last week',
};
const A_RESULT = 'NOTES-DONE: three sections written.';
const B_RESULT = 'LINKS-OK: 42 links checked.';

export const fanout: Scenario = {
  id: '14-fanout',
  title: 'a batch of three streams in the parent’s panel → Stop one → the others report (one fails) → reload → Resume → the parent finishes',
  timeoutMs: 6 * 60_000,
  async run(ctx) {
    const othersGo = new Gate();
    let overloaded = 0;
    const s = await openSession(ctx, {
      // Two attempts: C's failure arrives in seconds, after one visible retry.
      settings: { 'baton.maxRetries': 1 },
      route: async (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) {
            return { steps: [...say('Three independent parts: I will run them in parallel.'), { type: 'tool_call', name: 'delegate_task', args: { tasks: [A, B, C].map((title) => ({ title, goal: `${title} for 2.1.` })) }, delayMs: 50 }] };
          }
          const heard = [/NOTES-DONE/, /LINKS-OK/, /failed/i].map((r) => (r.test(report) ? 'yes' : 'no')).join('/');
          return completeTurn('All three reported; wrapping up.', `Release prepared (notes/links/failure heard: ${heard}).`);
        }
        if (c.goal.includes(A)) {
          // Stopped mid-stream, then resumed: it continues from its partial answer.
          if (c.assistantTexts.some((t) => t.includes('first draft'))) return completeTurn('Resumed: finishing the notes.', A_RESULT);
          return streamThenHold(WORDS[A]!);
        }
        const own = c.goal.includes(B) ? B : C;
        // First turn: stream, then a harmless tool call; the next turn waits for the test.
        if (c.toolResults.length === 0) return toolTurn(WORDS[own]!, 'list_files', { path: '.' });
        await othersGo.promise;
        if (own === B) return completeTurn('The links are fine.', B_RESULT);
        overloaded++;
        return { kind: 'http_error', status: 529, retryAfter: 1, message: 'Overloaded' };
      },
    });
    const parent = s.panel(ROOT);
    const grid = '[role="region"][aria-label="Waiting on subtask"]';
    const card = (title: string) => `.child-card[aria-label="Subtask ${title}"]`;

    await s.sidebar.newTask(ROOT);
    await parent.expectStatus('Waiting on 3 subtasks');
    for (const title of [A, B, C]) await parent.expectVisible(`${card(title)} .child-tail`, WORDS[title]!.split(' ').slice(-2).join(' '));
    await parent.expectVisible(grid, 'Waiting on 3 subtasks');
    await parent.expectVisible(card(A), 'Running');
    for (const title of [A, B, C]) await s.sidebar.expectStatus(title, '');
    ctx.log('one delegate_task call: three subtasks stream side by side in the parent’s panel, each in the sidebar under it');
    await s.shots.take('three-streaming-dark');
    await pickTheme(s.page, 'light');
    await s.shots.take('three-streaming-light');
    await pickTheme(s.page, 'dark');

    await parent.click(`Stop subtask ${A}`);
    await parent.expectVisible(card(A), 'Interrupted');
    await parent.expectVisible(card(A), 'first draft: the parser is faster, and');
    await parent.expectStatus('Waiting on 3 subtasks');
    ctx.log('Stop on one card: that subtask is Interrupted, its last output kept; the parent still waits');

    othersGo.open();
    await parent.expectVisible(`.delegation-card[aria-label="Subtask ${B}"]`, 'Reported: Completed', 60_000);
    await parent.expectVisible(`.delegation-card[aria-label="Subtask ${C}"]`, 'Reported: Failed', 60_000);
    await parent.expectVisible(`.delegation-card[aria-label="Subtask ${C}"] .delegation-failure`, /overloaded/i);
    await parent.expectStatus('Waiting on subtask');
    check(overloaded === 2, `C's model call was refused ${overloaded} times, expected 2 (one retry)`);
    ctx.log('the other two reported: one completed, one failed after its retry; the failure shows in the parent’s card');
    const failed = await parent.expectVisible(`.delegation-card[aria-label="Subtask ${C}"]`);
    await failed.scrollIntoViewIfNeeded();
    await s.shots.take('failure-in-parent-card-dark');
    await pickTheme(s.page, 'light');
    await s.shots.take('failure-in-parent-card-light');
    await pickTheme(s.page, 'dark');

    await s.reloadWindow();
    ctx.log('reloaded the window');
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    await s.sidebar.expectStatus(A, 'Interrupted');
    await s.sidebar.expectStatus(B, 'Completed');
    await s.sidebar.expectStatus(C, 'Failed');
    await parent.expectVisible(card(A), 'Interrupted');
    await parent.expectVisible(card(A), 'first draft: the parser is faster, and');
    await parent.expectVisible(`.delegation-card[aria-label="Subtask ${C}"]`, 'Reported: Failed');
    ctx.log('after the reload: the stopped subtask (with its last output) and the failure are still shown');
    await s.shots.take('after-reload-dark');

    await parent.click(`Resume subtask ${A}`);
    await parent.expectStatus('Completed', 60_000);
    await parent.expectVisible('.result-card', 'notes/links/failure heard: yes/yes/yes');
    await parent.expectAbsent(grid);
    await s.sidebar.expectStatus(ROOT, 'Completed');
    await s.sidebar.expectStatus(A, 'Completed');
    ctx.log('Resume from its card: it completed, and the parent finished with all three outcomes');
    await s.shots.take('parent-completed-dark');
    await pickTheme(s.page, 'light');
    await s.shots.take('parent-completed-light');

    const root = s.store.mustGet(ROOT);
    check(root.status === 'completed', `store: the parent is ${root.status}`);
    expectIncludes(root.result?.summary, 'yes/yes/yes', "the parent's result");
    const outcomes = root.inbox.flatMap((m) => (m.kind === 'child_result' ? [`${m.childTitle}: ${m.outcome}`] : []));
    check(outcomes.length === 3, `each subtask reported once: ${outcomes.join('; ')}`);
    check(outcomes.includes(`${C}: failed`) && outcomes.includes(`${A}: completed`) && outcomes.includes(`${B}: completed`), `outcomes: ${outcomes.join('; ')}`);
    const deliveries = s.store.transcript(root.id).filter((e) => e.type === 'tool_result' && e.toolName === 'delegate_task');
    check(deliveries.length === 1, `the batch was answered ${deliveries.length} times, not once`);
  },
};
