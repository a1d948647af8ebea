/**
 * 11. Commands act on the task in front of you: with two tasks running, Stop Task from the
 * palette stops the task of the active panel (no question asked; the sidebar's selection follows
 * that panel); with a file in front instead, it asks, listing only the tasks it applies to; once
 * nothing runs, the palette no longer offers it.
 */
import { openSession, type Scenario } from '../lib/harness';
import { streamThenHold } from '../lib/model';
import { openWorkspaceFile, paletteOffers, quickPickRow, until } from '../lib/ui';
import { check } from './assert';

const FIRST = 'Profile the importer';
const SECOND = 'Profile the exporter';

export const paletteFollowsPanel: Scenario = {
  id: '11-palette-follows-panel',
  title: 'palette commands act on the active panel’s task, else ask among the tasks they apply to; hidden when none',
  timeoutMs: 4 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      route: (c) => streamThenHold(c.goal.includes('importer') ? 'Timing the importer: step one, step two,' : 'Timing the exporter: step one, step two,'),
    });
    const first = s.panel(FIRST);
    const second = s.panel(SECOND);
    const task = (title: string) => s.store.byTitle(title);

    await s.sidebar.newTask(FIRST);
    await first.expectStatus('Running');
    await s.sidebar.newTask(SECOND);
    await second.expectStatus('Running');
    await s.sidebar.expectStatus(FIRST, 'Running');
    // The sidebar's selection follows the active panel.
    await until('the sidebar to select the active panel’s task', async () => ((await (await s.sidebar.row(SECOND)).getAttribute('aria-selected')) === 'true' ? true : undefined));
    ctx.log('two tasks run; the second’s panel is in front, and the sidebar selects its row');

    await s.run('Baton: Stop Task');
    await second.expectStatus('Interrupted');
    check(task(FIRST)?.status === 'active', `the task not in front was touched: ${task(FIRST)?.status}`);
    check(!(await s.page.locator('.quick-input-widget').isVisible()), 'Stop Task asked which task though a panel was in front');
    ctx.log('Stop Task stopped the task of the active panel, without asking');

    await openWorkspaceFile(s.page, 'README.md');
    await s.run('Baton: Stop Task');
    const offered = quickPickRow(s.page, FIRST);
    await offered.waitFor({ timeout: 10_000 });
    check((await quickPickRow(s.page, SECOND).count()) === 0, 'the quick pick offers a task that is not running');
    await s.shots.take('stop-asks-which');
    await offered.click();
    await first.expectStatus('Interrupted');
    ctx.log('with a file in front, Stop Task asked, offering only the running task');

    check(!(await paletteOffers(s.page, 'Baton: Stop Task')), 'the palette offers Stop Task though nothing runs');
    check(await paletteOffers(s.page, 'Baton: Resume Task'), 'the palette hides Resume Task though two tasks can resume');
    ctx.log('nothing runs: the palette hides Stop Task, and offers Resume Task');
  },
};
