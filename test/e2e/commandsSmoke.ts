/**
 * Baton's command palette, status bar and notifications in a real VS Code: code-server (VS Code
 * 1.100.3 with a Node extension host) with Baton loaded from this checkout, driven by Debian's
 * chromium through playwright-core, the tasks running on the Demo model.
 *
 * Through the palette (quick picks, input boxes and modal dialogs as a user meets them) and the
 * Stop keybinding: New Task, which opens the task's panel; Open Task on the subtask the demo
 * delegates; Abandon on it while it runs (refused: stop it first); Ctrl+Shift+Backspace in its
 * panel, Resume, Stop, Continue… with a new budget, Stop and Abandon; the "completed"
 * notification when the parent finishes; Stop with nothing running. Then, on a model endpoint
 * that refuses connections: New Task, Resume Task and the "failed" notification, Delegate
 * Subtask… from the failed task, and Delete Task on the subtask and then on its parent.
 * Every step is checked in the task store on disk. Screenshots of the status bar, the
 * notifications and the Delete dialog go to test-results/.
 *
 *   npx tsx test/e2e/commandsSmoke.ts            # builds first
 *   npx tsx test/e2e/commandsSmoke.ts --no-build
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Locator, type Page } from 'playwright-core';
import type { TaskRecord } from '../../src/shared/task';

const repoRoot = path.resolve(__dirname, '..', '..');
const resultsDir = path.join(repoRoot, 'test-results');
const runDir = path.join(repoRoot, '.cache', 'e2e', 'commands-smoke');
const extensionId = 'baton-dev.baton';
const tasksDir = path.join(runDir, 'user-data', 'User', 'globalStorage', extensionId, 'store', 'tasks');
const settingsFile = path.join(runDir, 'user-data', 'User', 'settings.json');

const DEMO_GOAL = 'Write a short hello note for the team';
const DEMO_CHILD = 'Write hello-baton.md';
const FAILING_GOAL = 'Summarize the changelog';
const MANUAL_CHILD_GOAL = 'Check the release notes for typos';

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
  process.stdout.write(`[commands-smoke] ${message}\n`);
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
  'baton.provider': 'demo',
  'baton.model': 'baton-demo',
};

function writeSettings(): void {
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(BASE_SETTINGS, null, 2));
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  const { ensureCodeServer } = await importScript<{ ensureCodeServer(): Promise<string> }>('scripts/ensure-code-server.mjs');
  const cs = await importScript<CodeServerLib>('scripts/lib/code-server.mjs');
  const bin = await ensureCodeServer();

  fs.rmSync(runDir, { recursive: true, force: true });
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Commands smoke workspace\n');
  writeSettings();
  fs.mkdirSync(resultsDir, { recursive: true });

  const port = await cs.freePort();
  const server = cs.startCodeServer({ bin, port, dataDir: runDir, folder: workspace, logFile: path.join(runDir, 'code-server.log') });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  try {
    await cs.waitForHealthz(port, { timeoutMs: 90_000, exited: server.exited });
    await page.goto(cs.workbenchUrl({ port, folder: workspace, extensionDevelopmentPath: repoRoot }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench loaded');

    // Nothing runs yet: the item is hidden, and Stop says so.
    await runCommand(page, 'Baton: Stop Task');
    await expectToast(page, 'No task is running.');
    if (await statusItem(page).count()) throw new Error('the status bar item shows with no tasks');
    log('Stop with no task running says "No task is running."; no status bar item');

    // --- New Task on the Demo model: it opens in its panel ---------------------------------
    await runCommand(page, 'Baton: New Task');
    await submitInput(page, DEMO_GOAL, /What should the task do\? It runs on the Demo model/);
    const root = await waitForTask((t) => t.title === DEMO_GOAL, 'the new root task');
    await editorTab(page, DEMO_GOAL).waitFor({ timeout: 15_000 });
    log(`New Task created "${root.title}" (${root.id}) on ${root.modelRoute?.provider} and opened its panel`);

    const child = await waitForTask((t) => t.title === DEMO_CHILD && t.status === 'active' && t.lease !== null, 'the demo subtask running');
    await statusItem(page, '1 running').waitFor({ timeout: 15_000 });
    await shootStatusBar(page, 'commands-statusbar-running');
    log('the demo delegated a subtask; the status bar says "1 running"');

    // Open Task always asks which task; the subtask's panel opens and becomes the focused task.
    await runCommand(page, 'Baton: Open Task');
    await pickTaskRow(page, DEMO_CHILD, true);
    await editorTab(page, DEMO_CHILD).waitFor({ timeout: 15_000 });
    log("Open Task: picked the subtask in a quick pick; its panel opened");

    await runCommand(page, 'Baton: Abandon Subtask');
    await expectToast(page, `"${DEMO_CHILD}" is running; stop it first, then abandon it.`);
    log('Abandon Subtask on the running subtask says to stop it first');
    await clearToasts(page);

    // --- Stop (keybinding), Resume, Stop, Continue…, Stop, Abandon on the subtask ------------
    await runCommand(page, 'View: Focus Active Editor Group');
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+Shift+Backspace');
    await waitForTask((t) => t.id === child.id && t.status === 'interrupted', 'Ctrl+Shift+Backspace to stop the subtask');
    await statusItem(page, '1 interrupted').waitFor({ timeout: 15_000 });
    await shootStatusBar(page, 'commands-statusbar-interrupted');
    const parent = await waitForTask((t) => t.id === root.id, 'the parent');
    if (parent.status !== 'delegated') throw new Error(`stopping the subtask changed its parent to ${parent.status}`);
    log('Ctrl+Shift+Backspace in the subtask panel stopped it; its parent still waits; status bar "1 interrupted"');

    await runCommand(page, 'Baton: Resume Task');
    await pickTaskRow(page, DEMO_CHILD);
    await waitForTask((t) => t.id === child.id && t.status === 'active', 'the subtask resumed');
    log('Resume Task: the subtask runs again');

    await stopFromPalette(page, child.id);
    log('Stop Task: the subtask is interrupted again');
    await runCommand(page, 'Baton: Continue Task…');
    await pickTaskRow(page, DEMO_CHILD);
    const turns = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'How many more turns may it take?' }).waitFor({ timeout: 10_000 });
    const prefilled = await turns.inputValue();
    if (prefilled !== '40') throw new Error(`Continue prefilled ${prefilled}, not the default 40 turns`);
    await turns.fill('0');
    await page.locator('.quick-input-message', { hasText: 'A whole number of turns, from 1 to 1000.' }).waitFor({ timeout: 5_000 });
    await turns.fill('7');
    await turns.press('Enter');
    const continued = await waitForTask((t) => t.id === child.id && t.status === 'active', 'the subtask continued');
    if (continued.budget.maxTurns !== 7) throw new Error(`Continue set ${continued.budget.maxTurns} turns, not 7`);
    log('Continue Task…: prefilled 40, refused 0, resumed the subtask with a 7-turn budget');

    await stopFromPalette(page, child.id);
    // Close the panels, so the parent's outcome is announced (a task in view is not).
    await closeEditorsAndToasts(page);
    await runCommand(page, 'Baton: Abandon Subtask');
    await pickTaskRow(page, DEMO_CHILD);
    await clickDialogButton(page, 'Abandon', `Abandon “${DEMO_CHILD}”?`);
    await waitForTask((t) => t.id === child.id && t.status === 'abandoned', 'the subtask abandoned');
    log('Abandon Subtask: confirmed in a modal; the subtask is abandoned');

    const completed = await expectToast(page, `Task “${DEMO_GOAL}” completed`, 60_000);
    await waitForTask((t) => t.id === root.id && t.status === 'completed', 'the parent completed');
    await shootToast(page, completed, 'commands-notification-completed');
    log('the parent carried on and completed; a notification with Open said so');
    await clearToasts(page);

    // The status bar item hides once nothing runs and nothing is interrupted.
    await statusItem(page).waitFor({ state: 'detached', timeout: 15_000 });
    log('the status bar item is gone with nothing running or interrupted');

    // --- A model that refuses connections: failure notification, Delegate, Delete ----------
    const deadPort = await cs.freePort();
    await editUserSettings(page, { 'baton.provider': 'openai-compatible', 'baton.model': 'nobody-home', 'baton.baseUrl': `http://127.0.0.1:${deadPort}/v1`, 'baton.maxRetries': 0 });
    await newTaskOn(page, FAILING_GOAL, 'openai-compatible / nobody-home');
    const failedRoot = await waitForTask((t) => t.title === FAILING_GOAL && t.status === 'failed', 'the task on a dead endpoint to fail');
    await closeEditorsAndToasts(page);
    log('New Task on an endpoint that refuses connections: the task failed');

    // Resume it from the palette (its panel closed): it fails again, and this time says so.
    await runCommand(page, 'Baton: Resume Task');
    await pickTaskRow(page, FAILING_GOAL);
    const failedToast = await expectToast(page, `Task “${FAILING_GOAL}” failed`, 30_000);
    await waitForTask((t) => t.id === failedRoot.id && t.status === 'failed' && t.updatedAt > failedRoot.updatedAt, 'the resumed task to fail again');
    await shootToast(page, failedToast, 'commands-notification-failed');
    for (const button of ['Open', 'Resume']) await failedToast.getByRole('button', { name: button }).waitFor({ timeout: 5_000 });
    log('Resume Task on the failed task: it failed again; the notification offers Open and Resume');
    await clearToasts(page);

    await runCommand(page, 'Baton: Delegate Subtask…');
    await pickTaskRow(page, FAILING_GOAL);
    await submitInput(page, MANUAL_CHILD_GOAL, /What should the subtask do\?/);
    await submitInput(page, 'Only the 2.0 section.', /Anything the subtask should know/);
    const manual = await waitForTask((t) => t.parentId === failedRoot.id && t.title === MANUAL_CHILD_GOAL, 'the delegated subtask');
    await waitForTask((t) => t.id === failedRoot.id && t.status === 'delegated' && t.awaitingChildId === manual.id, 'the parent waiting on it');
    if (manual.context !== 'Only the 2.0 section.') throw new Error(`the subtask got context ${JSON.stringify(manual.context)}`);
    log('Delegate Subtask… from the failed task: goal and context in input boxes; the parent waits on the new subtask');
    await clearToasts(page);

    // Delete the subtask (Delegate opened it, so it is the focused task): its parent is told.
    await runCommand(page, 'Baton: Delete Task');
    await pickTaskRow(page, MANUAL_CHILD_GOAL);
    const dialog = page.locator('.monaco-dialog-box', { hasText: `Delete “${MANUAL_CHILD_GOAL}”?` });
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.locator(`text=“${FAILING_GOAL}” is waiting on it`).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: path.join(resultsDir, 'commands-delete-dialog.png') });
    await clickDialogButton(page, 'Delete', `Delete “${MANUAL_CHILD_GOAL}”?`);
    await waitFor(() => !readTasks().some((t) => t.id === manual.id), 'the deleted subtask to be gone');
    await waitForTask((t) => t.id === failedRoot.id && t.awaitingChildId === null && t.childIds.length === 0, 'its parent to stop waiting');
    log('Delete Task on the subtask: the modal says its parent is told; the parent stops waiting');

    // Then the parent, picked in the quick pick (the focused task is gone).
    await runCommand(page, 'Baton: Delete Task');
    await pickTaskRow(page, FAILING_GOAL, true);
    await clickDialogButton(page, 'Delete', `Delete “${FAILING_GOAL}”?`);
    await waitFor(() => !readTasks().some((t) => t.id === failedRoot.id), 'the deleted task to be gone');
    log('Delete Task on the parent, picked in a quick pick: gone');
    await clearToasts(page);

    // Abandon on a root explains itself instead of doing nothing.
    await runCommand(page, 'Baton: Abandon Subtask');
    await expectToast(page, 'No subtask is paused');
    log('Abandon Subtask with no paused subtask explains what to do');
    await clearToasts(page);

    // The sidebar's title bar offers New Task; its overflow menu, the model and the API key.
    await runCommand(page, 'Baton: Show Tasks');
    const newTaskButton = page.locator('.part.sidebar .title-actions .action-label[aria-label="New Task"]');
    await newTaskButton.waitFor({ timeout: 15_000 });
    await newTaskButton.click();
    await page.locator('.quick-input-widget', { hasText: 'What should the task do?' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.locator('.part.sidebar .title-actions .action-label[aria-label="Views and More Actions..."]').click();
    for (const item of ['Select Model', 'Set API Key']) await page.locator('.monaco-menu .action-label', { hasText: item }).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: path.join(resultsDir, 'commands-sidebar-title-actions.png') });
    await page.keyboard.press('Escape');
    log('the sidebar title bar has New Task; its menu has Select Model and Set API Key');

    // The walkthrough: three steps, each with its command button and markdown.
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const walkthrough = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Baton' }).first();
    await walkthrough.waitFor({ timeout: 10_000 });
    await walkthrough.click();
    const steps = page.locator('.gettingStartedContainer');
    await steps.locator('text=Choose a model').first().waitFor({ timeout: 15_000 });
    for (const text of ['Run a first task', 'Delegate a subtask']) await steps.locator(`text=${text}`).first().waitFor({ timeout: 5_000 });
    await steps.getByRole('button', { name: 'Select Model' }).waitFor({ timeout: 5_000 });
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: path.join(resultsDir, 'commands-walkthrough.png') });
    log('the walkthrough opens with its three steps');
  } catch (error) {
    await page.screenshot({ path: path.join(resultsDir, 'commands-smoke-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
  if (problems.length > 0) throw new Error(`problems seen in the browser:\n  ${problems.join('\n  ')}`);
  log(`passed; screenshots in ${path.relative(process.cwd(), resultsDir)}/`);
}

/** Every task in the store, read from its tree files as another process would see them. */
function readTasks(): TaskRecord[] {
  if (!fs.existsSync(tasksDir)) return [];
  const tasks: TaskRecord[] = [];
  for (const name of fs.readdirSync(tasksDir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const tree = JSON.parse(fs.readFileSync(path.join(tasksDir, name), 'utf8')) as { records: TaskRecord[] };
      tasks.push(...tree.records);
    } catch {
      // Replaced while we read it: the next poll sees the new version.
    }
  }
  return tasks;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function waitForTask(match: (task: TaskRecord) => boolean, what: string, timeoutMs = 30_000): Promise<TaskRecord> {
  let found: TaskRecord | undefined;
  await waitFor(() => (found = readTasks().find(match)) !== undefined, what, timeoutMs);
  return found!;
}

/**
 * Rewrites the user settings as a user would, in the settings.json editor, and saves. (The
 * extension host here does not notice the file changing on disk behind the workbench's back.)
 */
async function editUserSettings(page: Page, extra: Record<string, unknown>): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor({ timeout: 15_000 });
  await editor.click();
  await page.keyboard.press('Control+A');
  // insertText types no keys, so the editor's bracket and quote auto-closing stays out of it.
  await page.keyboard.insertText(JSON.stringify({ ...BASE_SETTINGS, ...extra }, null, 2));
  await page.keyboard.press('Control+S');
  await page.waitForTimeout(500);
  await runCommand(page, 'View: Close All Editors');
}

/** New Task once the settings change has reached the extension host (its prompt names the model). */
async function newTaskOn(page: Page, goal: string, model: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await runCommand(page, 'Baton: New Task');
    const widget = page.locator('.quick-input-widget', { hasText: 'What should the task do?' });
    await widget.waitFor({ timeout: 10_000 });
    if ((await widget.textContent())?.includes(model)) {
      await widget.locator('input').fill(goal);
      await widget.locator('input').press('Enter');
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1_000);
  }
  throw new Error(`New Task never offered ${model}: the settings change did not arrive`);
}

async function stopFromPalette(page: Page, taskId: string): Promise<void> {
  await runCommand(page, 'Baton: Stop Task');
  await pickTaskRow(page, DEMO_CHILD);
  await waitForTask((t) => t.id === taskId && t.status === 'interrupted', 'the subtask to stop');
}

/**
 * Runs a command through the command palette, retrying while the extension activates (its
 * commands appear then) and while a webview that is still loading has the keyboard.
 */
async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    try {
      await input.waitFor({ timeout: 2_000 });
    } catch {
      await page.waitForTimeout(500);
      continue;
    }
    await input.fill(`>${title}`);
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

/**
 * Picks the task titled `title` in the command's quick pick (matched by label: a subtask's
 * description names its parent). Unless `required`, a command that acted on the focused task
 * (the last task panel the user looked at) without asking is fine too.
 */
async function pickTaskRow(page: Page, title: string, required = false): Promise<void> {
  const label = page.locator('.label-name', { hasText: new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: label }).first();
  try {
    await row.waitFor({ timeout: required ? 10_000 : 3_000 });
  } catch (error) {
    if (required) throw error;
    return;
  }
  await row.click();
}

/** Types into the input box whose prompt matches `prompt`, and accepts. */
async function submitInput(page: Page, text: string, prompt: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ timeout: 10_000 });
  const input = widget.locator('input');
  await input.fill(text);
  await input.press('Enter');
}

async function clickDialogButton(page: Page, button: string, heading: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: heading });
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}

/** The editor tab of a task panel (its title is the task's). */
function editorTab(page: Page, title: string): Locator {
  return page.locator('.tabs-container .tab', { hasText: title }).first();
}

function statusItem(page: Page, text?: string): Locator {
  const item = page.locator('.part.statusbar .statusbar-item[id="baton-dev.baton.baton.status"]');
  return text ? item.filter({ hasText: text }) : item;
}

async function expectToast(page: Page, text: string, timeoutMs = 15_000): Promise<Locator> {
  const toast = page.locator('.notification-toast-container', { hasText: text }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return toast;
}

async function clearToasts(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

async function closeEditorsAndToasts(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await clearToasts(page);
}

async function shootStatusBar(page: Page, name: string): Promise<void> {
  await statusItem(page).hover();
  await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`) });
  await page.mouse.move(640, 300);
  await page.locator('.part.statusbar').screenshot({ path: path.join(resultsDir, `${name}-part.png`) });
}

async function shootToast(page: Page, toast: Locator, name: string): Promise<void> {
  // Let the toast finish sliding in.
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`) });
  await toast.screenshot({ path: path.join(resultsDir, `${name}-part.png`) });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[commands-smoke] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
