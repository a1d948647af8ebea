/**
 * 12. Delete asks first, with Cancel as the default (Enter keeps the task); confirmed, the task
 * is gone from the store and the sidebar, and its tab closes.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn } from '../lib/model';
import { confirmPick, editorTab, until } from '../lib/ui';
import { check } from './assert';

const ROOT = 'Tidy the changelog';

export const deleteClosesTab: Scenario = {
  id: '12-delete-closes-tab',
  title: 'Delete confirms with Cancel as the default; a deleted task’s tab closes',
  timeoutMs: 3 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, { route: () => completeTurn('The changelog is tidy.', 'CHANGELOG-TIDY') });
    const panel = s.panel(ROOT);

    await s.sidebar.newTask(ROOT);
    await panel.expectStatus('Completed');
    s.store.mustGet(ROOT);

    await panel.click('Delete the task');
    const question = s.page.locator('.quick-input-widget', { hasText: `Delete “${ROOT}”?` });
    await question.waitFor({ timeout: 10_000 });
    await s.shots.take('delete-asks');
    await s.page.keyboard.press('Enter');
    await question.waitFor({ state: 'hidden', timeout: 10_000 });
    check(s.store.byTitle(ROOT) !== undefined, 'Enter deleted the task: Cancel must be the default');
    check(await editorTab(s.page, ROOT).isVisible(), 'the tab closed though the task was kept');
    ctx.log('Enter in the confirmation cancels: the task and its tab stay');

    await panel.click('Delete the task');
    await confirmPick(s.page, `Delete “${ROOT}”?`, 'Delete');
    await until('the task to leave the store', () => (s.store.byTitle(ROOT) === undefined ? true : undefined));
    await editorTab(s.page, ROOT).waitFor({ state: 'detached', timeout: 15_000 });
    await until('the sidebar row to go', async () => ((await (await s.sidebar.row(ROOT)).count()) === 0 ? true : undefined));
    ctx.log('confirmed: the task left the store and the sidebar, and its tab closed');
    await s.shots.take('deleted');
  },
};
