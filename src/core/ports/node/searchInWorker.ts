/**
 * Running search_files in a worker thread with a time limit. worker.terminate() stops even a
 * regular expression caught in catastrophic backtracking (V8 checks for termination inside
 * it), and Node closes the files the worker had open. JavaScript regex semantics are kept: it
 * is the same engine, on another thread.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SearchTimeoutError, type SearchMatch } from '../workspace';
import { SearchReply, type SearchJob } from './searchJob';

export interface SearchRun {
  timeoutMs: number;
  signal?: AbortSignal;
}

export function searchInWorker(job: SearchJob, run: SearchRun): Promise<SearchMatch[]> {
  if (run.signal?.aborted) return Promise.reject(stopped());
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      settle();
    };
    const timer = setTimeout(() => finish(() => reject(new SearchTimeoutError(run.timeoutMs))), run.timeoutMs);
    const onAbort = () => finish(() => reject(stopped()));
    run.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (raw: unknown) => {
      const reply = SearchReply.safeParse(raw);
      finish(() => {
        if (!reply.success) reject(new Error('The search worker sent an unreadable reply.'));
        else if (reply.data.ok) resolve(reply.data.matches);
        else reject(new Error(reply.data.message));
      });
    });
    worker.once('error', (error) => finish(() => reject(new Error(`The search failed: ${error.message}`))));
    worker.once('exit', (code) => finish(() => reject(new Error(`The search ended without a result (exit code ${code}).`))));
  });
}

/**
 * The worker: dist/searchWorker.js beside the bundle in the extension; from the TypeScript
 * source through tsx in tests and standalone runs (this file is then a .ts file itself).
 */
function startWorker(job: SearchJob): Worker {
  const options = { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 256 } };
  if (!__filename.endsWith('.ts')) return new Worker(path.join(__dirname, 'searchWorker.js'), options);
  const source = path.join(__dirname, 'searchWorker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { ...options, eval: true });
}

function stopped(): Error {
  return new Error('The search was stopped because the task was stopped.');
}
