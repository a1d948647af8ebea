/**
 * One scenario's editor: code-server on 127.0.0.1 with its own user-data folder and workspace,
 * Baton from the .vsix, and a browser page on its workbench. It can reload the window as a user
 * does, and kill code-server outright and start it again on the same folders.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { extensionId, type CodeServerProcess, type E2eEnvironment } from './env';

export const BASE_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  'remote.autoForwardPorts': false,
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

export interface EditorOptions {
  /** Folder name of the scenario under the run folder. */
  name: string;
  /** baton.* and any other user settings, over BASE_SETTINGS. */
  settings: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

export class Editor {
  readonly dir: string;
  readonly workspace: string;
  readonly userData: string;
  readonly storeDir: string;
  readonly problems: string[] = [];
  private server: CodeServerProcess | undefined;
  private port = 0;
  private starts = 0;
  private context!: BrowserContext;
  page!: Page;

  private constructor(
    private readonly env: E2eEnvironment,
    private readonly o: EditorOptions,
  ) {
    // A repeated scenario gets a new folder, so a failed attempt's folder stays for a look.
    let dir = path.join(env.runDir, o.name);
    for (let n = 2; fs.existsSync(dir); n++) dir = path.join(env.runDir, `${o.name}-${n}`);
    this.dir = dir;
    this.workspace = path.join(this.dir, 'workspace');
    this.userData = path.join(this.dir, 'user-data');
    this.storeDir = path.join(this.userData, 'User', 'globalStorage', extensionId, 'store');
  }

  /** Fresh folders, code-server started, the workbench loaded in a new browser context. */
  static async open(env: E2eEnvironment, o: EditorOptions): Promise<Editor> {
    const editor = new Editor(env, o);
    fs.mkdirSync(editor.workspace, { recursive: true });
    fs.writeFileSync(path.join(editor.workspace, 'README.md'), `# ${o.name}\n\nA scratch workspace for Baton's browser tests.\n`);
    const settingsFile = path.join(editor.userData, 'User', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...o.settings }, null, 2));
    // Baton as installed from the .vsix (shared, read-only for code-server).
    fs.symlinkSync(env.extensionsDir, path.join(editor.dir, 'extensions'), 'dir');

    editor.port = await env.cs.freePort();
    editor.context = await env.browser.newContext({ viewport: o.viewport ?? { width: 1400, height: 860 } });
    editor.page = await editor.context.newPage();
    editor.watchPage();
    try {
      await editor.startServer();
      await editor.load();
    } catch (error) {
      await editor.close();
      throw error;
    }
    return editor;
  }

  get url(): string {
    return this.env.cs.workbenchUrl({ port: this.port, folder: this.workspace });
  }

  /** The log of the current code-server run. */
  get logFile(): string {
    return path.join(this.dir, `code-server-${this.starts}.log`);
  }

  private watchPage(): void {
    this.page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    this.page.on('console', (message) => {
      const text = message.text();
      // Baton's webviews log their own failures with a [baton] prefix; a CSP refusal names itself.
      if (/Content Security Policy|Refused to (load|apply|execute)|\[baton\]/i.test(text)) this.problems.push(`console ${message.type()}: ${text}`);
    });
    // A webview document that fails to load (a blank panel) says why only in its frame's requests.
    this.page.on('requestfailed', (request) => {
      if (/webview|vscode-resource|vscode-cdn|baton/i.test(request.url())) this.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`);
    });
  }

  private async startServer(): Promise<void> {
    this.starts++;
    this.server = this.env.cs.startCodeServer({ bin: this.env.bin, port: this.port, dataDir: this.dir, folder: this.workspace, logFile: this.logFile });
    await this.env.cs.waitForHealthz(this.port, { timeoutMs: 90_000, exited: this.server.exited });
  }

  /** Navigates to the workbench and waits for it to render. */
  async load(): Promise<void> {
    await this.page.goto(this.url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  }

  /** "Developer: Reload Window", as a user runs it; resolves once the new workbench has rendered. */
  async reloadWindow(runCommand: (page: Page, title: string) => Promise<void>): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (f) => f === this.page.mainFrame(), timeout: 60_000 });
    await runCommand(this.page, 'Developer: Reload Window');
    await navigated;
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  }

  /**
   * SIGKILL to code-server's whole process group (server, extension host, pty host): no
   * deactivate, no goodbye, as when the machine or the editor dies.
   */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server?.child.pid) throw new Error('code-server is not running');
    process.kill(-server.child.pid, 'SIGKILL');
    await server.exited;
    await server.stop(0);
    this.server = undefined;
  }

  /** Starts code-server again on the same port, user data, extensions and workspace, and loads the workbench. */
  async restart(): Promise<void> {
    await this.startServer();
    await this.load();
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }

  async close(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    await this.server?.stop(3_000).catch(() => undefined);
    this.server = undefined;
  }
}
