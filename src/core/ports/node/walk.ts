/**
 * Walking the workspace for list_files and search_files: breadth first, so a truncated
 * listing still shows the top of the tree; never into node_modules or .git, never through a
 * symbolic link (it could lead out of the workspace, or round in a loop). Each folder is
 * reached as a held folder (heldDir.ts), so one swapped for a link on the way is not entered.
 */
import type { Dirent } from 'node:fs';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { SearchMatch } from '../workspace';
import { globMatcher } from './glob';
import { O_NOFOLLOW, openDir, readHeldDir, type Confinement, type HeldDir } from './heldDir';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** Larger files are skipped by search: they are data or bundles, not source. */
const MAX_SEARCH_FILE_BYTES = 1024 * 1024;
const MAX_MATCH_LINE_CHARS = 300;

interface Entry {
  rel: string;
  name: string;
  dirent: Dirent;
  /** The folder holding the entry, held while the entry is in use. */
  dir: HeldDir;
}

/** The real workspace root and how to reach its folders. */
export interface WalkRoot {
  realRoot: string;
  confinement: Confinement;
}

/**
 * Yields entries below `relDir` (relative to the real root), sorted within each folder. With
 * `recursive`, descends breadth first into real folders other than the skipped ones.
 */
async function* walk(root: WalkRoot, relDir: string, recursive: boolean): AsyncGenerator<Entry> {
  const queue = [relDir];
  for (let folder = queue.shift(); folder !== undefined; folder = queue.shift()) {
    let dir: HeldDir;
    let dirents: Dirent[];
    try {
      dir = await openDir(root.realRoot, folder, { create: false, confinement: root.confinement });
      dirents = await readHeldDir(dir).catch(async (error: unknown) => {
        await dir.close();
        throw error;
      });
    } catch (error) {
      if (folder === relDir) throw error;
      continue; // A folder that vanished, that we may not read, or that became a link: skip it.
    }
    try {
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const dirent of dirents) {
        const rel = folder === '.' ? dirent.name : `${folder}/${dirent.name}`;
        yield { rel, name: dirent.name, dirent, dir };
        if (recursive && dirent.isDirectory() && !SKIPPED_FOLDERS.has(dirent.name)) queue.push(rel);
      }
    } finally {
      await dir.close();
    }
  }
}

/** Entries relative to the root, folders ending with `/`, sorted; at most `limit`. */
export async function listEntries(root: WalkRoot, relDir: string, recursive: boolean, limit: number): Promise<string[]> {
  const entries: string[] = [];
  if (limit <= 0) return entries;
  for await (const { rel, dirent } of walk(root, relDir, recursive)) {
    entries.push(dirent.isDirectory() ? `${rel}/` : rel);
    if (entries.length >= limit) break;
  }
  return entries.sort();
}

export async function searchTree(root: WalkRoot, pattern: RegExp, opts: { glob?: string; limit: number }): Promise<SearchMatch[]> {
  const matches: SearchMatch[] = [];
  const wanted = opts.glob?.trim() ? globMatcher(opts.glob) : () => true;
  const regex = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  for await (const { rel, name, dirent, dir } of walk(root, '.', true)) {
    if (matches.length >= opts.limit) break;
    if (!dirent.isFile() || !wanted(rel)) continue;
    const text = await readSearchable(dir, name);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length && matches.length < opts.limit; i++) {
      const line = lines[i] as string;
      if (regex.test(line)) matches.push({ path: rel, line: i + 1, text: clip(line) });
    }
  }
  return matches;
}

/**
 * The file's text, or undefined when it is too large, binary, unreadable, not a regular file,
 * a link swapped in since the listing, or hard-linked (see confinedFiles.ts).
 */
async function readSearchable(dir: HeldDir, name: string): Promise<string | undefined> {
  try {
    const handle = await open(dir.at(name), constants.O_RDONLY | O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      if (!stats.isFile() || stats.nlink > 1 || stats.size > MAX_SEARCH_FILE_BYTES) return undefined;
      await dir.verify(name, stats);
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
