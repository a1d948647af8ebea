/**
 * The Tasks sidebar in a real VS Code: code-server (VS Code 1.100.3 with a Node extension host)
 * with Baton loaded from this checkout, driven by Debian's chromium through playwright-core.
 *
 * It opens the sidebar with "Baton: Show Tasks", creates a task through the "New task" input,
 * waits for its row, commits a task history from this process as another window would and waits
 * for it to appear, searches, walks the tree with the keyboard and opens a task's panel with
 * Enter, screenshots the sidebar in the dark, light and high-contrast themes into test-results/,
 * and checks the tasks survive a reload. It fails on a CSP violation or a message the protocol
 * dropped.
 *
 *   npx tsx test/e2e/sidebarSmoke.ts            # builds first
 *   npx tsx test/e2e/sidebarSmoke.ts --no-build
 */
import path from 'node:path';
import { RUNNING_CHILD_TITLE, seedTasks } from './seedTasks';
import { assertNoProblems, findWebviewFrame, openWorkbench, pickTheme, resultsDir, runCommand, shoot, THEMES } from './workbench';

function log(message: string): void {
  process.stdout.write(`[sidebar-smoke] ${message}\n`);
}

async function main(): Promise<void> {
  // The demo model, so the task created here runs without a model server.
  const bench = await openWorkbench({
    name: 'sidebar-smoke',
    build: !process.argv.includes('--no-build'),
    settings: { 'baton.provider': 'demo', 'baton.autoApprove.writes': true },
    viewport: { width: 1100, height: 700 },
  });
  const { page, problems } = bench;
  try {
    log('workbench loaded');
    await runCommand(page, 'Baton: Show Tasks');
    const view = await findWebviewFrame(page, '[aria-label="New task goal"]');
    await pickTheme(page, [view], THEMES[0]);
    await view.locator('text=No tasks yet').waitFor({ timeout: 15_000 });
    log('sidebar shows the empty state');
    await shoot(page, 'sidebar-empty-dark', '.part.sidebar');

    const goal = 'Write a README for the store module';
    const input = view.locator('[aria-label="New task goal"]');
    await input.fill(goal);
    await input.press('Enter');
    await view.locator('.task-row', { hasText: goal }).waitFor({ timeout: 15_000 });
    await findWebviewFrame(page, '.task-heading', goal);
    log('created a task through the input; its row appeared and its panel opened');

    // Another process (standing in for another window) commits a history: the open sidebar
    // must pick it up through the store's watcher and the batched deltas.
    await seedTasks(bench.storeDir, 'sidebar-smoke-other-window');
    // Seeded tasks belong to no workspace: the filter hides them until "Show all".
    await view.locator('.filter-hint', { hasText: 'other workspaces' }).waitFor({ timeout: 15_000 });
    await view.locator('button[aria-label^="Showing this workspace only"]').click();
    const running = view.locator('.task-row', { hasText: RUNNING_CHILD_TITLE }).filter({ hasText: 'Running' });
    await running.waitFor({ timeout: 15_000 });
    await view.locator('.task-row', { hasText: 'Migrate the docs site' }).waitFor({ timeout: 5_000 });
    log("another process's commits showed up in the open sidebar; the workspace filter hid them until Show all");

    // Search keeps matches and their ancestors.
    const search = view.locator('[aria-label="Search tasks"]').first();
    await search.fill('schema');
    await view.locator('.task-row', { hasText: 'Write the settings schema' }).waitFor();
    const shown = await view.locator('.task-row').count();
    if (shown !== 2) throw new Error(`search "schema" shows ${shown} rows, expected the match and its parent`);
    await shoot(page, 'sidebar-search-dark', '.part.sidebar');
    await search.fill('');
    log('search narrows the tree to matches and their parents');

    // Keyboard: the tree is one tab stop; arrows move, Right/Left expand and collapse, Enter opens.
    await view.locator('.task-row').first().focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await view.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (!focused?.startsWith('Write the settings schema, Completed, subtask')) throw new Error(`arrow keys focused ${focused}`);
    await shoot(page, 'sidebar-dark-keyboard', '.part.sidebar');
    await page.keyboard.press('Enter');
    await findWebviewFrame(page, '.task-heading', 'Write the settings schema');
    log('keyboard: arrows and Enter (open) work; the panel opened');

    for (const theme of THEMES) {
      await pickTheme(page, [view], theme);
      await shoot(page, `sidebar-${theme.name}`, '.part.sidebar');
      log(`screenshot in the ${theme.name} theme`);
    }

    // The store is durable: after a reload the task is still listed.
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await runCommand(page, 'Baton: Show Tasks');
    const reloaded = await findWebviewFrame(page, '[aria-label="New task goal"]');
    await reloaded.locator('.task-row', { hasText: goal }).waitFor({ timeout: 30_000 });
    log('the task survived a window reload');

    // The checks above only mean something if the webview's console reaches this script.
    await reloaded.evaluate(() => console.info('[baton] console probe'));
    await page.waitForTimeout(200);
    const probe = problems.findIndex((line) => line.includes('[baton] console probe'));
    if (probe < 0) throw new Error("the webview's console does not reach the test");
    problems.splice(probe, 1);

    // The CSP refuses an injected inline script (it has no nonce).
    const cspProblems = problems.length;
    const verdict = await reloaded.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(`blocked by ${e.violatedDirective}`), { once: true });
          const script = document.createElement('script');
          script.textContent = 'document.body.dataset.inlineRan = "yes"';
          document.body.appendChild(script);
          setTimeout(() => resolve(document.body.dataset.inlineRan === 'yes' ? 'ran' : 'not run, no report'), 2_000);
        }),
    );
    if (!verdict.startsWith('blocked by script-src')) throw new Error(`an inline script was ${verdict}`);
    await page.waitForTimeout(200);
    problems.splice(cspProblems);
    log(`an injected inline script was ${verdict}`);
  } catch (error) {
    await page.screenshot({ path: path.join(resultsDir, 'sidebar-smoke-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await bench.close();
  }
  assertNoProblems(problems);
  log(`passed; screenshots in ${path.relative(process.cwd(), resultsDir)}/`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[sidebar-smoke] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
