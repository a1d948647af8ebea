/**
 * `npm run test:e2e`: Baton in a real VS Code in a real browser. Packages Baton (`npm run vsix`),
 * installs the .vsix into code-server (VS Code 1.100.3 from npm), and runs each scenario in
 * test/e2e/scenarios against its own code-server, user-data folder, workspace and scripted model
 * server, driving Debian's Chromium through playwright-core. Screenshots go to test-results/e2e/.
 *
 *   npm run test:e2e                       # all scenarios
 *   npm run test:e2e -- 2 6                # scenarios whose id starts with 02 and 06
 *   npm run test:e2e -- --grep palette     # scenarios whose id or title matches
 *   npm run test:e2e -- --no-build         # use the existing out/baton.vsix
 *   npm run test:e2e -- 3 --repeat 5       # run the chosen scenarios 5 times (hunting flakes)
 *
 * One line per scenario, then a summary line; exit code 0 only if every scenario passed.
 * Each scenario has its own time limit, the whole run BATON_E2E_TIMEOUT_MS (default 25 min).
 */
import fs from 'node:fs';
import path from 'node:path';
import { prepareEnvironment, repoRoot, resultsDir } from './lib/env';
import type { Scenario, ScenarioContext } from './lib/harness';
import { scenarios } from './scenarios';

const started = Date.now();
const overallMs = Number(process.env.BATON_E2E_TIMEOUT_MS ?? 25 * 60_000);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

const logLines: string[] = [];
function out(line: string): void {
  process.stdout.write(`[e2e] ${line}\n`);
  logLines.push(line);
}

function pick(all: readonly Scenario[], argv: readonly string[]): Scenario[] {
  const grepAt = argv.indexOf('--grep');
  const grep = grepAt >= 0 ? new RegExp(argv[grepAt + 1] ?? '', 'i') : undefined;
  const numbers = argv.filter((a, i) => /^\d+$/.test(a) && argv[i - 1] !== '--grep' && argv[i - 1] !== '--repeat').map((n) => n.padStart(2, '0'));
  return all.filter((s) => (numbers.length === 0 || numbers.some((n) => s.id.startsWith(n))) && (!grep || grep.test(`${s.id} ${s.title}`)));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${seconds(ms)}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runScenario(scenario: Scenario, env: Parameters<Scenario['run']>[0]['env']): Promise<{ ok: boolean; ms: number; error?: string }> {
  const t0 = Date.now();
  const cleanups: ((failed: boolean) => Promise<void>)[] = [];
  const ctx: ScenarioContext = {
    env,
    id: scenario.id,
    log: (message) => out(`  ${seconds(Date.now() - t0).padStart(6)}  ${message}`),
    defer: (fn) => cleanups.push(fn),
  };
  let error: unknown;
  try {
    await withTimeout(scenario.run(ctx), scenario.timeoutMs, `scenario ${scenario.id}`);
  } catch (e) {
    error = e;
  }
  for (const fn of cleanups.reverse()) {
    await withTimeout(fn(error !== undefined), 30_000, 'cleanup').catch((e: unknown) => ctx.log(`cleanup failed: ${String(e)}`));
  }
  const ms = Date.now() - t0;
  if (error === undefined) return { ok: true, ms };
  return { ok: false, ms, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const picked = pick(scenarios, argv);
  if (picked.length === 0) throw new Error(`no scenario matches ${argv.join(' ')}`);
  const repeatAt = argv.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Math.max(1, Number(argv[repeatAt + 1] ?? 1)) : 1;
  const chosen = Array.from({ length: repeat }, () => picked).flat();
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const f of fs.readdirSync(resultsDir)) if (picked.some((s) => f.startsWith(`${s.id}-`))) fs.rmSync(path.join(resultsDir, f), { force: true });

  const env = await prepareEnvironment({ build: !argv.includes('--no-build'), log: out });
  out(`prepared in ${seconds(Date.now() - started)}; ${chosen.length} scenario(s); run folder ${env.runDir}`);
  const results: { scenario: Scenario; ok: boolean; ms: number; error?: string }[] = [];
  try {
    for (const scenario of chosen) {
      out(`▶ ${scenario.id}: ${scenario.title}`);
      const r = await runScenario(scenario, env);
      results.push({ scenario, ...r });
      if (r.ok) out(`✔ ${scenario.id} passed in ${seconds(r.ms)}`);
      else out(`✘ ${scenario.id} FAILED in ${seconds(r.ms)}\n${r.error?.replace(/^/gm, '      ')}`);
    }
  } finally {
    await env.close();
  }
  const failed = results.filter((r) => !r.ok);
  out('');
  for (const r of results) out(`${r.ok ? 'pass' : 'FAIL'}  ${seconds(r.ms).padStart(7)}  ${r.scenario.id}  ${r.scenario.title}`);
  if (failed.length === 0) fs.rmSync(env.runDir, { recursive: true, force: true });
  else out(`the failed scenarios' folders (user data, workspace, code-server logs) are kept in ${env.runDir}`);
  out(
    `e2e: ${results.length - failed.length} passed, ${failed.length} failed, of ${results.length}, in ${seconds(Date.now() - started)}; screenshots in ${path.relative(repoRoot, resultsDir)}/`,
  );
  // Mocha-style tallies too, which .ci/run adds up into its "tests: N passed" line.
  process.stdout.write(`  ${results.length - failed.length} passing (${seconds(Date.now() - started)})\n`);
  if (failed.length > 0) process.stdout.write(`  ${failed.length} failing\n`);
  fs.writeFileSync(path.join(resultsDir, 'last-run.log'), `${logLines.join('\n')}\n`);
  return failed.length === 0 ? 0 : 1;
}

const overall = setTimeout(() => {
  out(`e2e: FAILED: the whole run exceeded ${seconds(overallMs)} (BATON_E2E_TIMEOUT_MS)`);
  process.exit(1);
}, overallMs);
overall.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    out(`e2e: FAILED before the scenarios ran: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
