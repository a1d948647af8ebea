/**
 * The Tasks sidebar and the task panel resolve in a real workbench: VS Code creates them, the
 * page loads, says `ready`, and renders what the host sends (checked in the browser by the
 * launcher's probe, when VS Code runs under it).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TaskRecord } from '../../../../src/shared/task';
import { baton, expectWebview, probeAvailable, screenshot } from '../harness';

const PANEL_VIEW_TYPE = 'baton.task';

function panelTabs(title?: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(PANEL_VIEW_TYPE) && (title === undefined || t.label === title));
}

/** Resolves when a Baton task panel titled `title` is among the tabs. */
function panelTab(title: string, timeoutMs = 60_000): Promise<vscode.Tab> {
  const now = panelTabs(title)[0];
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = panelTabs(title)[0];
      if (!tab) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(tab);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      reject(new Error(`no task panel tab "${title}" after ${timeoutMs / 1000}s; tabs: ${JSON.stringify(tabs)}`));
    }, timeoutMs);
  });
}

describe('views', () => {
  let services: Awaited<ReturnType<typeof baton>>;
  let task: TaskRecord;

  before(async () => {
    services = await baton();
    const done = services.store.list().filter((t) => t.parentId === null && t.status === 'completed');
    assert.ok(done.length > 0, 'an earlier test left a completed task to show');
    task = done[0]!;
  });

  it('the Tasks sidebar (baton.tasks) resolves and lists the tasks (Show Tasks)', async function () {
    await vscode.commands.executeCommand('baton.showTasks');
    if (!probeAvailable()) this.skip(); // desktop VS Code: no browser to look into
    const text = await expectWebview('sidebar', task.title);
    assert.ok(text.includes(task.title));
    await screenshot('sidebar');
  });

  it('the sidebar also resolves through its view focus command (baton.tasks.focus)', async function () {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('baton.tasks.focus');
    if (!probeAvailable()) this.skip();
    await expectWebview('sidebar', task.title);
  });

  it('Open Task opens the task panel (baton.task), which renders the task', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(services.panels.isVisible(task.id), false, 'no panel after closing all editors');
    const tab = panelTab(task.title);
    await vscode.commands.executeCommand('baton.openTask', task.id);
    await tab;
    assert.equal(services.panels.isVisible(task.id), true, 'Baton sees its panel as visible');
    if (probeAvailable()) {
      await expectWebview('panel', task.title);
      await screenshot('task-panel');
    }
  });

  it('Open Task on an open panel reveals it rather than opening a second one', async () => {
    await vscode.commands.executeCommand('baton.openTask', task.id);
    assert.equal(panelTabs(task.title).length, 1);
  });
});
