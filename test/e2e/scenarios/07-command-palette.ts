/**
 * 7. Command palette: New Task, Delegate Subtask…, Stop Task, Resume Task, Abandon Subtask each
 * reach the same outcome as the buttons (checked in the panels, the sidebar and the store).
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, streamThenHold } from '../lib/model';
import { confirmPick, editorTab, pickTaskIfAsked, quickPickRow, submitInput, until } from '../lib/ui';
import { check } from './assert';

const ROOT = 'Audit the documentation site';
const CHILD = 'Check the links in the README';

export const commandPalette: Scenario = {
  id: '07-command-palette',
  title: 'palette: New Task, Delegate Subtask…, Stop Task, Resume Task, Abandon Subtask',
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      route: (c) => {
        if (!c.isSubtask) {
          const report = c.laterUserMessages.find((m) => m.includes('delegated by hand has reported back'));
          if (report) return completeTurn('The hand-delegated subtask reported back; finishing.', `PALETTE-DONE: ${/was abandoned by the user|completed/.exec(report)?.[0] ?? '?'}`);
          return streamThenHold('Auditing the documentation site, page by page:');
        }
        return streamThenHold('Checking link one, link two, link');
      },
    });
    const root = s.panel(ROOT);
    const child = s.panel(CHILD);
    const task = (title: string) => s.store.byTitle(title);
    const requests = (subtask: boolean) => s.model.conversations().filter((c) => c.isSubtask === subtask).length;

    // New Task: an input box, then the task runs in its panel.
    await s.run('Baton: New Task');
    await submitInput(s.page, /What should the task do\? It runs on scripted-e2e \(OpenAI-compatible at http/, ROOT);
    await editorTab(s.page, ROOT).waitFor({ timeout: 15_000 });
    await root.expectVisible('.assistant-text.is-streaming', 'page by page:');
    await root.expectStatus('Running');
    await s.sidebar.expectStatus(ROOT, 'Running');
    check(task(ROOT)?.parentId === null && task(ROOT)?.status === 'active', 'store: a running root task');
    ctx.log('New Task: the task started and its panel opened, as from the sidebar');
    await s.shots.take('new-task-running');

    // Stop Task and Resume Task on the root.
    await s.run('Baton: Stop Task');
    await pickTaskIfAsked(s.page, ROOT, () => task(ROOT)?.status === 'interrupted');
    await root.expectStatus('Interrupted', 15_000, /Stopped by you/);
    check(task(ROOT)?.interruptReason === 'user_stop', 'store: interrupted by the user');
    ctx.log('Stop Task: Interrupted (Stopped by you), as the Stop button');
    await s.run('Baton: Resume Task');
    await pickTaskIfAsked(s.page, ROOT, () => task(ROOT)?.status === 'active');
    await root.expectStatus('Running');
    await s.store.waitFor('the root running again', (t) => t.title === ROOT && t.status === 'active' && t.lease !== null);
    await until('the resumed root to ask the model again', () => (requests(false) === 2 ? true : undefined));
    ctx.log('Resume Task: Running again, as the Resume button');

    // Delegate Subtask…: the parent (the focused task, or picked), a goal and a context.
    await s.run('Baton: Delegate Subtask…');
    await pickTaskIfAsked(s.page, ROOT, () => s.page.locator('.quick-input-widget', { hasText: 'What should the subtask do?' }).isVisible());
    await submitInput(s.page, /What should the subtask do\?/, CHILD);
    await submitInput(s.page, /Anything the subtask should know/, 'Only the top-level README.');
    // Who does it: Baton's subagent, or an external agent of baton.agents (the presets, not installed here).
    await quickPickRow(s.page, 'OpenCode').waitFor({ timeout: 15_000 });
    await s.shots.take('delegate-who-does-it');
    await confirmPick(s.page, /Delegate Subtask of/, 'Baton subagent');
    await editorTab(s.page, CHILD).waitFor({ timeout: 15_000 });
    await child.expectVisible('.assistant-text.is-streaming', 'link two, link');
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    await s.sidebar.expectStatus(CHILD, 'Running');
    const sub = await s.store.waitFor('the delegated subtask', (t) => t.title === CHILD);
    check(sub.context === 'Only the top-level README.', `store: the subtask's context is ${JSON.stringify(sub.context)}`);
    check(task(ROOT)?.status === 'delegated' && task(ROOT)?.awaitingChildId === sub.id, 'store: the root waits on the subtask');
    ctx.log('Delegate Subtask…: the subtask runs in its panel, the parent waits on it, as the Delegate form');
    await s.shots.take('delegated-child-running');

    // Stop Task, Resume Task, Stop Task on the subtask.
    await s.run('Baton: Stop Task');
    await pickTaskIfAsked(s.page, CHILD, () => task(CHILD)?.status === 'interrupted');
    await child.expectStatus('Interrupted');
    await s.sidebar.expectStatus(ROOT, 'Waiting on subtask');
    check(task(ROOT)?.status === 'delegated', 'store: stopping the subtask leaves the parent waiting');
    await s.run('Baton: Resume Task');
    await pickTaskIfAsked(s.page, CHILD, () => task(CHILD)?.status === 'active');
    await child.expectStatus('Running');
    await s.store.waitFor('the subtask running again', (t) => t.title === CHILD && t.status === 'active' && t.lease !== null);
    await s.run('Baton: Stop Task');
    await pickTaskIfAsked(s.page, CHILD, () => task(CHILD)?.status === 'interrupted');
    await child.expectStatus('Interrupted');
    ctx.log('Stop Task / Resume Task on the subtask: Interrupted, Running, Interrupted; the parent keeps waiting');

    // Abandon Subtask: a confirmation (Cancel first), then the parent carries on with the abandoned report.
    await s.run('Baton: Abandon Subtask…');
    await pickTaskIfAsked(s.page, CHILD, () => s.page.locator('.quick-input-widget', { hasText: `Abandon “${CHILD}”?` }).isVisible());
    await s.shots.take('abandon-confirmation');
    await confirmPick(s.page, `Abandon “${CHILD}”?`, 'Abandon');
    await child.expectStatus('Abandoned');
    await s.sidebar.expectStatus(CHILD, 'Abandoned');
    await s.sidebar.expectStatus(ROOT, 'Completed');
    await s.sidebar.open(ROOT);
    await root.expectStatus('Completed');
    await root.expectVisible('.result-card', 'PALETTE-DONE: was abandoned by the user');
    await root.expectVisible('.assistant-text', 'The hand-delegated subtask reported back');
    check(task(CHILD)?.status === 'abandoned' && task(ROOT)?.status === 'completed', 'store: child abandoned, parent completed');
    ctx.log('Abandon Subtask: confirmed (Cancel was the default); the child is Abandoned and the parent carried on, as the Abandon button');
    await s.shots.take('root-completed');
  },
};
