/**
 * The catalog must say what the tree files say: a store opened on its catalog (pages, unfinished
 * tasks, search, and every record once loaded) is compared with one that read every tree file
 * (a copy of the folder without its catalog). Shared by the store's robustness tests.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskStore, type RootListing, type TaskSummary } from '../../src/core/store';
import type { TaskRecord } from '../../src/shared/task';
import { makeTempDir, removeTempDir } from './tempDir';

/** Every root, through pages of `pageSize` (cursors and all). */
export function everyRoot(store: TaskStore, pageSize = 7): RootListing[] {
  const out: RootListing[] = [];
  let page = store.page({ limit: pageSize });
  out.push(...page.roots);
  while (page.next) {
    page = store.page({ limit: pageSize, after: page.next });
    out.push(...page.roots);
  }
  return out;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Loads every tree the catalog lists and returns every record. */
export async function everyRecord(store: TaskStore): Promise<TaskRecord[]> {
  const out: TaskRecord[] = [];
  for (const listing of everyRoot(store)) out.push(...((await store.load(listing.root.id)) ?? []));
  return out.sort(byId);
}

/** A store that read every tree file: a copy of `dir` without its catalog. */
export async function openByScan(dir: string): Promise<{ store: TaskStore; dispose: () => Promise<void> }> {
  const copy = makeTempDir('baton-truth-');
  fs.cpSync(dir, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'catalog'), { recursive: true, force: true });
  fs.rmSync(path.join(copy, 'store.lock'), { force: true });
  const store = await TaskStore.open(copy, { ownerId: 'truth' }, { lock: { unreadableStaleMs: 50 } });
  return {
    store,
    dispose: async () => {
      await store.close();
      removeTempDir(copy);
    },
  };
}

/** Words to search for: some of every title. */
function wordsOf(listings: readonly RootListing[]): string[] {
  const words = new Set<string>();
  for (const { root } of listings.slice(0, 5)) for (const word of root.title.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 2)) words.add(word);
  return [...words];
}

const summaryKey = (s: TaskSummary) => JSON.stringify(s);

/**
 * What `store` (opened on its catalog, nothing loaded since) lists, searches and holds equals
 * what a full read of the tree files gives. Call it right after open, before anything else.
 */
export async function assertCatalogMatchesFiles(store: TaskStore, dir: string, context: string): Promise<void> {
  const truth = await openByScan(dir);
  try {
    const roots = everyRoot(store);
    const expected = everyRoot(truth.store);
    assert.deepEqual(roots.map((r) => r.root.id), expected.map((r) => r.root.id), `${context}: the catalog lists the roots the files hold, newest first`);
    assert.deepEqual(roots, expected, `${context}: root summaries`);
    assert.deepEqual(store.openTasks().map(summaryKey).sort(), truth.store.openTasks().map(summaryKey).sort(), `${context}: unfinished tasks`);
    for (const word of wordsOf(expected)) {
      assert.deepEqual(store.search({ text: word, limit: 10_000 }).matches, truth.store.search({ text: word, limit: 10_000 }).matches, `${context}: search for ${word}`);
    }
    assert.deepEqual(await everyRecord(store), await everyRecord(truth.store), `${context}: every record, once loaded`);
  } finally {
    await truth.dispose();
  }
}
