/**
 * 10. "Needs you": a child asks to write a file while the user looks at another file → a
 * notification says so and stays; the child's row, its parent's row and panel ("Subtask needs
 * your approval") and the status bar ("1 needs you") all show it → the user approves from the
 * parent's panel, where the card names the child → the notification closes, the child writes,
 * completes and reports back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, delegateTurn, delegationResult, Gate, toolTurn } from '../lib/model';
import { openWorkspaceFile, pickTheme, statusBarItem, toast, until } from '../lib/ui';
import { check } from './assert';

const ROOT = 'Write the release notes';
const CHILD = 'Draft notes.md';
const NOTES = '# Release notes\n\n- Faster startup\n';

export const approvalFromParent: Scenario = {
  id: '10-approval-from-parent',
  title: 'a child waits for approval → its parent, the sidebar and the status bar show it → approved from the parent’s panel',
  timeoutMs: 4 * 60_000,
  async run(ctx) {
    const childMayAsk = new Gate();
    const s = await openSession(ctx, {
      route: async (c) => {
        if (!c.isSubtask) {
          const report = delegationResult(c);
          if (report === undefined) return delegateTurn('A subtask drafts the notes; I wait for it.', { title: CHILD, goal: 'Write notes.md with the release notes.' });
          return completeTurn('The notes are written.', `NOTES-DONE: ${/wrote|Wrote|created|notes\.md/.test(report) ? 'notes.md written' : report.slice(0, 80)}`);
        }
        if (c.toolResults.length === 0) {
          // The test decides when the child asks: once the user has moved to another file.
          await childMayAsk.promise;
          return toolTurn('I will write the notes now.', 'write_file', { path: 'notes.md', content: NOTES });
        }
        return completeTurn('The notes are in place.', 'Wrote notes.md.');
      },
    });
    const parent = s.panel(ROOT);

    await s.sidebar.newTask(ROOT);
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', CHILD);
    // The user looks at something else: no Baton panel is in view when the child asks.
    await openWorkspaceFile(s.page, 'README.md');
    childMayAsk.open();

    const notice = toast(s.page, `“${CHILD}” asks to write a file`);
    await notice.waitFor({ timeout: 30_000 });
    await s.sidebar.expectStatus(CHILD, 'Needs your approval');
    await s.sidebar.expectStatus(ROOT, 'Subtask needs your approval');
    await until('the status bar to say a task needs you', async () => ((await statusBarItem(s.page).textContent())?.includes('1 needs you') ? true : undefined));
    await until('the Baton view’s badge to count it', async () => ((await s.page.locator('.part.activitybar .action-item:has(a[aria-label^="Baton"]) .badge-content').textContent().catch(() => ''))?.trim() === '1' ? true : undefined));
    ctx.log('the child asks: a notification, its row and its parent’s row and the status bar say so');
    await s.shots.take('needs-you-notification-dark');
    // A progress notification: VS Code keeps it up while the question is open (a plain toast hides).
    check((await notice.locator('.monaco-progress-container').count()) > 0, 'the notification is not one that stays until answered');

    // The parent's panel shows the child's question, named, and answers it.
    await s.sidebar.open(ROOT);
    await parent.expectStatus('Subtask needs your approval');
    const card = await parent.expectVisible('.approval-card', `Subtask “${CHILD}” wants to write a file`);
    check((await card.innerText()).includes('notes.md'), 'the card names the file');
    await parent.expectVisible('[role="region"][aria-label="Waiting on subtask"]', 'Needs your approval');
    await s.shots.take('parent-shows-child-approval-dark');
    await pickTheme(s.page, 'light');
    await s.shots.take('parent-shows-child-approval-light');
    await pickTheme(s.page, 'dark');
    await parent.click('Show diff in the diff editor');
    const diffTab = s.page.locator('.tabs-container .tab', { hasText: 'proposed by Baton' }).first();
    await diffTab.waitFor({ timeout: 15_000 });
    await s.sidebar.open(ROOT);
    await parent.click('Allow once');
    ctx.log('approved from the parent’s panel (after a look at the diff)');
    await diffTab.waitFor({ state: 'detached', timeout: 15_000 });
    ctx.log('the diff tab closed with the answer');

    await notice.waitFor({ state: 'hidden', timeout: 15_000 });
    await s.sidebar.expectStatus(CHILD, 'Completed');
    await parent.expectStatus('Completed');
    await parent.expectVisible('.result-card', 'NOTES-DONE');
    await until('the status bar to stop saying a task needs you', async () => (!(await statusBarItem(s.page).textContent().catch(() => ''))?.includes('needs you') ? true : undefined));
    await until('the Baton view’s badge to go', async () => ((await s.page.locator('.part.activitybar .action-item:has(a[aria-label^="Baton"]) .badge-content:visible').count()) === 0 ? true : undefined));
    const written = fs.readFileSync(path.join(s.editor.workspace, 'notes.md'), 'utf8');
    check(written === NOTES, `notes.md holds ${JSON.stringify(written)}`);
    ctx.log('the notification closed; the child wrote notes.md and completed; the parent completed');
    await s.shots.take('approved-completed-dark');
  },
};
