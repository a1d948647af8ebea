/**
 * 9. A provider 529 storm → the child shows Retrying with attempts → recovers → completes.
 *
 * The scripted server answers the child's requests with HTTP 529 (Retry-After: 2 s) until the
 * test has seen the retries counting up in the UI; then the model answers again.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult } from '../lib/model';
import { until } from '../lib/ui';
import { check } from './assert';

const ROOT = 'Translate the error messages';
const CHILD = 'Translate the French strings';

export const overloadStorm: Scenario = {
  id: '09-overload-storm',
  title: 'a 529 storm → the child shows Retrying with attempts → recovers → completes',
  timeoutMs: 4 * 60_000,
  async run(ctx) {
    let storm = true;
    let overloaded = 0;
    const s = await openSession(ctx, {
      settings: { 'baton.maxRetries': 10 },
      route: (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) return delegateTurn('A subtask does the French.', { title: CHILD, goal: 'Translate the error messages into French.' });
          return completeTurn('Translations are in.', `Done with ${/FRENCH-DONE[^\n]*/.exec(report)?.[0] ?? '(nothing)'}`);
        }
        if (storm) {
          overloaded++;
          return { kind: 'http_error', status: 529, retryAfter: 2, message: 'Overloaded' };
        }
        return completeTurn('The provider is back; translating.', 'FRENCH-DONE: 14 messages translated.');
      },
    });
    const parent = s.panel(ROOT);
    const child = s.panel(CHILD);

    await s.sidebar.newTask(ROOT);
    await s.sidebar.expectStatus(CHILD, 'Retrying');
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', 'Retrying');
    await parent.click(`Open subtask ${CHILD}`);
    // Attempts count up in the child's status: wait for the third attempt's retry at least.
    const label = await child.expectStatus(/^Retrying ([3-9]|1[01])\/11/, 60_000);
    const shownAttempt = Number(/Retrying (\d+)/.exec(label)?.[1]);
    const detail = await (await child.frame()).locator('.status-pill').getAttribute('aria-label');
    check(/overloaded/i.test(detail ?? ''), `the retry explains itself: ${detail}`);
    ctx.log(`the child shows "${label}" after ${overloaded} overloaded answers (${detail})`);
    await s.shots.take('child-retrying');
    await s.sidebar.expectStatus(CHILD, 'Retrying');

    storm = false;
    await child.expectStatus('Completed', 60_000);
    await child.expectVisible('.result-card', 'FRENCH-DONE');
    ctx.log(`the storm ended: the child recovered and completed (${overloaded} × 529 in all)`);
    await s.shots.take('child-recovered');
    await child.click(`Open parent task ${ROOT}`);
    await parent.expectStatus('Completed');
    await parent.expectVisible('.result-card', 'Done with FRENCH-DONE');
    await parent.expectVisible('.delegation-card .delegation-result', 'FRENCH-DONE');
    await until('the store to show both completed', () => (s.store.tasks().every((t) => t.status === 'completed') ? true : undefined));
    // "Retrying n/11" is shown after n - 1 failed attempts.
    check(overloaded >= shownAttempt - 1, `the server sent ${overloaded} × 529, the child showed ${label}`);
    await s.shots.take('parent-completed');
  },
};
