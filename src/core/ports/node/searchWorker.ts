/**
 * The search_files worker: walks the workspace and runs the model's regular expression (and
 * glob) off the extension host's thread, so a pattern that backtracks for minutes cannot freeze
 * the editor; the main side terminates it at the time limit or on Stop (searchInWorker.ts).
 * Bundled on its own as dist/searchWorker.js (esbuild.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchJob, SearchReply } from './searchJob';
import { searchTree } from './walk';

async function main(): Promise<SearchReply> {
  const job = workerData as SearchJob;
  try {
    const matches = await searchTree(job.root, new RegExp(job.pattern), { ...(job.glob ? { glob: job.glob } : {}), limit: job.limit });
    return { ok: true, matches };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

void main().then((reply) => parentPort?.postMessage(reply));
