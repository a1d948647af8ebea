/**
 * Reads every tree file of the store at open. Reads are synchronous, in slices with a yield to
 * the event loop between them. Why not the thread pool: a small file comes from the page cache
 * in ~15 µs inline, while an async read posts four requests to the pool and each post costs
 * the main thread tens of µs on a busy machine; measured on this project's 2-core box, 3,700
 * tree files took 50-60 ms inline against 120-150 ms with parallel callback reads and ~500 ms
 * with fs.promises. Decoding (JSON.parse, seal check) dominates anyway and runs here either way.
 * Slices keep any one block of the extension host's event loop short.
 */
import * as path from 'node:path';
import { isTempName } from './atomicFile';
import { errorCode, isNotFound, type FileStamp, type FsPort } from './fsPort';
import type { MigrationTable } from './migrations';
import { isTreeFileName, treeFileName } from './paths';
import { decodeTree, type TaskTree } from './treeFile';

/**
 * A tree file is a few KB (large outputs go to artifacts); one past this size was not written
 * by a store and could not be parsed anyway (V8's longest string is about 512 M characters).
 */
export const MAX_TREE_BYTES = 256 * 1024 * 1024;

export interface LoadedTree {
  name: string;
  tree: TaskTree;
  migratedFrom?: number;
  /** The stamp of the file read, when known. */
  stamp?: FileStamp;
}

/**
 * A tree file that did not load, and why; `fault` decides its fate (problems.ts): `invalid` is
 * quarantined, the others are left in place and skipped.
 */
export interface BadTreeFile {
  name: string;
  reason: string;
  fault: 'invalid' | 'newer' | 'inconsistent' | 'unreadable';
  /** How many tasks it holds, when that could be told. */
  tasks?: number;
}

export interface TreeScan {
  trees: LoadedTree[];
  bad: BadTreeFile[];
  /** Leftover temp files of interrupted writes. */
  temps: string[];
  /** Set when the tasks folder itself could not be listed: nothing was loaded from it. */
  unlisted?: string;
}

/** Files per slice: about 5 ms of reading and decoding. */
const SLICE = 64;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function scanTrees(fs: FsPort, dir: string, migrations: MigrationTable, trustSeals: boolean): Promise<TreeScan> {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (error) {
    return { trees: [], bad: [], temps: [], unlisted: readFailure(error) };
  }
  const scan: TreeScan = { trees: [], bad: [], temps: names.filter(isTempName) };
  const treeNames = names.filter(isTreeFileName);
  for (let i = 0; i < treeNames.length; i++) {
    if (i % SLICE === SLICE - 1) await nextTurn();
    const read = readTreeFile(fs, dir, treeNames[i]!, migrations, trustSeals);
    if (!read) continue;
    if ('tree' in read) scan.trees.push(read);
    else scan.bad.push(read);
  }
  return scan;
}

/** Reads and decodes one tree file; a file that vanished meanwhile (another window deleted it) is skipped. */
function readTreeFile(fs: FsPort, dir: string, name: string, migrations: MigrationTable, trustSeals: boolean): LoadedTree | BadTreeFile | undefined {
  let read: { data: Buffer; stamp: FileStamp };
  try {
    read = fs.readStampedSync(path.join(dir, name), MAX_TREE_BYTES);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return readFailureOf(name, error);
  }
  const decoded = decodeTreeFile(name, read.data, migrations, trustSeals);
  return 'tree' in decoded ? { ...decoded, stamp: read.stamp } : decoded;
}

/**
 * A tree file that could not be read: a folder or a file too large is never a tree (quarantined);
 * anything else (permissions, I/O) may pass, so the file stays where it is.
 */
export function readFailureOf(name: string, error: unknown): BadTreeFile {
  const code = errorCode(error);
  if (code === 'EISDIR') return { name, reason: 'a folder, not a task tree file', fault: 'invalid' };
  if (code === 'EFBIG' || code === 'ERR_FS_FILE_TOO_LARGE') return { name, reason: `larger than ${MAX_TREE_BYTES / 1024 / 1024} MiB, too large to be a task tree file`, fault: 'invalid' };
  return { name, reason: readFailure(error), fault: 'unreadable' };
}

export function readFailure(error: unknown): string {
  const code = errorCode(error);
  return `cannot be read${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Decodes the bytes of the tree file `name`, which must hold the tree its name says. */
export function decodeTreeFile(name: string, data: Buffer, migrations: MigrationTable, trustSeals: boolean): LoadedTree | BadTreeFile {
  const decoded = decodeTree(data, migrations, trustSeals);
  if (!decoded.ok) return { name, reason: decoded.reason, fault: decoded.fault, ...(decoded.tasks !== undefined && { tasks: decoded.tasks }) };
  if (treeFileName(decoded.tree.rootId) !== name) return { name, reason: `holds tree ${decoded.tree.rootId}, not the one its name says`, fault: 'invalid' };
  return decoded.migratedFrom === undefined ? { name, tree: decoded.tree } : { name, tree: decoded.tree, migratedFrom: decoded.migratedFrom };
}
