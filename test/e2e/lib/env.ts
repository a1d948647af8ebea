/**
 * The e2e tier's environment, prepared once per run: code-server installed in .cache/, Debian's
 * Chromium, Baton packaged as out/baton.vsix (`npm run vsix`) and installed from it into an
 * extensions folder that every scenario's code-server uses.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
export const vsixPath = path.join(repoRoot, 'out', 'baton.vsix');
export const extensionId = 'baton-dev.baton';

export const CHROMIUM = process.env.BATON_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The parts of scripts/lib/code-server.mjs used here (untyped .mjs, loaded by path). */
export interface CodeServerProcess {
  child: { pid?: number | undefined };
  port: number;
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(graceMs?: number): Promise<void>;
}
export interface CodeServerLib {
  freePort(): Promise<number>;
  startCodeServer(o: { bin: string; port: number; dataDir: string; folder?: string; logFile?: string; extraArgs?: string[] }): CodeServerProcess;
  waitForHealthz(port: number, o?: { timeoutMs?: number; exited?: Promise<unknown> }): Promise<unknown>;
  workbenchUrl(o: { port: number; folder?: string }): string;
}

export async function importScript<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(path.join(repoRoot, relative)).href)) as T;
}

export interface E2eEnvironment {
  /** The code-server executable. */
  readonly bin: string;
  readonly cs: CodeServerLib;
  readonly browser: Browser;
  /** Temporary folder of this run: one subfolder per scenario, and the shared extensions folder. */
  readonly runDir: string;
  /** Baton installed from the .vsix; every scenario's `extensions` folder links here. */
  readonly extensionsDir: string;
  close(): Promise<void>;
}

export interface PrepareOptions {
  /** Skip `npm run vsix` and use the existing out/baton.vsix. */
  build: boolean;
  log: (message: string) => void;
}

export async function prepareEnvironment(o: PrepareOptions): Promise<E2eEnvironment> {
  const env = await importScript<{ ensureVsCodeTestEnvironment(): Promise<void> }>('scripts/lib/vscode-test-env.mjs');
  await env.ensureVsCodeTestEnvironment();
  const { ensureCodeServer } = await importScript<{ ensureCodeServer(): Promise<string> }>('scripts/ensure-code-server.mjs');
  const bin = await ensureCodeServer();
  const cs = await importScript<CodeServerLib>('scripts/lib/code-server.mjs');

  if (o.build || !fs.existsSync(vsixPath)) {
    o.log('packaging Baton: npm run vsix');
    const r = spawnSync('npm', ['run', 'vsix', '--silent'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run vsix failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} is missing after npm run vsix`);

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-'));
  const extensionsDir = path.join(runDir, 'extensions');
  installVsix(bin, runDir, extensionsDir);
  o.log(`installed ${path.relative(repoRoot, vsixPath)} into ${extensionsDir}`);

  fs.mkdirSync(resultsDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    bin,
    cs,
    browser,
    runDir,
    extensionsDir,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

/** `code-server --install-extension out/baton.vsix`, as a user installs a packaged build. */
function installVsix(bin: string, runDir: string, extensionsDir: string): void {
  const scratch = path.join(runDir, 'install');
  const r = spawnSync(
    bin,
    ['--user-data-dir', path.join(scratch, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data'), XDG_CACHE_HOME: path.join(scratch, 'cache'), EXTENSIONS_GALLERY: '{}' },
    },
  );
  const installed = fs.existsSync(extensionsDir) && fs.readdirSync(extensionsDir).some((d) => d.startsWith(`${extensionId}-`));
  if (r.status !== 0 || !installed) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
}
