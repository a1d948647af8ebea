/**
 * 6. A → B → C (baton.maxSpawnDepth 2): stop C, reload, resume C → C reports to B, B completes
 * and reports to A.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, streamThenHold } from '../lib/model';
import { expectOneTabEach } from '../lib/ui';
import { check, expectIncludes } from './assert';

const A = 'Ship the search feature';
const B = 'Build the search index';
const C = 'Tokenize the documents';

export const threeLevels: Scenario = {
  id: '06-three-levels',
  title: 'A → B → C: stop C, reload, resume C → C reports to B → B completes and reports to A',
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      settings: { 'baton.maxSpawnDepth': 2 },
      route: (c) => {
        const report = delegationResult(c);
        if (!c.isSubtask) {
          if (report === undefined) return delegateTurn('B builds the index.', { title: B, goal: 'Level B: build the search index.' });
          return completeTurn('B reported back.', `A-DONE with ${/B-DONE[^\n]*/.exec(report)?.[0] ?? '(nothing from B)'}`);
        }
        if (c.goal.startsWith('Level B')) {
          if (!c.offered.has('delegate_task')) return completeTurn('I cannot delegate.', 'UNEXPECTED: B was not allowed to delegate');
          if (report === undefined) return delegateTurn('C tokenizes first.', { title: C, goal: 'Level C: tokenize the documents.' });
          return completeTurn('C reported back.', `B-DONE (index built) with ${/C-DONE[^\n]*/.exec(report)?.[0] ?? '(nothing from C)'}`);
        }
        if (c.offered.has('delegate_task')) return completeTurn('I should not be able to delegate.', 'UNEXPECTED: C was allowed to delegate');
        if (c.assistantTexts.some((t) => t.includes('Tokenizing document'))) return completeTurn('Resumed: all documents tokenized.', 'C-DONE: 42 documents tokenized.');
        return streamThenHold('Tokenizing document 1, document 2, document');
      },
    });
    const [pa, pb, pc] = [s.panel(A), s.panel(B), s.panel(C)];

    await s.sidebar.newTask(A);
    await s.sidebar.expectStatus(A, 'Waiting on subtask');
    await s.sidebar.expectStatus(B, 'Waiting on subtask');
    await s.sidebar.expectStatus(C, 'Running');
    ctx.log('A delegated to B, B to C; C runs');
    await pa.click(`Open subtask ${B}`);
    await pb.expectStatus('Waiting on subtask');
    await pb.click(`Open subtask ${C}`);
    await pc.expectVisible('.assistant-text.is-streaming', 'document 2, document');
    await pc.expectVisible('nav[aria-label="Parent tasks"]', B);
    await s.shots.take('c-running');

    await pc.click('Stop the task');
    await pc.expectStatus('Interrupted');
    await s.sidebar.expectStatus(C, 'Interrupted');
    await s.sidebar.expectStatus(B, 'Waiting on subtask');
    await s.sidebar.expectStatus(A, 'Waiting on subtask');
    ctx.log('Stop C: C Interrupted; B and A keep waiting');

    await s.reloadWindow();
    await s.sidebar.expectStatus(A, 'Waiting on subtask');
    await s.sidebar.expectStatus(B, 'Waiting on subtask');
    await s.sidebar.expectStatus(C, 'Interrupted');
    await s.sidebar.open(C);
    await pc.expectStatus('Interrupted');
    await pc.expectVisible('.assistant-text', 'document 2, document');
    await s.shots.take('c-interrupted-after-reload');
    ctx.log('after the reload the three statuses and C’s transcript are intact');

    await pc.click('Resume the task');
    await pc.expectStatus('Completed');
    await s.sidebar.expectStatus(B, 'Completed');
    await s.sidebar.expectStatus(A, 'Completed');
    await pc.click(`Open parent task ${B}`);
    await pb.expectStatus('Completed');
    await pb.expectVisible('.result-card', 'B-DONE (index built) with C-DONE');
    await s.shots.take('b-completed');
    await pb.click(`Open parent task ${A}`);
    await pa.expectStatus('Completed');
    await pa.expectVisible('.result-card', 'A-DONE with B-DONE (index built) with C-DONE');
    await pa.expectVisible('.delegation-card .delegation-result', 'B-DONE');
    await s.shots.take('a-completed');
    await expectOneTabEach(s.page, [A, B, C]);
    ctx.log('Resume C: C reported to B, B completed and reported to A, A completed');

    const [ta, tb, tc] = [s.store.mustGet(A), s.store.mustGet(B), s.store.mustGet(C)];
    check(ta.depth === 0 && tb.depth === 1 && tc.depth === 2, `store: depths ${ta.depth}/${tb.depth}/${tc.depth}`);
    check(tb.parentId === ta.id && tc.parentId === tb.id, 'store: C belongs to B, B to A');
    check([ta, tb, tc].every((t) => t.status === 'completed'), `store: ${ta.status}/${tb.status}/${tc.status}`);
    expectIncludes(ta.result?.summary, 'C-DONE', "A's result");
    for (const t of [ta, tb]) {
      const deliveries = s.store.transcript(t.id).filter((e) => e.type === 'tool_result' && e.toolName === 'delegate_task').length;
      check(deliveries === 1, `"${t.title}" got its child's result ${deliveries} times`);
    }
  },
};
