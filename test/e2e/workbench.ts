/**
 * What the browser tests share: a fresh code-server profile with Baton loaded from this checkout,
 * Debian's chromium through playwright-core, and the few gestures they need (run a command from
 * the palette, pick a theme, find a webview's frame, take a screenshot). Any CSP violation or a
 * message the protocol dropped is collected in `problems`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');
export const extensionId = 'baton-dev.baton';

/** Picked by label in "Preferences: Color Theme" (in extension development mode the workbench
 * starts in Light+ whatever settings.json says, so the scripts pick themes as a user would). */
export const THEMES = [
  { name: 'dark', label: 'Dark Modern', bodyClass: 'vscode-dark' },
  { name: 'light', label: 'Light Modern', bodyClass: 'vscode-light' },
  { name: 'high-contrast', label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
] as const;
export type Theme = (typeof THEMES)[number];

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

export interface Workbench {
  readonly page: Page;
  readonly runDir: string;
  readonly workspace: string;
  readonly storeDir: string;
  readonly problems: string[];
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** A folder name under .cache/e2e. */
  name: string;
  settings?: Record<string, unknown>;
  build?: boolean;
  viewport?: { width: number; height: number };
}

export async function openWorkbench(o: WorkbenchOptions): Promise<Workbench> {
  if (o.build !== false) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  const { ensureCodeServer } = await importScript<{ ensureCodeServer(): Promise<string> }>('scripts/ensure-code-server.mjs');
  const cs = await importScript<CodeServerLib>('scripts/lib/code-server.mjs');
  const bin = await ensureCodeServer();

  // A fresh profile each run: no tasks, default theme.
  const runDir = path.join(repoRoot, '.cache', 'e2e', o.name);
  fs.rmSync(runDir, { recursive: true, force: true });
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Baton e2e workspace\n');
  const settingsFile = path.join(runDir, 'user-data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // The run folder sits inside this repository; keep git's prompt out of the screenshots.
    'git.openRepositoryInParentFolders': 'never',
    'remote.autoForwardPorts': false,
    'workbench.tips.enabled': false,
    ...o.settings,
  };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  fs.mkdirSync(resultsDir, { recursive: true });

  const port = await cs.freePort();
  const server = cs.startCodeServer({ bin, port, dataDir: runDir, folder: workspace, logFile: path.join(runDir, 'code-server.log') });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: o.viewport ?? { width: 1280, height: 800 } });
    const problems: string[] = [];
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
    const opened = browser;
    return {
      page,
      runDir,
      workspace,
      storeDir: path.join(runDir, 'user-data', 'User', 'globalStorage', extensionId, 'store'),
      problems,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Runs a command through the command palette, retrying while the extension activates. */
export async function runCommand(page: Page, title: string): Promise<void> {
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

/** Picks a color theme in the theme picker and waits until every given webview has it. */
export async function pickTheme(page: Page, views: readonly Frame[], theme: Theme): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme.label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme.label }).first().waitFor({ timeout: 10_000 });
  await input.press('Enter');
  for (const view of views) await view.locator(`body.${theme.bodyClass}`).waitFor({ timeout: 15_000 });
  // Let the quick pick close and the webviews repaint with the new variables.
  await page.waitForTimeout(500);
}

/** Webviews are iframes nested in iframes; finds the one holding `selector` (and `text`, if given). */
export async function findWebviewFrame(page: Page, selector: string, text?: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const locator = text === undefined ? frame.locator(selector) : frame.locator(selector, { hasText: text });
      if (await locator.count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector}${text ? ` holding "${text}"` : ''}`);
}

export async function shoot(page: Page, name: string, part?: string): Promise<void> {
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`) });
  if (part) await page.locator(part).first().screenshot({ path: path.join(resultsDir, `${name}-part.png`) });
}

/** Fails with what the browser reported, if anything. */
export function assertNoProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(`problems seen in the browser:\n  ${problems.join('\n  ')}`);
}
