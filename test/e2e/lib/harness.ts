/**
 * What a scenario gets: its own scripted model, its own code-server (fresh user data and
 * workspace, Baton from the .vsix, the dark theme) in its own browser context, and handles on
 * the sidebar, the task panels, the store on disk and the screenshots. On failure it saves a
 * screenshot and code-server's log into test-results/e2e/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Editor } from './editor';
import { resultsDir, type E2eEnvironment } from './env';
import { startModel, type Route, type ScriptedModel } from './model';
import { StoreOnDisk } from './store';
import { runCommand, Shots, Sidebar, TaskPanel } from './ui';

export interface Scenario {
  /** e.g. "01-delegate-and-stream": the prefix of its screenshots and folders. */
  readonly id: string;
  readonly title: string;
  /** How long the scenario may take, setup included. */
  readonly timeoutMs: number;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface ScenarioContext {
  readonly env: E2eEnvironment;
  readonly id: string;
  log(message: string): void;
  /** Registers cleanup to run when the scenario ends, whatever happened (the last registered runs first). */
  defer(fn: (failed: boolean) => Promise<void>): void;
}

export interface Session {
  readonly editor: Editor;
  readonly page: Page;
  readonly model: ScriptedModel;
  readonly sidebar: Sidebar;
  readonly store: StoreOnDisk;
  readonly shots: Shots;
  panel(title: string): TaskPanel;
  run(command: string): Promise<void>;
  /** "Developer: Reload Window", then the sidebar is ready again. */
  reloadWindow(): Promise<void>;
}

export async function openSession(ctx: ScenarioContext, o: { route: Route; settings?: Record<string, unknown>; moreModels?: readonly string[] }): Promise<Session> {
  const model = await startModel(o.route, { moreModels: o.moreModels ?? [] });
  ctx.defer(() => model.close());
  const editor = await Editor.open(ctx.env, { name: ctx.id, settings: { ...model.settings, ...o.settings } });
  ctx.defer(async () => {
    await editor.close();
    for (const file of fs.readdirSync(editor.dir).filter((f) => f.startsWith('code-server-') && f.endsWith('.log'))) {
      fs.copyFileSync(path.join(editor.dir, file), path.join(resultsDir, `${ctx.id}-${file}`));
    }
  });
  const page = editor.page;
  const sidebar = new Sidebar(page);
  const session: Session = {
    editor,
    page,
    model,
    sidebar,
    store: new StoreOnDisk(editor.storeDir),
    shots: new Shots(page, ctx.id),
    panel: (title) => new TaskPanel(page, title),
    run: (command) => runCommand(page, command),
    reloadWindow: async () => {
      await editor.reloadWindow(runCommand);
      await sidebar.show();
    },
  };
  ctx.defer(async (failed) => {
    if (failed) await page.screenshot({ path: path.join(resultsDir, `${ctx.id}-FAILED-${new Date().toISOString().slice(11, 19).replace(/:/g, '')}.png`) }).catch(() => undefined);
    if (failed) {
      // What each webview document holds (a blank panel: an empty document, or an empty #root?).
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame.isDetached()) continue;
        const seen = await frame
          .evaluate(() => `${document.readyState}; #root: ${document.getElementById('root')?.innerHTML.length ?? 'none'} chars; body: ${document.body?.innerHTML.slice(0, 160) ?? ''}`)
          .catch((e: unknown) => `unreadable: ${String(e).split('\n')[0]}`);
        ctx.log(`frame ${frame.url().slice(0, 120)}: ${seen}`);
      }
    }
    if (editor.problems.length > 0) ctx.log(`browser problems:\n    ${editor.problems.join('\n    ')}`);
  });
  await sidebar.show();
  ctx.log(`code-server on ${editor.url.split('?')[0]}, model at ${model.baseUrl}, Baton ready`);
  return session;
}
