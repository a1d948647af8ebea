/**
 * The Tasks sidebar in a real VS Code: code-server (VS Code 1.100.3 with a Node extension host)
 * with Baton loaded from this checkout, driven by Debian's chromium through playwright-core.
 *
 * It opens the sidebar with "Baton: Show Tasks", creates a task through the "New task" input,
 * waits for its row, commits a task history from this process as another window would and waits
 * for it to appear, screenshots the sidebar in the dark, light and high-contrast themes into
 * test-results/, and checks the tasks survive a reload. It fails on a CSP violation or a message
 * the protocol dropped.
 *
 *   npx tsx test/e2e/sidebarSmoke.ts            # builds first
 *   npx tsx test/e2e/sidebarSmoke.ts --no-build
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Frame, type Page } from 'playwright-core';
import { RUNNING_CHILD_TITLE, seedTasks } from './seedTasks';

const repoRoot = path.resolve(__dirname, '..', '..');
const resultsDir = path.join(repoRoot, 'test-results');
const runDir = path.join(repoRoot, '.cache', 'e2e', 'sidebar-smoke');
const extensionId = 'baton-dev.baton';
const storeDir = path.join(runDir, 'user-data', 'User', 'globalStorage', extensionId, 'store');

/** Picked by label in "Preferences: Color Theme" (in extension development mode the workbench
 * starts in Light+ whatever settings.json says, so the script picks themes as a user would). */
const THEMES = [
  { name: 'dark', label: 'Dark Modern', bodyClass: 'vscode-dark' },
  { name: 'light', label: 'Light Modern', bodyClass: 'vscode-light' },
  { name: 'high-contrast', label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
] as const;

/** The parts of scripts/lib that this uses (they are untyped .mjs, loaded by path). */
interface CodeServerLib {
  freePort(): Promise<number>;
  startCodeServer(o: { bin: string; port: number; dataDir: string; folder?: string; logFile?: string }): {
    exited: Promise<unknown>;
    stop(graceMs?: number): Promise<void>;
  };
  waitForHealthz(port: number, o?: { timeoutMs?: number; exited?: Promise<unknown> }): Promise<unknown>;
  workbenchUrl(o: { port: number; folder?: string; extensionDevelopmentPath?: string }): string;
}

async function importScript<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(path.join(repoRoot, relative)).href)) as T;
}

function log(message: string): void {
  process.stdout.write(`[sidebar-smoke] ${message}\n`);
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  const { ensureCodeServer } = await importScript<{ ensureCodeServer(): Promise<string> }>('scripts/ensure-code-server.mjs');
  const cs = await importScript<CodeServerLib>('scripts/lib/code-server.mjs');
  const bin = await ensureCodeServer();

  // A fresh profile each run: no tasks, default theme.
  fs.rmSync(runDir, { recursive: true, force: true });
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Sidebar smoke workspace\n');
  const settingsFile = path.join(runDir, 'user-data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // The run folder sits inside this repository; keep git's prompt out of the screenshots.
    'git.openRepositoryInParentFolders': 'never',
    'remote.autoForwardPorts': false,
  };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  fs.mkdirSync(resultsDir, { recursive: true });

  const port = await cs.freePort();
  const server = cs.startCodeServer({ bin, port, dataDir: runDir, folder: workspace, logFile: path.join(runDir, 'code-server.log') });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const problems: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  try {
    await cs.waitForHealthz(port, { timeoutMs: 90_000, exited: server.exited });
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to (load|apply|execute)/i.test(text) || text.includes('[baton]')) {
        problems.push(`console ${message.type()}: ${text}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    await page.goto(cs.workbenchUrl({ port, folder: workspace, extensionDevelopmentPath: repoRoot }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench loaded');

    await runCommand(page, 'Baton: Show Tasks');
    const view = await findWebviewFrame(page, '[aria-label="New task goal"]');
    await pickTheme(page, view, THEMES[0]);
    await view.locator('text=No tasks yet').waitFor({ timeout: 15_000 });
    log('sidebar shows the empty state');
    await shoot(page, 'sidebar-empty-dark');

    const goal = 'Write a README for the store module\nCover the file layout and recovery.';
    const input = view.locator('[aria-label="New task goal"]');
    await input.fill(goal.split('\n')[0] ?? goal);
    await input.press('Enter');
    await view.locator('.task-row', { hasText: 'Write a README for the store module' }).waitFor({ timeout: 15_000 });
    log('created a task through the input; its row appeared');

    // Another process (standing in for another window) commits a history: the open sidebar
    // must pick it up through the store's watcher and the batched deltas.
    await seedTasks(storeDir, 'sidebar-smoke-other-window');
    const running = view.locator('.task-row', { hasText: RUNNING_CHILD_TITLE }).filter({ hasText: 'Running' });
    await running.waitFor({ timeout: 15_000 });
    log("another process's commits showed up in the open sidebar");

    // Keyboard: Tab from the input reaches the first row (the + button is disabled while the
    // input is empty), arrows move between rows, Enter opens.
    await input.focus();
    await input.press('Tab');
    await view.locator('.task-row').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await view.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (!focused?.startsWith('Write the settings schema, Completed, subtask')) throw new Error(`arrow keys focused ${focused}`);
    await shoot(page, 'sidebar-dark-keyboard');
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: "the task view isn't built yet" }).waitFor({ timeout: 10_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    log('keyboard: Tab, arrows and Enter (openTask) work');

    for (const theme of THEMES) {
      await pickTheme(page, view, theme);
      await shoot(page, `sidebar-${theme.name}`);
      log(`screenshot in the ${theme.name} theme`);
    }

    // The store is durable: after a reload the task is still listed.
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const reloaded = await findWebviewFrame(page, '[aria-label="New task goal"]');
    await reloaded.locator('.task-row', { hasText: 'Write a README for the store module' }).waitFor({ timeout: 30_000 });
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
    await browser.close();
    await server.stop();
  }
  if (problems.length > 0) throw new Error(`problems seen in the browser:\n  ${problems.join('\n  ')}`);
  log(`passed; screenshots in ${path.relative(process.cwd(), resultsDir)}/`);
}

/** Runs a command through the command palette, retrying while the extension activates. */
async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    // The exact entry: fuzzy matching may rank another command first.
    const label = page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: label }).first();
    try {
      await row.waitFor({ timeout: 2_000 });
      await row.click();
      return;
    } catch {
      // Not there yet: the extension may still be activating.
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1_000);
  }
  throw new Error(`command "${title}" never showed up in the palette`);
}

/** Picks a color theme in the theme picker and waits until the webview has it. */
async function pickTheme(page: Page, view: Frame, theme: (typeof THEMES)[number]): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme.label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme.label }).first().waitFor({ timeout: 10_000 });
  await input.press('Enter');
  await view.locator(`body.${theme.bodyClass}`).waitFor({ timeout: 15_000 });
  // Let the quick pick close and the webview repaint with the new variables.
  await page.waitForTimeout(500);
}

/** Webviews are iframes nested in iframes; finds the one holding `selector`. */
async function findWebviewFrame(page: Page, selector: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector}`);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`) });
  await page.locator('.part.sidebar').screenshot({ path: path.join(resultsDir, `${name}-part.png`) });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[sidebar-smoke] FAILED: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
