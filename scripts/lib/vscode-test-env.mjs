// What the VS Code test tiers need on this machine: which VS Code to run the tests in, and,
// for code-server, that it and Debian's Chromium are installed.
import fs from 'node:fs';
import { ensureCodeServer } from '../ensure-code-server.mjs';
import { ensureDebPackages, isRoot } from './apt.mjs';
import { CHROMIUM } from './check-workbench.mjs';
import { info, UserError } from './log.mjs';

/**
 * Whether the tests must run in code-server (through scripts/lib/vscode-test-launcher.mjs)
 * rather than a downloaded desktop VS Code, and why. `BATON_VSCODE=code-server|desktop` decides;
 * otherwise CI, or Linux without a display, means code-server. Else the caller tries the
 * download and falls back to code-server when it fails.
 * @returns {{ codeServer: boolean, why: string }}
 */
export function useCodeServer(env = process.env) {
  const wanted = (env.BATON_VSCODE ?? '').toLowerCase();
  if (wanted === 'code-server') return { codeServer: true, why: 'BATON_VSCODE=code-server' };
  if (wanted === 'desktop' || wanted === 'electron') return { codeServer: false, why: `BATON_VSCODE=${wanted}` };
  if (wanted) throw new UserError(`BATON_VSCODE=${env.BATON_VSCODE}: use code-server or desktop`);
  if (env.CI === 'true' || env.CI === '1') return { codeServer: true, why: 'CI' };
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { codeServer: true, why: 'no display for a desktop VS Code' };
  return { codeServer: false, why: 'desktop VS Code' };
}

/** Installs code-server into .cache/ if needed and makes sure Debian's Chromium is there. */
export async function ensureVsCodeTestEnvironment() {
  await ensureCodeServer();
  if (fs.existsSync(CHROMIUM)) return;
  if (process.env.BATON_CHROMIUM) throw new UserError(`BATON_CHROMIUM=${CHROMIUM} does not exist`);
  if (!isRoot()) {
    throw new UserError(
      `Debian's Chromium (${CHROMIUM}) is missing; the VS Code test tiers drive it with playwright-core.\n` +
        'Install it and run again:\n    sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium',
    );
  }
  info("installing Debian's Chromium (apt-get install chromium) for the VS Code test tiers ...");
  ensureDebPackages(['chromium'], { why: 'to run VS Code tests in a real browser' });
  if (!fs.existsSync(CHROMIUM)) throw new UserError(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}
