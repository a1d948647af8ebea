/**
 * The task panel in a real VS Code (code-server, Debian's chromium) with the Demo model: a task
 * created in the sidebar opens its panel and delegates a subtask; the subtask's panel streams;
 * Stop interrupts the subtask while its parent keeps waiting; Resume restarts it; its write is
 * approved inline in its panel (after a look at the diff); the subtask completes and the parent
 * finishes. Screenshots in the dark, light and high-contrast themes go to test-results/. After a
 * window reload the serializer restores the panels.
 *
 *   npx tsx test/e2e/panelSmoke.ts            # builds first
 *   npx tsx test/e2e/panelSmoke.ts --no-build
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { assertNoProblems, findWebviewFrame, openWorkbench, pickTheme, resultsDir, runCommand, shoot, THEMES } from './workbench';

const GOAL = 'Write a short note that explains how Baton delegates work';
const CHILD = 'Write hello-baton.md';

function log(message: string): void {
  process.stdout.write(`[panel-smoke] ${message}\n`);
}

async function main(): Promise<void> {
  const bench = await openWorkbench({ name: 'panel-smoke', build: !process.argv.includes('--no-build'), settings: { 'baton.provider': 'demo' } });
  const { page, problems } = bench;
  try {
    log('workbench loaded');
    await runCommand(page, 'Baton: Show Tasks');
    const sidebar = await findWebviewFrame(page, '[aria-label="New task goal"]');
    await pickTheme(page, [sidebar], THEMES[0]);

    const input = sidebar.locator('[aria-label="New task goal"]');
    await input.fill(GOAL);
    await input.press('Enter');
    await sidebar.locator('.task-row', { hasText: GOAL }).waitFor({ timeout: 15_000 });
    const parent = await findWebviewFrame(page, '.task-heading', GOAL);
    log('created a task in the sidebar; its panel opened');

    await parent.locator('.banner', { hasText: `Waiting on subtask: ${CHILD}` }).waitFor({ timeout: 30_000 });
    await parent.locator('.delegation-card', { hasText: CHILD }).waitFor();
    log('the parent delegated and shows the waiting banner and the delegation card');

    await parent.locator('.banner vscode-button', { hasText: 'Open' }).click();
    const child = await findWebviewFrame(page, '.task-heading', CHILD);
    const streamed = child.locator('.assistant-text').last();
    await streamed.waitFor({ timeout: 15_000 });
    const before = (await child.locator('.transcript').innerText()).length;
    await page.waitForTimeout(1_500);
    const after = (await child.locator('.transcript').innerText()).length;
    if (after <= before) throw new Error(`the child's transcript did not grow (${before} → ${after} chars)`);
    log(`the child's panel streams (${before} → ${after} chars in 1.5 s)`);
    await shoot(page, 'panel-child-streaming-dark', '.part.editor');

    await child.locator('vscode-button[aria-label="Stop the task"]').click();
    await pill(child, 'Interrupted');
    await sidebar.locator('.task-row', { hasText: CHILD }).filter({ hasText: 'Interrupted' }).waitFor({ timeout: 10_000 });
    await sidebar.locator('.task-row', { hasText: GOAL }).filter({ hasText: 'Waiting on subtask' }).waitFor({ timeout: 10_000 });
    await child.locator('.notice-row', { hasText: /Stopped/ }).first().waitFor({ timeout: 10_000 });
    log('Stop: the child is Interrupted, the parent still "Waiting on subtask"');
    await shoot(page, 'panel-child-stopped-dark', '.part.editor');
    await shoot(page, 'sidebar-child-stopped-dark', '.part.sidebar');

    await child.locator('vscode-button[aria-label="Resume the task"]').click();
    await pill(child, 'Running');
    log('Resume: the child runs again');

    const approval = child.locator('.approval-card');
    await approval.waitFor({ timeout: 30_000 });
    if (!(await approval.innerText()).includes('hello-baton.md')) throw new Error('the approval does not name the file');
    log('the write waits for approval inline in the child panel');
    await shoot(page, 'panel-approval-dark', '.part.editor');

    await approval.locator('vscode-button', { hasText: 'Show diff' }).click();
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
    log('Show diff opened the diff editor');
    await shoot(page, 'panel-approval-diff-dark');

    // The diff editor hid the panel (its page is torn down); opening it again must bring the
    // question back from the snapshot.
    await sidebar.locator('.task-row', { hasText: CHILD }).click();
    const childAgain = await findWebviewFrame(page, '.approval-card', 'hello-baton.md');
    await childAgain.locator('.approval-card vscode-button', { hasText: 'Allow once' }).click();
    await pill(childAgain, 'Completed', 30_000);
    await childAgain.locator('.result-card', { hasText: 'hello-baton.md' }).waitFor({ timeout: 10_000 });
    log('Allow once: the child wrote the file and completed');

    await sidebar.locator('.task-row', { hasText: GOAL }).filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    await sidebar.locator('.task-row', { hasText: GOAL }).click();
    const parentAgain = await findWebviewFrame(page, '.result-card', 'Delegated the note');
    await pill(parentAgain, 'Completed');
    if (!fs.existsSync(path.join(bench.workspace, 'hello-baton.md'))) throw new Error('hello-baton.md was not written');
    log('the parent got the result back and finished');

    for (const theme of THEMES) {
      await pickTheme(page, [sidebar, parentAgain], theme);
      await shoot(page, `panel-parent-done-${theme.name}`, '.part.editor');
      log(`screenshot in the ${theme.name} theme`);
    }
    await pickTheme(page, [sidebar, parentAgain], THEMES[1]);
    await sidebar.locator('.task-row', { hasText: CHILD }).click();
    const childDone = await findWebviewFrame(page, '.result-card', 'hello-baton.md');
    await childDone.locator('.tool-card', { hasText: 'write_file' }).waitFor();
    await shoot(page, 'panel-child-done-light', '.part.editor');

    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await findWebviewFrame(page, '.task-heading', undefined, 45_000);
    // Opening the child reveals its restored panel rather than a second one.
    const sidebarAfter = await findWebviewFrame(page, '[aria-label="New task goal"]');
    await sidebarAfter.locator('.task-row', { hasText: CHILD }).click();
    const restored = await findWebviewFrame(page, '.task-heading', CHILD, 30_000);
    await restored.locator('.tool-card', { hasText: 'write_file' }).waitFor();
    const tabs = await page.locator('.tabs-container .tab', { hasText: CHILD }).count();
    if (tabs !== 1) throw new Error(`expected one tab for the child after the reload, found ${tabs}`);
    if ((await page.locator('.tabs-container .tab', { hasText: 'Untitled' }).count()) > 0) throw new Error('the diff left an untitled document behind');
    log('after a reload the serializer restored the panels');
    await shoot(page, 'panel-after-reload-light');
  } catch (error) {
    await page.screenshot({ path: path.join(resultsDir, 'panel-smoke-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await bench.close();
  }
  assertNoProblems(problems);
  log(`passed; screenshots in ${path.relative(process.cwd(), resultsDir)}/`);
}

async function pill(frame: Frame, label: string, timeout = 15_000): Promise<void> {
  await frame.locator('.status-pill', { hasText: label }).waitFor({ timeout });
}


main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[panel-smoke] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
