/**
 * The tree files in `tasks/`: reading one back only when it changed, writing and removing trees
 * durably, and moving unreadable files to the quarantine folder.
 */
import * as path from 'node:path';
import { discardStaged, fsyncDirectory, installStaged, stageFile, unlinkQuietly, type StagedFile } from './atomicFile';
import { isNotFound, sameStamp, type FileStamp, type FsPort } from './fsPort';
import type { MigrationTable } from './migrations';
import { isTreeFileName, treeFileName, type StoreLayout } from './paths';
import { quarantineFile, type QuarantineEntry } from './quarantine';
import { encodeTree, readTreeStamp, STAMP_BYTES, type TaskTree } from './treeFile';
import { decodeTreeFile, scanTrees, type TreeScan } from './treeLoader';

/** What this process last saw of a tree file. */
export interface KnownTree {
  revision: number;
  writer: string;
  stamp?: FileStamp;
}

export type TreeRead =
  | { kind: 'gone' }
  /** Still the version `known` names (with its current stamp, when one was taken). */
  | { kind: 'same'; stamp?: FileStamp }
  | { kind: 'tree'; tree: TaskTree; stamp?: FileStamp; migratedFrom?: number }
  | { kind: 'bad'; reason: string };

function isKnownVersion(data: Buffer, known: KnownTree): boolean {
  const header = readTreeStamp(data);
  return header !== undefined && header.revision === known.revision && header.writer === known.writer;
}

export class TreeFiles {
  readonly quarantined: QuarantineEntry[] = [];

  constructor(
    private readonly fs: FsPort,
    private readonly layout: StoreLayout,
    private readonly migrations: MigrationTable,
    private readonly trustSeals: boolean,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void,
  ) {}

  get dir(): string {
    return this.layout.tasks;
  }

  pathOf(rootId: string): string {
    return path.join(this.layout.tasks, treeFileName(rootId));
  }

  names(): string[] {
    return this.fs.readdirSync(this.layout.tasks).filter(isTreeFileName);
  }

  scan(): Promise<TreeScan> {
    return scanTrees(this.fs, this.layout.tasks, this.migrations, this.trustSeals);
  }

  /**
   * The file `name` as it is now, decoded only if it is not the version `known` names: the
   * header stamp (revision + writer) tells in a few bytes. With `stampFirst`, a cheap stat
   * that matches `known.stamp` even saves the read (taken before reading, so a file replaced
   * in between is merely read again next time).
   */
  read(name: string, known: KnownTree | undefined, stampFirst: boolean): TreeRead {
    const file = path.join(this.layout.tasks, name);
    let stamp: FileStamp | undefined;
    let data: Buffer;
    try {
      if (stampFirst) {
        stamp = this.fs.statSync(file);
        if (known && sameStamp(known.stamp, stamp)) return { kind: 'same', stamp };
      }
      // Most often it is the version this process last wrote: the header alone says so.
      if (known && isKnownVersion(this.fs.readHeadSync(file, STAMP_BYTES), known)) return { kind: 'same', stamp };
      data = this.fs.readFileSync(file);
    } catch (error) {
      if (isNotFound(error)) return { kind: 'gone' };
      throw error;
    }
    const read = decodeTreeFile(name, data, this.migrations, this.trustSeals);
    if (!('tree' in read)) return { kind: 'bad', reason: read.reason };
    return { kind: 'tree', tree: read.tree, stamp, migratedFrom: read.migratedFrom };
  }

  /**
   * Writes trees durably: every temp file is written and fsynced (concurrently), then each is
   * renamed into place and the directory is fsynced once. Each tree is still replaced
   * atomically on its own; trees never need to change together. `check` runs while the disk
   * syncs; if it throws, nothing is renamed.
   */
  async write(trees: readonly TaskTree[], check?: () => void): Promise<void> {
    if (trees.length === 0) return;
    const settled = await Promise.allSettled(trees.map((tree, i) => stageFile(this.fs, this.pathOf(tree.rootId), encodeTree(tree), i === 0 ? check : undefined)));
    const staged: StagedFile[] = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure) {
      discardStaged(this.fs, staged);
      throw failure.reason;
    }
    installStaged(this.fs, staged);
    await fsyncDirectory(this.fs, this.layout.tasks);
  }

  /** Unlinks whole trees durably; one already gone is fine. */
  async remove(rootIds: readonly string[]): Promise<void> {
    if (rootIds.length === 0) return;
    for (const rootId of rootIds) {
      try {
        this.fs.unlinkSync(this.pathOf(rootId));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    await fsyncDirectory(this.fs, this.layout.tasks);
  }

  /** Only under the store lock: otherwise a temp may belong to a live writer. */
  removeTemps(names: readonly string[]): void {
    for (const name of names) unlinkQuietly(this.fs, path.join(this.layout.tasks, name));
  }

  quarantine(name: string, reason: string): void {
    const file = path.join(this.layout.tasks, name);
    const entry = quarantineFile(this.fs, file, this.layout.quarantine, reason, Date.now());
    if (!entry) return;
    this.quarantined.push(entry);
    this.log('warn', `Quarantined ${file}: ${reason}. Moved to ${entry.movedTo}.`);
  }
}
