/**
 * Runs storeWorker.ts in child processes. The worker is bundled once per test run with esbuild
 * into a single CommonJS file, so each spawn costs a plain `node` start (~50 ms) rather than a
 * TypeScript loader start (~400 ms): the crash test spawns hundreds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { makeTempDir } from './tempDir';
import type { WorkerJob } from './storeWorker';

let bundled: string | undefined;

export function storeWorkerBundle(): string {
  if (bundled) return bundled;
  const outfile = path.join(makeTempDir('baton-worker-'), 'storeWorker.cjs');
  buildSync({ entryPoints: [path.join(__dirname, 'storeWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
  bundled = outfile;
  return outfile;
}

export interface RunningWorker {
  child: ChildProcess;
  /** Resolves when the worker printed `opening` (it is about to open its store). */
  opening: Promise<void>;
  /** Resolves when the worker printed `ready` (its store is open). */
  ready: Promise<void>;
  /** Resolves once the worker has acknowledged `n` commits (or exited). */
  commits(n: number): Promise<void>;
  /** Resolves with the exit code (null when killed) and everything it printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startWorker(job: WorkerJob): RunningWorker {
  const child = spawn(process.execPath, [storeWorkerBundle(), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  let markOpening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const opening = new Promise<void>((resolve) => (markOpening = resolve));
  let acknowledged = 0;
  let exitedYet = false;
  const waiters: { n: number; resolve: () => void }[] = [];
  const settleWaiters = () => {
    for (const w of [...waiters]) {
      if (!exitedYet && acknowledged < w.n) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    acknowledged = stdout.split('\nc').length - 1;
    if (stdout.includes('opening\n')) markOpening();
    if (stdout.includes('ready\n')) markReady();
    settleWaiters();
  });
  const commits = (n: number) =>
    new Promise<void>((resolve) => {
      waiters.push({ n, resolve });
      settleWaiters();
    });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      exitedYet = true;
      settleWaiters();
      markOpening();
      markReady();
      // Let the pipes drain before reporting.
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    });
  });
  return { child, opening, ready, commits, exited };
}
