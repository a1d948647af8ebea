#!/usr/bin/env node
// Opens a code-server workbench URL in Debian's Chromium (through playwright-core), waits for the
// workbench, checks that an activity-bar container (default "Baton") is there, optionally opens it,
// and takes a screenshot. A smoke check for `npm start`; also usable from test tiers.
//
//   node scripts/lib/check-workbench.mjs URL [--screenshot FILE] [--container Baton] [--no-open]
//   node scripts/lib/check-workbench.mjs --from-start   # URL from .cache/start/url.txt
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDir } from './paths.mjs';

export const CHROMIUM = process.env.BATON_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Debian's Chromium headless with the flags that work on this closed network. */
export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * @param {{ url: string, container?: string, open?: boolean, screenshot?: string, timeoutMs?: number,
 *           log?: (m: string) => void }} o
 * @returns {Promise<{ workbench: boolean, container: boolean, errors: string[] }>}
 */
export async function checkWorkbench(o) {
  const log = o.log ?? ((m) => process.stderr.write(`[check] ${m}\n`));
  const timeout = o.timeoutMs ?? 90_000;
  const name = o.container ?? 'Baton';
  const browser = await launchChromium();
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(o.url, { timeout });
    await page.locator('.monaco-workbench').waitFor({ timeout });
    log('workbench loaded');
    // Activity-bar entries are <a class="action-label" aria-label="Title ..."> (the label may
    // carry a keybinding suffix), or <li aria-label=...> depending on the layout.
    const item = page.locator(`.part.activitybar [aria-label^="${name}"]`).first();
    let container = false;
    try {
      await item.waitFor({ timeout: Math.min(timeout, 60_000) });
      container = true;
      log(`activity-bar container "${name}" present`);
    } catch {
      log(`activity-bar container "${name}" NOT found`);
    }
    if (container && o.open !== false) {
      await item.click();
      await page.waitForTimeout(3000);
    } else {
      await page.waitForTimeout(1000);
    }
    if (o.screenshot) {
      fs.mkdirSync(path.dirname(o.screenshot), { recursive: true });
      await page.screenshot({ path: o.screenshot });
      log(`screenshot: ${o.screenshot}`);
    }
    return { workbench: true, container, errors };
  } finally {
    await browser.close();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const a = process.argv.slice(2);
  const opt = (n) => {
    const i = a.indexOf(n);
    return i >= 0 ? a.splice(i, 2)[1] : undefined;
  };
  const screenshot = opt('--screenshot');
  const container = opt('--container');
  const noOpen = a.includes('--no-open');
  const fromStart = a.includes('--from-start');
  const url = fromStart
    ? fs.readFileSync(path.join(startDir, 'url.txt'), 'utf8').trim()
    : a.find((x) => !x.startsWith('--'));
  if (!url) {
    process.stderr.write('usage: check-workbench.mjs URL|--from-start [--screenshot FILE] [--container NAME] [--no-open]\n');
    process.exit(2);
  }
  checkWorkbench({ url, screenshot, container, open: !noOpen }).then(
    (r) => {
      if (r.errors.length) process.stderr.write(`[check] console errors:\n  ${r.errors.slice(0, 20).join('\n  ')}\n`);
      process.exit(r.container ? 0 : 1);
    },
    (e) => {
      process.stderr.write(`[check] ${e && e.stack ? e.stack : e}\n`);
      process.exit(1);
    },
  );
}
