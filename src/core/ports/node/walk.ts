/**
 * Walking the workspace for list_files and search_files: breadth first, so a truncated
 * listing still shows the top of the tree; never into node_modules or .git, never through a
 * symbolic link (it could lead out of the workspace, or round in a loop).
 */
import type { Dirent } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { SearchMatch } from '../workspace';
import { toRel } from '../paths';
import { globMatcher } from './glob';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** Larger files are skipped by search: they are data or bundles, not source. */
const MAX_SEARCH_FILE_BYTES = 1024 * 1024;
const MAX_MATCH_LINE_CHARS = 300;

interface Entry {
  abs: string;
  rel: string;
  dirent: Dirent;
}

/**
 * Yields entries below `dir` (relative to `root`), sorted within each folder. With
 * `recursive`, descends breadth first into real folders other than the skipped ones.
 */
async function* walk(root: string, dir: string, recursive: boolean): AsyncGenerator<Entry> {
  const queue = [dir];
  for (let folder = queue.shift(); folder !== undefined; folder = queue.shift()) {
    let dirents: Dirent[];
    try {
      dirents = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (folder === dir) throw error;
      continue; // A folder that vanished or that we may not read: skip it, keep walking.
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dirent of dirents) {
      const abs = path.join(folder, dirent.name);
      yield { abs, rel: toRel(root, abs), dirent };
      if (recursive && dirent.isDirectory() && !SKIPPED_FOLDERS.has(dirent.name)) queue.push(abs);
    }
  }
}

/** Entries relative to the root, folders ending with `/`, sorted; at most `limit`. */
export async function listEntries(root: string, dir: string, recursive: boolean, limit: number): Promise<string[]> {
  const entries: string[] = [];
  if (limit <= 0) return entries;
  for await (const { rel, dirent } of walk(root, dir, recursive)) {
    entries.push(dirent.isDirectory() ? `${rel}/` : rel);
    if (entries.length >= limit) break;
  }
  return entries.sort();
}

export async function searchTree(
  root: string,
  pattern: RegExp,
  opts: { glob?: string; limit: number },
): Promise<SearchMatch[]> {
  const matches: SearchMatch[] = [];
  const wanted = opts.glob?.trim() ? globMatcher(opts.glob) : () => true;
  const regex = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  for await (const { abs, rel, dirent } of walk(root, root, true)) {
    if (matches.length >= opts.limit) break;
    if (!dirent.isFile() || !wanted(rel)) continue;
    const text = await readSearchable(abs);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length && matches.length < opts.limit; i++) {
      const line = lines[i] as string;
      if (regex.test(line)) matches.push({ path: rel, line: i + 1, text: clip(line) });
    }
  }
  return matches;
}

/** The file's text, or undefined when it is too large, binary or unreadable. */
async function readSearchable(abs: string): Promise<string | undefined> {
  try {
    const handle = await open(abs, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_SEARCH_FILE_BYTES) return undefined;
      const buffer = await handle.readFile();
      if (buffer.subarray(0, 8192).includes(0)) return undefined;
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

function clip(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > MAX_MATCH_LINE_CHARS ? `${trimmed.slice(0, MAX_MATCH_LINE_CHARS)}…` : trimmed;
}
