/**
 * Keeps the catalog (catalog.ts) and its files (catalogFiles.ts) in step with the tree files:
 * opening it and judging whether it is exact, logging this window's changes under the lock,
 * following other windows' lines, and writing a new snapshot when the log has grown.
 *
 * "Exact" means the catalog describes every tree file as it is. The proof is the log's chain of
 * folder stamps (catalogFormat.ts): a line vouches for the folder only when its writer saw, under
 * the lock, the folder exactly as the previous line left it and held nothing in memory that the
 * snapshot and log do not say (`unexplained`: trees this window re-read because they changed
 * without a line saying so). Whatever breaks the chain (a crash between a rename and its line,
 * a power cut, another program) is found by comparing the last stamp with the folder's, and
 * then the store checks every file before trusting the catalog (taskStore.ts, the sweep).
 */
import * as path from 'node:path';
import { TASK_SCHEMA_VERSION } from '../../../shared/task';
import type { FileStamp, FsPort } from '../fsPort';
import { Catalog, listingOf } from './catalog';
import { CatalogFiles, newSnapshotId, type SnapshotHandle, type StagedSnapshot } from './catalogFiles';
import {
  dirStampOf,
  encodeSearchFile,
  encodeSnapshot,
  sameDir,
  searchLinesOf,
  type DirStamp,
  type LogLine,
  type StoredEntry,
} from './catalogFormat';
import { entryLine } from './entryLines';
import { isOpenTree, type TreeEntry } from './treeEntry';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface CatalogOpening {
  /** Whether a snapshot was found and read (else the store scans every tree file). */
  usable: boolean;
  /** Whether it describes every tree file as it is now (else the store checks them all). */
  exact: boolean;
  /** Why it is not usable or not exact, for the log. */
  reason?: string;
  /** Lines read from the log (put or deleted trees), already in the catalog. */
  lines: number;
}

export interface ComposedSnapshot {
  snapshotId: string;
  seq: number;
  label: DirStamp | null;
  bytes: Buffer;
  searchId: string;
  /** Undefined: the search text did not change, the current search file is kept. */
  searchBytes: Buffer | undefined;
  /** Unlogged changes up to this mark are recorded by this snapshot. */
  epoch: number;
}

export class CatalogKeeper {
  catalog: Catalog;
  /** The last log line this window has applied or written. */
  seq = 0;
  /** The folder stamp snapshot + log are exact for, as far as the chain tells; null: not known. */
  chainDir: DirStamp | null = null;
  /**
   * The folder stamp the catalog in memory is exact for, when known: after open (exact), a full
   * scan or a sweep that nothing changed under, and carried along by every change this window
   * makes or reads from the log. A new snapshot is labelled with it.
   */
  exactFor: DirStamp | null = null;
  /** Trees whose state in memory no line or snapshot records (changed behind the log's back), with when. */
  private readonly unexplained = new Map<string, number>();
  private epoch = 0;
  private readonly files: CatalogFiles;
  private snapshotId = '';
  private searchId = '';

  constructor(
    private readonly fs: FsPort,
    readonly dir: string,
    private readonly log: Log,
  ) {
    this.files = new CatalogFiles(fs, dir, log);
    this.catalog = new Catalog(undefined);
  }

  /**
   * Reads the snapshot and the log and applies the log's lines. `folder` is the tasks folder's
   * stamp now: the catalog is exact when the chain of stamps ends there.
   */
  open(folder: FileStamp | undefined): CatalogOpening {
    this.wasDamaged = false;
    const read = this.files.readSnapshot();
    const snapshot = read.snapshot;
    const header = snapshot?.start.header;
    if (snapshot && header!.taskSchemaVersion !== TASK_SCHEMA_VERSION) {
      snapshot.close();
      return { usable: false, exact: false, reason: `the task catalog was written for task schema ${header!.taskSchemaVersion}`, lines: 0 };
    }
    if (snapshot) this.base(snapshot);
    else this.startEmpty();
    // Without a snapshot, only a log that starts from the empty catalog (a store that began with one) describes the trees.
    const log = this.files.readLog(header?.id ?? '', header?.seq ?? 0);
    if (!snapshot && !log.follows) return { usable: false, exact: false, reason: `no task catalog to read (${read.reason})`, lines: 0 };
    let chain: DirStamp | null = log.follows ? (log.header?.dir ?? null) : null;
    let lines = 0;
    if (log.follows) {
      for (const line of log.lines) {
        if (line.seq <= this.seq) continue;
        if (line.seq !== this.seq + 1) chain = null;
        else chain = line.dir;
        this.apply(line);
        lines++;
      }
      if (log.bad > 0 || log.torn) chain = null;
    }
    const exact = !!folder && !this.wasDamaged && sameDir(chain, dirStampOf(folder));
    const reason = exact ? undefined : !log.follows ? 'its log does not follow its snapshot' : chain === null ? 'its log does not vouch for the task folder' : 'the task folder changed since it was last written';
    this.chainDir = exact ? chain : null;
    this.exactFor = exact ? chain : null;
    return { usable: true, exact, ...(reason && { reason }), lines };
  }

  /** Starts from nothing (no usable snapshot): the store fills the catalog from the tree files. */
  startEmpty(): void {
    this.catalog.close();
    this.catalog = new Catalog(undefined);
    this.snapshotId = '';
    this.searchId = '';
    this.seq = 0;
    this.chainDir = null;
    this.exactFor = null;
  }

  /**
   * The store reads every tree file to fill the catalog (none could be used): what the files on
   * disk say is older than that, and the next snapshot replaces them.
   */
  startFromScan(): void {
    this.startEmpty();
    this.fromScan = true;
  }

  private fromScan = false;

  /**
   * Every tree file was read (a full scan, or a sweep) while the folder stayed at `stamp`: the
   * catalog in memory is exact for it, though nothing on disk says so until the next snapshot.
   */
  verified(stamp: FileStamp): void {
    this.exactFor = dirStampOf(stamp);
  }

  // ---- other windows' lines ----------------------------------------------------------------

  /**
   * What other windows logged since this window last looked. Safe without the lock (a line is
   * one write; a partial last line is left for next time); under the lock it is complete.
   * `rebase`: another window wrote a new snapshot; `reopen()` reads it.
   */
  follow(): { lines: LogLine[]; rebase: boolean } {
    const tail = this.files.catchUp();
    // This window read every tree file itself: whatever the log follows is older than that.
    if (tail.rebase && this.fromScan) return { lines: [], rebase: false };
    if (tail.lost) this.chainDir = this.exactFor = null;
    const lines: LogLine[] = [];
    for (const line of tail.lines) {
      if (line.seq <= this.seq) continue;
      const contiguous = line.seq === this.seq + 1;
      // Memory follows the other window's change exactly when it was exact for the folder it changed.
      this.exactFor = contiguous && line.dir && sameDir(this.exactFor, this.chainDir) ? line.dir : null;
      this.chainDir = contiguous ? line.dir : null;
      this.seq = line.seq;
      lines.push(line);
    }
    return { lines, rebase: tail.rebase };
  }

  /** Reads the snapshot another window installed, and its log; the changes this window holds unlogged are re-applied on top. */
  reopen(folder: FileStamp | undefined): boolean {
    const kept = [...this.unexplained].map(([rootId, mark]) => [rootId, mark, this.catalog.entryInMemory(rootId)] as const);
    const saved = { catalog: this.catalog, seq: this.seq, chainDir: this.chainDir, exactFor: this.exactFor, snapshotId: this.snapshotId, searchId: this.searchId };
    const exactFor = this.exactFor;
    // Keep the catalog this window has if the new one cannot be read.
    this.catalog = new Catalog(undefined);
    const opened = this.open(folder);
    if (!opened.usable) {
      this.catalog.close();
      Object.assign(this, saved);
      this.files.follow(saved.snapshotId, saved.seq);
      return false;
    }
    saved.catalog.close();
    // The snapshot may not know what this window re-read behind the log's back: keep that.
    for (const [rootId, mark, entry] of kept) {
      if (entry) this.catalog.put(entry as TreeEntry);
      else if (entry === null) this.catalog.remove(rootId);
      this.unexplained.set(rootId, mark);
    }
    if (kept.length > 0) this.exactFor = exactFor && folder && sameDir(exactFor, dirStampOf(folder)) ? exactFor : null;
    return true;
  }

  /** A line's change, into the catalog (the store first re-reads loaded trees it names). */
  apply(line: LogLine): void {
    if ('put' in line) this.catalog.put(line.put);
    else if ('del' in line) this.catalog.remove(line.del);
    this.seq = line.seq;
  }

  /** The tree changed in memory without a line saying so (a refresh or the sweep read it). */
  changedUnlogged(rootId: string): void {
    this.unexplained.set(rootId, ++this.epoch);
  }

  /** A line (applied) now says what memory holds for the tree. */
  explained(rootId: string): void {
    this.unexplained.delete(rootId);
  }

  // ---- this window's changes (under the lock) ----------------------------------------------

  /**
   * Whether this window may vouch for the folder after its change: it saw the folder exactly
   * as the last line left it (`before`, stamped under the lock after `follow()`), and holds
   * nothing the log does not record.
   */
  mayVouch(before: FileStamp): boolean {
    return this.unexplained.size === 0 && sameDir(this.chainDir, dirStampOf(before));
  }

  /** Whether memory holds trees no line or snapshot records. */
  get hasUnexplained(): boolean {
    return this.unexplained.size > 0;
  }

  /**
   * Under the lock, after `follow()`: when memory is exact for the folder as it is (`now`) and
   * holds nothing unlogged, one line says so, and the chain holds again.
   */
  vouch(now: FileStamp): void {
    const dir = dirStampOf(now);
    if (this.unexplained.size > 0 || !sameDir(this.exactFor, dir)) return;
    try {
      this.files.append({ seq: ++this.seq, dir, sync: true });
      this.chainDir = dir;
    } catch (error) {
      this.chainDir = null;
      this.log('warn', `Could not record a change in the task catalog's log: ${String(error)}`);
    }
  }

  /** What a new snapshot can be labelled with: the folder stamp memory is exact for, if known. */
  get label(): DirStamp | null {
    return this.exactFor;
  }

  /**
   * Logs this window's changes (trees put or deleted). `before` and `after`: the folder's stamp
   * under the lock before the change and once it is durable.
   */
  record(puts: readonly TreeEntry[], dels: readonly string[], before: FileStamp | undefined, after: FileStamp | undefined): void {
    const vouch = !!before && !!after && this.mayVouch(before);
    this.exactFor = before && after && sameDir(this.exactFor, dirStampOf(before)) ? dirStampOf(after) : null;
    const total = puts.length + dels.length;
    let n = 0;
    const dirOf = () => (++n === total && vouch ? dirStampOf(after!) : null);
    for (const entry of puts) this.catalog.put(entry);
    for (const rootId of dels) this.catalog.remove(rootId);
    for (const rootId of [...puts.map((e) => e.rootId), ...dels]) this.unexplained.delete(rootId);
    if (total === 0) {
      this.chainDir = vouch ? dirStampOf(after!) : null;
      return;
    }
    try {
      for (const put of puts) this.files.append({ seq: ++this.seq, dir: dirOf(), put });
      for (const del of dels) this.files.append({ seq: ++this.seq, dir: dirOf(), del });
      this.chainDir = vouch && after ? dirStampOf(after) : null;
    } catch (error) {
      // The catalog in memory is right; the log missed a line, which breaks the chain (found at next open).
      this.chainDir = null;
      this.log('warn', `Could not record a change in the task catalog's log: ${String(error)}`);
    }
  }

  // ---- a new snapshot ----------------------------------------------------------------------

  /** How much the log holds beyond the snapshot: the trees changed since it. */
  get changes(): number {
    return this.catalog.changes;
  }

  /**
   * The catalog in memory as a snapshot (and search file). `label`: the folder stamp it is exact
   * for, if known. Synchronous, so it is one consistent state.
   */
  compose(label: DirStamp | null, skipped: readonly string[], conflicts: readonly string[]): ComposedSnapshot {
    const catalog = this.catalog;
    const oldSearch = catalog.searchLinesForCopy();
    const openLines: { line: Uint8Array; rootId: string; createdAt: number; hot: boolean; revision: number; writer: string }[] = [];
    const bodyLines: Uint8Array[] = [];
    const searchLines: Uint8Array[] = [];
    let at = 0;
    // The search file is kept only when every tree's lines stay exactly where they are.
    let searchChanged = !this.searchId || !oldSearch;
    const artifacts: Record<string, number> = {};
    let trees = 0;
    let tasks = 0;
    for (const entry of catalog.all()) {
      trees++;
      tasks += entry.ids.length;
      const { text, search, ...rest } = entry as StoredEntry;
      const file = catalog.fileOf(entry.rootId, entry);
      const stored = { ...rest, ...(file && { file }) };
      let lines: Buffer | undefined;
      if (!text && search && oldSearch) {
        lines = oldSearch.subarray(search[0], search[0] + search[1]);
        if (search[0] !== at) searchChanged = true;
      }
      if (!lines) {
        searchChanged = true;
        lines = searchLinesOf(listingOf(entry), entry.rootId, entry.ids, text ?? []);
      }
      searchLines.push(lines);
      const next: StoredEntry = { ...stored, search: [at, lines.length] };
      at += lines.length;
      if (isOpenTree(entry as TreeEntry)) openLines.push({ line: entryLine(next), rootId: entry.rootId, createdAt: entry.createdAt, hot: entry.hot, revision: entry.revision, writer: entry.writer });
      else bodyLines.push(entryLine(next));
      for (const handle of entry.artifacts) artifacts[handle] = (artifacts[handle] ?? 0) + 1;
    }
    if (oldSearch && at !== oldSearch.length) searchChanged = true;
    const snapshotId = newSnapshotId();
    const searchId = searchChanged ? snapshotId : this.searchId;
    const bytes = encodeSnapshot({
      header: { taskSchemaVersion: TASK_SCHEMA_VERSION, id: snapshotId, seq: this.seq, search: searchId, skipped: skipped.map((name) => ({ name })), artifacts, conflicts: [...conflicts], trees, tasks },
      openLines,
      bodyLines,
    });
    return { snapshotId, seq: this.seq, label, bytes, searchId, searchBytes: searchChanged ? encodeSearchFile(searchId, searchLines) : undefined, epoch: this.epoch };
  }

  stage(composed: ComposedSnapshot): Promise<StagedSnapshot> {
    return this.files.stage(composed.bytes, composed.searchBytes, composed.searchId);
  }

  discard(staged: StagedSnapshot): void {
    this.files.discard(staged);
  }

  /**
   * Under the lock, after `follow()`: installs a staged snapshot and starts the log after it,
   * keeping the lines it does not include. Returns false when another window installed one in
   * the meantime (this one is discarded).
   */
  async install(composed: ComposedSnapshot, staged: StagedSnapshot): Promise<boolean> {
    const newer = this.fromScan ? [] : this.files.linesAfter(composed.seq);
    if (!newer) {
      this.discard(staged);
      return false;
    }
    this.fromScan = false;
    await this.files.install(staged, composed.snapshotId, composed.seq, composed.label, newer);
    // Memory now rests on the new snapshot: read it back (its open section and body, not its search file).
    const read = this.files.readSnapshot();
    if (read.snapshot?.start.header.id !== composed.snapshotId) read.snapshot?.close();
    else {
      const still = [...this.unexplained].filter(([, mark]) => mark > composed.epoch);
      const held = still.map(([rootId, mark]) => [rootId, mark, this.catalog.entryInMemory(rootId)] as const);
      this.base(read.snapshot);
      for (const line of newer) this.apply(line);
      this.unexplained.clear();
      for (const [rootId, mark, entry] of held) {
        if (entry) this.catalog.put(entry as TreeEntry);
        else if (entry === null) this.catalog.remove(rootId);
        this.unexplained.set(rootId, mark);
      }
      let chain: DirStamp | null = composed.label;
      for (const line of newer) chain = line.dir;
      this.chainDir = chain;
    }
    return true;
  }

  /** Under the lock: a store with no trees and no catalog yet begins its log, exact for the empty folder. */
  beginEmpty(folder: FileStamp): void {
    this.files.startEmpty(dirStampOf(folder));
    this.chainDir = this.exactFor = dirStampOf(folder);
    this.fromScan = false;
  }

  /** Tree files skipped when the snapshot was written (read again at open, to report them). */
  get skippedAtSnapshot(): string[] {
    return this.catalog.snapshot?.start.header.skipped.map((s) => s.name) ?? [];
  }

  /** Artifact handles the snapshot's entries name, with how many trees name each. */
  get snapshotArtifacts(): Readonly<Record<string, number>> {
    return this.catalog.snapshotArtifacts;
  }

  close(): void {
    this.catalog.close();
    this.files.close();
  }

  /** Removes temp files of interrupted snapshot writes (under the lock). */
  removeTemps(): void {
    this.files.removeTemps();
  }

  /** Whether an interrupted snapshot write left temp files behind. */
  hasTemps(): boolean {
    return this.files.temps().length > 0;
  }

  private base(snapshot: SnapshotHandle): void {
    const { header } = snapshot.start;
    this.catalog.close();
    this.snapshotId = header.id;
    this.searchId = header.search;
    this.seq = header.seq;
    this.catalog = new Catalog(snapshot, () => this.damaged());
  }

  /** The snapshot's body failed its check: nothing vouches for the catalog until every file is checked. */
  private damaged(): void {
    this.log('warn', 'The task catalog is damaged; every task file is checked against the folder.');
    this.chainDir = this.exactFor = null;
    this.wasDamaged = true;
    this.onDamage();
  }

  private wasDamaged = false;

  /** Set by the store: what to do when the catalog turns out damaged (check every file). */
  onDamage: () => void = () => undefined;
}

export function catalogFolder(storeRoot: string): string {
  return path.join(storeRoot, 'catalog');
}
