/**
 * The integration suite's entry (`--extensionTestsPath`): VS Code calls `run()` inside the
 * extension host once the window is up. The suite runs in two phases around a real window
 * reload:
 *
 *  1. No hand-over file yet: the main tests run; the last one leaves tasks behind (one of them
 *     still running) and writes what phase 2 must find. If all passed, this window reloads
 *     ("Developer: Reload Window"); the new window runs `run()` again.
 *  2. The hand-over file exists: the after-reload tests check the state read back, then delete
 *     the file. VS Code exits with this phase's result.
 *
 * Output goes through mocha's spec reporter; under the code-server launcher each line carries
 * a prefix so the launcher can tell it from the workbench's own log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { readReloadExpectations, stateDir } from './harness';

const OUTPUT_PREFIX = '[baton-it] ';

function print(text: string): void {
  if (process.env.BATON_IT_OUTPUT === 'launcher') {
    for (const line of text.split('\n')) console.log(OUTPUT_PREFIX + line);
  } else {
    console.log(text);
  }
}

/** Test files by phase, in order. Imported lazily, after mocha has set up `describe`/`it`. */
const PHASES = {
  main: [
    () => import('./tests/activation.test'),
    () => import('./tests/commands.test'),
    () => import('./tests/settings.test'),
    () => import('./tests/secrets.test'),
    () => import('./tests/delegation.test'),
    () => import('./tests/views.test'),
    () => import('./tests/taskControls.test'),
    () => import('./tests/publicApi.test'),
    () => import('./tests/lmTools.test'),
    () => import('./tests/taskInFront.test'),
    () => import('./tests/beforeReload.test'),
  ],
  afterReload: [() => import('./afterReload/afterReload.test')],
};

async function runPhase(name: keyof typeof PHASES): Promise<number> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000, slow: 10_000, reporter: 'spec' });
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => print(format(...args));
  // What `mocha.loadFiles()` does per file: define the BDD globals before the files load.
  mocha.suite.emit('pre-require', globalThis, `integration-${name}`, mocha);
  for (const load of PHASES[name]) await load();
  return new Promise((resolve) => mocha.run((failures) => resolve(failures)));
}

export async function run(): Promise<void> {
  const phase = readReloadExpectations() ? 'afterReload' : 'main';
  print(`\nBaton integration tests in VS Code ${vscode.version} (${vscode.env.appHost}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}), phase: ${phase}`);
  const failures = await runPhase(phase);
  if (phase === 'afterReload') {
    fs.rmSync(path.join(stateDir()), { recursive: true, force: true });
    if (failures) throw new Error(`${failures} integration test(s) failed after the reload`);
    return;
  }
  if (failures) throw new Error(`${failures} integration test(s) failed (the after-reload phase did not run)`);
  if (!readReloadExpectations()) throw new Error('the main phase wrote no reload hand-over: the after-reload phase cannot run');
  print('\nReloading the window (Developer: Reload Window); the after-reload tests run in the new window.');
  await vscode.commands.executeCommand('workbench.action.reloadWindow');
  // This extension host ends with the reload; VS Code's test run continues in the new window.
  await new Promise<never>(() => undefined);
}
