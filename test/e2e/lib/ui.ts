/**
 * Gestures on VS Code's own UI (command palette, quick picks, input boxes, dialogs, themes,
 * screenshots) and on Baton's webviews (the Tasks sidebar and the task panels), found by the
 * roles and aria-labels the user's screen reader would announce. Webviews are iframes nested in
 * iframes, torn down while hidden: every helper finds its frame again on each try.
 */
import path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { resultsDir } from './env';

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function exact(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

/**
 * Calls `probe` until it returns something other than undefined: a DOM or store state the test
 * waits for, checked every 150 ms (the checks themselves wait on the page's own events). Errors
 * from frames torn down meanwhile count as "not yet".
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? ` (last error: ${last.message.split('\n')[0]})` : '';
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

// ---- VS Code's UI ----------------------------------------------------------------------------

/** Runs a command from the command palette (retrying while a loading webview holds the keyboard or the command is not registered yet). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    try {
      await input.waitFor({ timeout: 2_000 });
    } catch {
      continue;
    }
    await input.fill(`>${title}`);
    const label = page.locator('.label-name', { hasText: exact(title) });
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: label }).first();
    try {
      await row.waitFor({ timeout: 3_000 });
      await row.click();
      return;
    } catch {
      // Not there yet: Baton's commands show once its store is ready.
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`command "${title}" never showed up in the palette`);
}

/** The quick pick row whose label is `title` (a task's quick pick describes it with its parent, so the label is matched exactly). */
export function quickPickRow(page: Page, title: string): Locator {
  const label = page.locator('.label-name', { hasText: exact(title) });
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: label }).first();
}

/**
 * After a task command: picks `title` if the command asks which task. A command may act on the
 * focused task without asking: then `acted` (the outcome, e.g. read from the store) turns true
 * with no quick pick.
 */
export async function pickTaskIfAsked(page: Page, title: string, acted: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<'picked' | 'focused'> {
  const row = quickPickRow(page, title);
  return until(
    `a quick pick offering "${title}", or the command acting on it`,
    async () => {
      if (await row.isVisible()) {
        await row.click();
        return 'picked' as const;
      }
      return (await acted()) ? ('focused' as const) : undefined;
    },
    timeoutMs,
  );
}

/** Presses the Back button of a multi-step quick input (at its top left). */
export async function quickInputBack(page: Page): Promise<void> {
  const back = page.locator('.quick-input-widget .quick-input-left-action-bar .codicon-quick-input-back');
  await back.waitFor({ timeout: 10_000 });
  await back.click();
}

/** Types into the input box whose prompt matches `prompt`, and accepts. */
export async function submitInput(page: Page, prompt: RegExp, text: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ timeout: 15_000 });
  const input = widget.locator('input');
  await input.fill(text);
  await input.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/**
 * Answers Baton's confirmation (a quick pick titled `question`, Cancel first and selected) by
 * picking `choice`: e.g. "Abandon" or "Delete".
 */
export async function confirmPick(page: Page, question: string | RegExp, choice: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { hasText: question });
  await widget.waitFor({ timeout: 15_000 });
  const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact(choice) }) }).first();
  await row.click();
  await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/**
 * Whether the command palette lists `title` (Baton hides commands that apply to no task). The
 * palette first shows "Baton: New Task" (always listed once the store is ready), so it is known
 * to be up; then the filter is typed, and the list read after it has rendered.
 */
export async function paletteOffers(page: Page, title: string): Promise<boolean> {
  const input = page.locator('.quick-input-widget input');
  const row = (t: string) => page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact(t) }) });
  await page.keyboard.press('Control+Shift+P');
  await input.waitFor({ timeout: 5_000 });
  await input.fill('>Baton: New Task');
  await row('Baton: New Task').first().waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const offered = (await row(title).count()) > 0;
  await page.keyboard.press('Escape');
  return offered;
}

export async function clickDialogButton(page: Page, heading: string | RegExp, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: heading });
  await dialog.waitFor({ timeout: 15_000 });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}

export async function expectToast(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
  const toast = page.locator('.notification-toast-container', { hasText: text }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return toast;
}

export const THEMES = {
  dark: { label: 'Dark Modern', bodyClass: 'vscode-dark', workbenchClass: 'vs-dark' },
  light: { label: 'Light Modern', bodyClass: 'vscode-light', workbenchClass: 'vs' },
} as const;
export type ThemeName = keyof typeof THEMES;

/** Picks a color theme in "Preferences: Color Theme" and waits until the workbench and every Baton webview in view have it. */
export async function pickTheme(page: Page, name: ThemeName): Promise<void> {
  const theme = THEMES[name];
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme.label);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact(theme.label) }) }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  await page.locator(`.monaco-workbench.${theme.workbenchClass}`).waitFor({ timeout: 15_000 });
  await until(`every webview in the ${name} theme`, async () => {
    for (const frame of await batonFrames(page)) {
      if (!(await frame.locator(`body.${theme.bodyClass}`).count())) return undefined;
    }
    return true;
  });
}

// ---- Baton's webviews ------------------------------------------------------------------------

/** Frames holding a Baton webview document (the sidebar or a task panel). */
export async function batonFrames(page: Page): Promise<Frame[]> {
  const out: Frame[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.isDetached()) continue;
    const n = await frame.locator('main.sidebar, main.panel').count().catch(() => 0);
    if (n > 0) out.push(frame);
  }
  return out;
}

async function findFrame(page: Page, selector: string, text?: string | RegExp): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.isDetached()) continue;
    const locator = text === undefined ? frame.locator(selector) : frame.locator(selector, { hasText: text });
    if ((await locator.count().catch(() => 0)) > 0) return frame;
  }
  return undefined;
}

/** The Tasks sidebar. */
export class Sidebar {
  constructor(private readonly page: Page) {}

  frame(timeoutMs = 30_000): Promise<Frame> {
    return until('the Tasks sidebar', () => findFrame(this.page, 'main.sidebar'), timeoutMs);
  }

  /**
   * Opens the Baton container from the activity bar unless it is open already (after a reload
   * the workbench restores it, its webview a moment later: clicking then would close it), and
   * waits until the sidebar has loaded the store.
   */
  async show(timeoutMs = 90_000): Promise<Frame> {
    const item = this.page.locator('.part.activitybar .action-item').filter({ has: this.page.locator('a.action-label[aria-label^="Baton"]') });
    let clickedAt = 0;
    return until(
      'the Tasks sidebar to be ready',
      async () => {
        const open = (await item.count()) > 0 && (await item.first().getAttribute('class'))?.split(/\s+/).includes('checked');
        const frame = await findFrame(this.page, 'main.sidebar');
        // The view keeps its page while hidden: a frame alone does not mean it is in view.
        if (frame && open) {
          const loading = await frame.locator('text=Loading tasks…').count();
          const input = frame.locator('.new-task-input');
          if (loading === 0 && (await input.count()) > 0 && (await input.getAttribute('disabled')) === null) return frame;
          return undefined;
        }
        // After a reload the workbench restores the container, its webview a moment later:
        // clicking at once could close it again, so a click is repeated only after a pause.
        if (!open && (await item.count()) > 0 && Date.now() - clickedAt > 5_000) {
          clickedAt = Date.now();
          await item.first().locator('a.action-label').click({ timeout: 5_000 });
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** Types a goal into "New task goal" and presses Enter, as a user starts a task. */
  async newTask(goal: string): Promise<void> {
    const frame = await this.show();
    const input = frame.locator('[aria-label="New task goal"]');
    await input.fill(goal);
    await input.press('Enter');
  }

  /** The tree row of the task titled `title` (its aria-label starts with the title). */
  async row(title: string): Promise<Locator> {
    const frame = await this.show();
    return frame.locator(`.task-row[aria-label^="${cssString(title)}, "]`).first();
  }

  /** Waits until the task's row says `status` (its aria-label is "title, status[, subtask]"). */
  async expectStatus(title: string, status: string, timeoutMs = 30_000): Promise<void> {
    let seen = '';
    await until(
      `the sidebar row of "${title}" to say ${status} (it says: ${seen || 'nothing'})`,
      async () => {
        const frame = await findFrame(this.page, 'main.sidebar');
        if (!frame) return undefined;
        const row = frame.locator(`.task-row[aria-label^="${cssString(title)}, "]`).first();
        if (!(await row.count())) return undefined;
        seen = (await row.getAttribute('aria-label')) ?? '';
        return seen.startsWith(`${title}, ${status}`) ? true : undefined;
      },
      timeoutMs,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the row says "${seen}"`);
    });
  }

  /** Clicks the task's row, which opens its panel. */
  async open(title: string): Promise<void> {
    const row = await this.row(title);
    await row.locator('.task-title').click();
  }

  /** The labels of the buttons on the task's row. */
  async rowActions(title: string): Promise<string[]> {
    const row = await this.row(title);
    return row.locator('.row-actions button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  }
}

/** A task panel, by the task's title. */
export class TaskPanel {
  constructor(
    private readonly page: Page,
    readonly title: string,
  ) {}

  /** The panel's frame, once it shows this task (its heading). */
  frame(timeoutMs = 30_000): Promise<Frame> {
    return until(`the panel of "${this.title}"`, () => findFrame(this.page, 'h1.task-heading', exact(this.title)), timeoutMs);
  }

  /** Waits until the header's status pill reads `label` (and its tooltip matches `detail`, if given). */
  async expectStatus(label: string | RegExp, timeoutMs = 30_000, detail?: RegExp): Promise<string> {
    let seen = '';
    try {
      return await until(
        `the panel of "${this.title}" to show ${label}`,
        async () => {
          const frame = await findFrame(this.page, 'h1.task-heading', exact(this.title));
          if (!frame) return undefined;
          const pill = frame.locator('.status-pill').first();
          seen = ((await pill.textContent()) ?? '').trim();
          const ok = typeof label === 'string' ? seen === label : label.test(seen);
          if (!ok) return undefined;
          if (detail && !detail.test((await pill.getAttribute('aria-label')) ?? '')) return undefined;
          return seen;
        },
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; it shows "${seen}"`);
    }
  }

  /** Waits until the transcript (or the rest of the panel) shows `selector` with `text`. */
  async expectVisible(selector: string, text?: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    return until(
      `"${selector}"${text ? ` with "${text}"` : ''} in the panel of "${this.title}"`,
      async () => {
        const frame = await this.frame(timeoutMs);
        const locator = (text === undefined ? frame.locator(selector) : frame.locator(selector, { hasText: text })).first();
        return (await locator.isVisible()) ? locator : undefined;
      },
      timeoutMs,
    );
  }

  async expectAbsent(selector: string, text?: string | RegExp): Promise<void> {
    const frame = await this.frame();
    const locator = text === undefined ? frame.locator(selector) : frame.locator(selector, { hasText: text });
    const n = await locator.count();
    if (n > 0) throw new Error(`the panel of "${this.title}" shows ${n} × "${selector}"${text ? ` with "${text}"` : ''}`);
  }

  /** Clicks the button with this aria-label (a toolkit button or a plain one). */
  async click(ariaLabel: string, timeoutMs = 15_000): Promise<void> {
    await until(
      `a "${ariaLabel}" button in the panel of "${this.title}"`,
      async () => {
        const frame = await this.frame(timeoutMs);
        const button = frame.locator(`[aria-label="${cssString(ariaLabel)}"]`).first();
        if (!(await button.isVisible())) return undefined;
        await button.click({ timeout: 3_000 });
        return true;
      },
      timeoutMs,
    );
  }

  /** The aria-labels of the task actions toolbar's buttons. */
  async actions(): Promise<string[]> {
    const frame = await this.frame();
    return frame.locator('[role="toolbar"][aria-label="Task actions"] vscode-button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  }

  /** The transcript's visible text. */
  async transcriptText(): Promise<string> {
    const frame = await this.frame();
    return frame.locator('.transcript').innerText();
  }
}

/** The editor tab of a task panel. */
export function editorTab(page: Page, title: string): Locator {
  return page.locator('.tabs-container .tab', { has: page.locator('.label-name', { hasText: exact(title) }) }).first();
}

function cssString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Screenshots of a scenario: test-results/e2e/<scenario>-<step>.png */
export class Shots {
  private n = 0;
  readonly files: string[] = [];
  constructor(
    private readonly page: Page,
    private readonly scenario: string,
  ) {}

  async take(step: string): Promise<string> {
    this.n++;
    const file = path.join(resultsDir, `${this.scenario}-${String(this.n).padStart(2, '0')}-${step}.png`);
    // Let the last animation frame land (the status pill's spinner, a toast sliding in).
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await this.page.screenshot({ path: file });
    this.files.push(file);
    return file;
  }
}

/** Each title has exactly one editor tab (a reload must not leave a restored tab beside a new one). */
export async function expectOneTabEach(page: Page, titles: readonly string[]): Promise<void> {
  const labels = await page.locator('.tabs-container .tab .label-name').allTextContents();
  for (const title of titles) {
    const n = labels.filter((l) => l.trim() === title).length;
    if (n !== 1) throw new Error(`check failed: ${n} editor tabs for "${title}" (tabs: ${JSON.stringify(labels)})`);
  }
}

/** Baton's status bar item. */
export function statusBarItem(page: Page): Locator {
  return page.locator('.part.statusbar .statusbar-item[id="baton-dev.baton.baton.status"]');
}

/** Opens a workspace file by name through Quick Open (Ctrl+P), as a user does; resolves once its tab is active. */
export async function openWorkspaceFile(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await until(`Quick Open to take "${name}"`, async () => {
    await page.keyboard.press('Control+P');
    try {
      await input.waitFor({ timeout: 2_000 });
    } catch {
      return undefined;
    }
    await input.fill(name);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first();
    try {
      await row.waitFor({ timeout: 3_000 });
    } catch {
      await page.keyboard.press('Escape');
      return undefined;
    }
    await row.click();
    return true;
  });
  await page.locator('.tabs-container .tab.active', { has: page.locator('.label-name', { hasText: exact(name) }) }).waitFor({ timeout: 10_000 });
}

/** A notification toast showing `text` (Baton's progress notifications stay until they are done). */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notification-toast-container', { hasText: text }).first();
}
