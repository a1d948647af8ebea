/**
 * The tree files in `tasks/`: reading one back only when it changed, writing and removing trees
 * durably, moving files that can never load to the quarantine folder, and remembering the files
 * left in place and skipped (unreadable, a newer Baton's, inconsistent) so a refresh does not
 * read them again until they change.
 */
import * as path from 'node:path';
import { discardStaged, installStaged, isTempName, stageFile, syncDirectory, unlinkQuietly, type StagedFile } from './atomicFile';
import { isNotFound, sameStamp, type FileStamp, type FsPort } from './fsPort';
import type { MigrationTable } from './migrations';
import { isTreeFileName, treeFileName, type StoreLayout } from './paths';
import type { StoreProblemKind, StoreProblems } from './problems';
import type { Quarantine } from './quarantine';
import { encodeTree, readTreeStamp, STAMP_BYTES, type TaskTree } from './treeFile';
import { decodeTreeFile, MAX_TREE_BYTES, readFailureOf, scanTrees, type BadTreeFile, type TreeScan } from './treeLoader';

/** What this process last saw of a tree file. */
export interface KnownTree {
  revision: number;
  writer: string;
  stamp?: FileStamp;
}

/** What a write left: the folder's stamp once synced, and each file's stamp (by root id). */
export interface Written {
  dir: FileStamp | undefined;
  files: Map<string, FileStamp | undefined>;
}

export type TreeRead =
  | { kind: 'gone' }
  /** Still the version `known` names (with its current stamp, when one was taken). */
  | { kind: 'same'; stamp?: FileStamp }
  | { kind: 'tree'; tree: TaskTree; stamp?: FileStamp; migratedFrom?: number }
  /** `error`: what reading threw, when it was reading (not decoding) that failed. */
  | { kind: 'bad'; bad: BadTreeFile; stamp?: FileStamp; error?: unknown };

function isKnownVersion(data: Buffer, known: KnownTree): boolean {
  const header = readTreeStamp(data);
  return header !== undefined && header.revision === known.revision && header.writer === known.writer;
}

const SKIPPED_AS: Record<Exclude<BadTreeFile['fault'], 'invalid'>, StoreProblemKind> = {
  newer: 'newer',
  inconsistent: 'conflict',
  unreadable: 'unreadable',
};

export class TreeFiles {
  /** Files left in place and skipped, with their stamp when they were judged. */
  private readonly skipped = new Map<string, { bad: BadTreeFile; stamp?: FileStamp }>();
  /** Whether the tasks folder could not be listed the last time it was tried. */
  private unlistedNow = false;

  constructor(
    private readonly fs: FsPort,
    private readonly layout: StoreLayout,
    private readonly migrations: MigrationTable,
    private readonly trustSeals: boolean,
    private readonly quarantine: Quarantine,
    private readonly problems: StoreProblems,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void,
  ) {}

  get dir(): string {
    return this.layout.tasks;
  }

  pathOf(rootId: string): string {
    return path.join(this.layout.tasks, treeFileName(rootId));
  }

  /** The tree file names in the folder; undefined (and reported) when it cannot be listed. */
  names(): string[] | undefined {
    return this.listing()?.trees;
  }

  /** The tree files and leftover temp files in the folder; undefined (and reported) when it cannot be listed. */
  listing(): { trees: string[]; temps: string[] } | undefined {
    try {
      const names = this.fs.readdirSync(this.layout.tasks);
      this.unlistedNow = false;
      this.problems.clear(this.layout.tasks);
      return { trees: names.filter(isTreeFileName), temps: names.filter(isTempName) };
    } catch (error) {
      this.unlisted(String(error instanceof Error ? error.message : error));
      return undefined;
    }
  }

  async scan(): Promise<TreeScan> {
    const scan = await scanTrees(this.fs, this.layout.tasks, this.migrations, this.trustSeals);
    if (scan.unlisted !== undefined) this.unlisted(scan.unlisted);
    return scan;
  }

  /** Names of files skipped now (their tasks are unknown to this process). */
  skippedNames(): string[] {
    return [...this.skipped.keys()];
  }

  /** Files skipped now, by path, and whether any of them (or the folder) cannot be read at all. */
  skippedFiles(): { readable: string[]; unreadable: boolean } {
    const readable: string[] = [];
    let unreadable = this.unlistedNow;
    for (const [name, { bad }] of this.skipped) {
      if (bad.fault === 'unreadable') unreadable = true;
      else readable.push(path.join(this.layout.tasks, name));
    }
    return { readable, unreadable };
  }

  /**
   * The file `name` as it is now, decoded only if it is not the version `known` names: the
   * header stamp (revision + writer) tells in a few bytes. With `stampFirst`, a cheap stat
   * that matches `known.stamp` even saves the read (taken before reading, so a file replaced
   * in between is merely read again next time). A file skipped before is judged again only
   * when its stamp changed.
   */
  read(name: string, known: KnownTree | undefined, stampFirst: boolean): TreeRead {
    const file = path.join(this.layout.tasks, name);
    let stamp: FileStamp | undefined;
    let data: Buffer;
    try {
      if (stampFirst) {
        stamp = this.fs.statSync(file);
        if (known && sameStamp(known.stamp, stamp)) return { kind: 'same', stamp };
        const skipped = this.skipped.get(name);
        if (skipped && sameStamp(skipped.stamp, stamp)) return { kind: 'bad', bad: skipped.bad, stamp };
      }
      // Most often it is the version this process last wrote: the header alone says so.
      if (known && isKnownVersion(this.fs.readHeadSync(file, STAMP_BYTES), known)) return { kind: 'same', stamp };
      const read = this.fs.readStampedSync(file, MAX_TREE_BYTES);
      data = read.data;
      stamp = read.stamp;
    } catch (error) {
      if (isNotFound(error)) return { kind: 'gone' };
      return { kind: 'bad', bad: readFailureOf(name, error), stamp, error };
    }
    const read = decodeTreeFile(name, data, this.migrations, this.trustSeals);
    if (!('tree' in read)) return { kind: 'bad', bad: read, stamp };
    return { kind: 'tree', tree: read.tree, stamp, migratedFrom: read.migratedFrom };
  }

  /**
   * Writes trees durably: every temp file is written and fsynced (concurrently), then each is
   * renamed into place and the directory is fsynced once. Each tree is still replaced
   * atomically on its own; trees never need to change together. `check` runs while the disk
   * syncs; if it throws, nothing is renamed. Resolves to the folder's stamp once synced and
   * each written file's stamp (by root id).
   */
  async write(trees: readonly TaskTree[], check?: () => void): Promise<Written> {
    if (trees.length === 0) return { dir: undefined, files: new Map() };
    const settled = await Promise.allSettled(trees.map((tree, i) => stageFile(this.fs, this.pathOf(tree.rootId), encodeTree(tree), i === 0 ? check : undefined)));
    const staged: StagedFile[] = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure) {
      discardStaged(this.fs, staged);
      throw failure.reason;
    }
    installStaged(this.fs, staged);
    const dir = await syncDirectory(this.fs, this.layout.tasks, true);
    return { dir, files: new Map(trees.map((tree, i) => [tree.rootId, staged[i]!.stamp])) };
  }

  /** Unlinks whole trees durably; one already gone is fine. Resolves to the folder's stamp once synced. */
  async remove(rootIds: readonly string[]): Promise<FileStamp | undefined> {
    if (rootIds.length === 0) return undefined;
    for (const rootId of rootIds) {
      try {
        this.fs.unlinkSync(this.pathOf(rootId));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return syncDirectory(this.fs, this.layout.tasks, true);
  }

  /** The tasks folder's stamp now. */
  folderStamp(): FileStamp {
    return this.fs.statSync(this.layout.tasks);
  }

  /** Only under the store lock: otherwise a temp may belong to a live writer. */
  removeTemps(names: readonly string[]): void {
    for (const name of names) unlinkQuietly(this.fs, path.join(this.layout.tasks, name));
  }

  /**
   * Deals with a file that did not load, by its fault: an invalid one is moved to quarantine
   * (or, if even that fails, skipped in place); any other is left in place and skipped.
   * Returns whether the file is gone from the tasks folder.
   */
  setAside(bad: BadTreeFile, stamp?: FileStamp): boolean {
    const file = path.join(this.layout.tasks, bad.name);
    if (bad.fault === 'invalid') {
      try {
        this.quarantine.move(file, bad.reason);
        this.notSkipped(bad.name);
        return true;
      } catch (error) {
        this.log('error', `Could not move ${file} to ${this.quarantine.folder}: ${String(error)}. Left it where it is.`);
        bad = { ...bad, reason: `${bad.reason}; it could not be moved to the quarantine folder (${String(error instanceof Error ? error.message : error)})` };
      }
    }
    const before = this.skipped.get(bad.name);
    this.skipped.set(bad.name, { bad, stamp });
    if (before?.bad.reason !== bad.reason) this.log('warn', `Skipped ${file}: ${bad.reason}. Left it where it is.`);
    const kind = bad.fault === 'invalid' ? 'unreadable' : SKIPPED_AS[bad.fault];
    this.problems.skip({ kind, file, reason: bad.reason, ...(bad.tasks !== undefined && { tasks: bad.tasks }) });
    return false;
  }

  /** The file loads again, or is gone. */
  notSkipped(name: string): void {
    if (this.skipped.delete(name)) this.problems.clear(path.join(this.layout.tasks, name));
  }

  private unlisted(reason: string): void {
    this.unlistedNow = true;
    this.problems.skip({ kind: 'unreadable', file: this.layout.tasks, reason: `the task folder ${reason.startsWith('cannot') ? reason : `cannot be listed: ${reason}`}`, wholeFolder: true });
    this.log('error', `Cannot list the task folder ${this.layout.tasks}: ${reason}. No task was loaded from it.`);
  }
}
