/**
 * Which artifacts records name, and collecting the ones nothing names any more. Artifacts are
 * written before the commit that names them (a completion's full result), so an artifact can
 * be left behind by a crash between the two, by a completion refused because the task was
 * stopped meanwhile, or by a deletion that crashed before removing its artifacts.
 *
 * Collecting is careful never to remove an artifact that anything may still name: a record of
 * any tree this store decoded (shown or in conflict, any window's), a tree file it skipped (a
 * newer Baton's, an inconsistent one: searched as text), a file in quarantine (the user may
 * restore it), or a commit in flight in another window (only artifacts older than a day go).
 * If any of those cannot be read, nothing is collected this time.
 */
import * as path from 'node:path';
import type { TaskRecord } from '../../shared/task';
import { isTempName, unlinkQuietly } from './atomicFile';
import { errorCode, isNotFound, type FsPort } from './fsPort';
import { MAX_TREE_BYTES } from './treeLoader';

/** Younger artifacts may belong to a commit still on its way in some window. */
export const ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;

/** Handles the records name: their results, and the results in their inboxes. */
export function artifactsNamedBy(records: Iterable<TaskRecord>): Set<string> {
  const named = new Set<string>();
  for (const record of records) {
    if (record.result?.artifact) named.add(record.result.artifact);
    for (const message of record.inbox) if (message.kind === 'child_result' && message.result.artifact) named.add(message.result.artifact);
  }
  return named;
}

/**
 * The artifacts deleted records take with them: those they named that no remaining record
 * names (`kept`: every handle the records left name, of every tree) nor mentions (`prose`: the
 * text of the records left in the same tree, where a parent may quote a child's artifact).
 */
export function artifactsGoingWith(removed: Iterable<TaskRecord>, kept: ReadonlySet<string>, prose: string): string[] {
  const named = artifactsNamedBy(removed);
  if (named.size === 0) return [];
  return [...named].filter((handle) => !kept.has(handle) && !prose.includes(handle));
}

export interface OrphanSearch {
  fs: FsPort;
  /** The artifacts folder. */
  dir: string;
  /** Every handle a record of any known tree names, shown or not (asked only when the folder holds something). */
  named: () => Set<string>;
  /** The text of every record of every known tree: searched only when an old unnamed artifact is found. */
  texts: () => Iterable<string>;
  /**
   * Files whose records could not be decoded but may name artifacts, searched as text (a
   * folder, or a file too large to be a tree, holds no records and is passed over).
   */
  otherFiles: readonly string[];
  /** Set when something that may name artifacts cannot be read at all: collect nothing. */
  unsafe?: string;
  /** Wall clock, epoch ms. */
  now: number;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

/** Removes artifacts (and leftover temp files) that nothing names; returns what it removed. */
export function collectOrphans(search: OrphanSearch): string[] {
  const { fs, dir, log } = search;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if (!isNotFound(error)) log('warn', `Cannot list the artifacts in ${dir}: ${String(error)}`);
    return [];
  }
  if (names.length === 0) return [];
  const named = search.named();
  const old = names.filter((name) => !named.has(name) && isOld(fs, path.join(dir, name), search.now));
  if (old.length === 0) return [];
  if (search.unsafe !== undefined) {
    log('info', `Left ${old.length} unnamed artifact(s) in place: ${search.unsafe}.`);
    return [];
  }
  // Rare (a crash left something behind): only now is the text of everything searched.
  const texts = [...search.texts()];
  for (const file of search.otherFiles) {
    try {
      texts.push(fs.readFileSync(file, MAX_TREE_BYTES).toString('latin1'));
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EISDIR' || code === 'EFBIG' || isNotFound(error)) continue;
      log('info', `Left ${old.length} unnamed artifact(s) in place: ${file}, which may name them, cannot be read (${String(error)}).`);
      return [];
    }
  }
  const text = texts.join('\n');
  const removed: string[] = [];
  for (const name of old) {
    // A leftover temp file of an artifact write is never named; an artifact may be, even in prose.
    if (!isTempName(name) && text.includes(name)) continue;
    unlinkQuietly(fs, path.join(dir, name));
    removed.push(name);
  }
  if (removed.length > 0) log('info', `Removed ${removed.length} artifact(s) no task names any more from ${dir}.`);
  return removed;
}

function isOld(fs: FsPort, file: string, now: number): boolean {
  try {
    return now - Number(fs.statSync(file).mtimeNs / 1_000_000n) > ORPHAN_GRACE_MS;
  } catch {
    return false;
  }
}
