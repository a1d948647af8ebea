/**
 * What this window knows of the tree files: the catalog (every tree, summarised) and the cache
 * (the trees it has loaded, with their records), kept in step. Every way a tree file reaches
 * this window goes through here: loading a tree, refreshing one another window changed,
 * verifying one against its catalog entry, a line another window logged, and this window's own
 * commits. Each path decides the same things: what the catalog records, what the cache holds,
 * which shown records changed (for `onDidChange`), and whether the catalog in memory now holds
 * something the log does not say (catalogKeeper.ts).
 */
import type { TaskRecord } from '../../shared/task';
import { catalogFolder, CatalogKeeper } from './catalog/catalogKeeper';
import type { LogLine } from './catalog/catalogFormat';
import { entryOf, fileVersionOf, sameFileVersion, type TreeEntry } from './catalog/treeEntry';
import { readTreeStamp, STAMP_BYTES, type TaskTree } from './treeFile';
import type { FileStamp, FsPort } from './fsPort';
import { rootIdFromTreeFileName, treeFileName, type StoreLayout } from './paths';
import { noChanges, TreeCache, type StoreChange } from './treeCache';
import type { TreeFiles } from './treeFiles';
import type { BadTreeFile } from './treeLoader';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

/**
 * How a tree file is read: `load` keeps its records; `refresh` keeps them when the tree is
 * loaded or changed (someone is working on it); `verify` only checks it against its catalog
 * entry, keeping records only for trees reconciliation may change (which are always loaded).
 */
export type ReadMode = 'load' | 'refresh' | 'verify';

/** This window's changes inside one hold of the lock, logged before it is released. */
export class LockedChanges {
  before: FileStamp | undefined;
  after: FileStamp | undefined;
  readonly puts = new Map<string, TreeEntry>();
  readonly dels = new Set<string>();
  /** Something else changed the tasks folder (a temp removed, a file quarantined). */
  folderChanged = false;

  wrote(tree: TaskTree, file: FileStamp | undefined, folder: FileStamp | undefined): void {
    this.puts.set(tree.rootId, entryOf(tree, fileVersionOf(file)));
    this.dels.delete(tree.rootId);
    this.after = folder;
  }

  removed(rootId: string, folder: FileStamp | undefined): void {
    this.dels.add(rootId);
    this.puts.delete(rootId);
    this.after = folder;
  }
}

export class StoreView {
  readonly cache = new TreeCache();
  readonly keeper: CatalogKeeper;
  /** Whether every tree of the catalog is known to the cache by its ids (conflicts and lookups are complete). */
  private idsComplete = false;
  /** Whether the trees of the open section are (the ids of unfinished trees: looked up before the whole catalog). */
  private openIdsKnown = false;

  constructor(
    private readonly fs: FsPort,
    layout: StoreLayout,
    private readonly files: TreeFiles,
    private readonly log: Log,
    /** The catalog changed (a tree was put or removed): listings may differ. */
    private readonly catalogChanged: () => void,
  ) {
    this.keeper = new CatalogKeeper(fs, catalogFolder(layout.root), log);
  }

  get catalog() {
    return this.keeper.catalog;
  }

  // ---- reading tree files ------------------------------------------------------------------

  /**
   * Reads the tree file `name` as it is now into the view (see ReadMode). Invalid files are
   * collected in `invalid` (the caller quarantines them under the lock); other bad files are
   * set aside (skipped) here.
   */
  read(name: string, mode: ReadMode, into: StoreChange, invalid: BadTreeFile[], announce = false): void {
    const rootId = rootIdFromTreeFileName(name);
    const cached = this.cache.decodedTree(rootId);
    if (cached) return this.refreshLoaded(name, rootId, into, invalid);
    // Trees reconciliation may change are always loaded; other trees are checked without reading them.
    const entry = mode === 'load' ? undefined : this.catalog.entry(rootId);
    let stamp: FileStamp | undefined;
    if (entry && !entry.hot) {
      // Unchanged since the catalog saw it: the stamp says so without reading a byte.
      try {
        stamp = this.fs.statSync(this.files.pathOf(rootId));
      } catch {
        stamp = undefined;
      }
      const unchanged = !!stamp && sameFileVersion(this.catalog.fileOf(rootId, entry), stamp);
      if (unchanged || (stamp && this.headerIs(rootId, entry.revision, entry.writer))) {
        this.files.notSkipped(name);
        if (!unchanged) this.catalog.setFile(rootId, fileVersionOf(stamp)!);
        if (!this.cache.isKnown(rootId)) this.cache.register(rootId, entry.ids, into);
        return;
      }
    }
    const read = this.files.read(name, undefined, false);
    if (read.kind === 'gone') {
      this.files.notSkipped(name);
      this.drop(rootId, into);
    } else if (read.kind === 'bad') {
      if (read.bad.fault === 'invalid') invalid.push(read.bad);
      else {
        this.files.setAside(read.bad, read.stamp);
        // A newer Baton's or an inconsistent file replaced the tree: this window no longer has it.
        if (read.bad.fault !== 'unreadable') this.drop(rootId, into);
      }
    } else {
      this.files.notSkipped(name);
      if (read.kind === 'tree') {
        if (read.migratedFrom !== undefined) this.log('info', `Migrated task tree ${rootId} from schema version ${read.migratedFrom}.`);
        this.adopt(read.tree, read.stamp, into, mode !== 'verify', announce);
      }
    }
  }

  /** A loaded tree: re-read only when its file changed (the stamp, then the header, say so). */
  private refreshLoaded(name: string, rootId: string, into: StoreChange, invalid: BadTreeFile[]): void {
    const cached = this.cache.decodedTree(rootId)!;
    const read = this.files.read(name, cached, true);
    if (read.kind === 'same') {
      if (read.stamp) {
        cached.stamp = read.stamp;
        this.catalog.setFile(rootId, fileVersionOf(read.stamp)!);
      }
      this.files.notSkipped(name);
    } else if (read.kind === 'gone') {
      this.files.notSkipped(name);
      this.drop(rootId, into);
    } else if (read.kind === 'bad') {
      if (read.bad.fault === 'invalid') invalid.push(read.bad);
      else {
        this.files.setAside(read.bad, read.stamp);
        // One that cannot be read now keeps the last version this window saw.
        if (read.bad.fault !== 'unreadable') this.drop(rootId, into);
      }
    } else {
      this.files.notSkipped(name);
      if (read.migratedFrom !== undefined) this.log('info', `Migrated task tree ${rootId} from schema version ${read.migratedFrom}.`);
      this.adopt(read.tree, read.stamp, into, true);
    }
  }

  /**
   * A tree as read from its file. The catalog records it (a version it did not know is a change
   * no line explains); the cache keeps its records when `keep` (or reconciliation may change
   * it). Loading the version the catalog knew reports no change, unless `announce` (the
   * catalog itself just learned it, from another window's line).
   */
  adopt(tree: TaskTree, stamp: FileStamp | undefined, into: StoreChange, keep: boolean, announce = false): void {
    const rootId = tree.rootId;
    const known = this.catalog.versionOf(rootId);
    const same = !!known && known.revision === tree.revision && known.writer === tree.writer;
    const entry = entryOf(tree, fileVersionOf(stamp));
    if (!same) {
      this.catalog.put(entry);
      this.keeper.changedUnlogged(rootId);
      this.catalogChanged();
    } else if (stamp) {
      this.catalog.setFile(rootId, fileVersionOf(stamp)!);
    }
    const wasLoaded = this.cache.isLoaded(rootId);
    if (keep || entry.hot || wasLoaded) this.cache.put(rootId, { ...tree, stamp }, same && !wasLoaded && !announce ? noChanges() : into);
    else this.cache.register(rootId, entry.ids, into);
  }

  /** The tree's file is gone (or no longer loads): out of the view, its tasks reported removed. */
  drop(rootId: string, into: StoreChange): void {
    const entry = this.catalog.entry(rootId);
    if (entry && !this.cache.isKnown(rootId)) this.cache.register(rootId, entry.ids, noChanges());
    if (this.cache.isKnown(rootId)) this.cache.put(rootId, undefined, into);
    if (entry) {
      this.catalog.remove(rootId);
      this.keeper.changedUnlogged(rootId);
      this.catalogChanged();
    }
  }

  /** Loads a known tree's records now (reading its file); false when it does not load. */
  loadNow(rootId: string, into: StoreChange, invalid: BadTreeFile[]): boolean {
    if (this.cache.isLoaded(rootId)) return true;
    this.read(treeFileName(rootId), 'load', into, invalid);
    return this.cache.isLoaded(rootId);
  }

  /** Shows nothing (the task folder cannot be read): the catalog on disk is left as it is. */
  forgetAll(): void {
    for (const rootId of this.cache.knownRoots()) this.cache.put(rootId, undefined, noChanges());
    this.keeper.startEmpty();
    this.idsComplete = this.openIdsKnown = true;
  }

  // ---- other windows' lines ----------------------------------------------------------------

  /**
   * Applies what other windows logged since this one last looked: each tree they wrote that
   * this window has loaded is re-read from its file (the file is the truth; the line says which
   * version the catalog records); the others are taken from the line. `folder`: the tasks
   * folder's stamp, needed only when another window wrote a new snapshot.
   */
  follow(into: StoreChange, invalid: BadTreeFile[], folder: () => FileStamp | undefined): void {
    let tail: { lines: LogLine[]; rebase: boolean };
    try {
      tail = this.keeper.follow();
    } catch (error) {
      this.log('warn', `Could not read the task catalog's log: ${String(error)}`);
      return;
    }
    if (tail.rebase) return this.rebase(into, invalid, folder());
    const touched = new Map<string, LogLine>();
    for (const line of tail.lines) {
      this.keeper.apply(line);
      if ('put' in line) touched.set(line.put.rootId, line);
      else if ('del' in line) touched.set(line.del, line);
    }
    for (const [rootId, line] of touched) this.settleLine(rootId, line, into, invalid);
    if (touched.size > 0) this.catalogChanged();
  }

  private settleLine(rootId: string, line: LogLine, into: StoreChange, invalid: BadTreeFile[]): void {
    if (this.cache.isLoaded(rootId) || ('put' in line && line.put.hot)) {
      this.read(treeFileName(rootId), 'refresh', into, invalid, true);
      const entry = this.catalog.entryInMemory(rootId);
      const tree = this.cache.decodedTree(rootId);
      // The file is as the line says: nothing unlogged about it.
      if ((!entry && !tree) || (entry && tree && entry.revision === tree.revision && entry.writer === tree.writer)) this.keeper.explained(rootId);
      return;
    }
    if ('put' in line) this.cache.register(rootId, line.put.ids, into);
    else if (this.cache.isKnown(rootId)) this.cache.put(rootId, undefined, into);
    this.keeper.explained(rootId);
  }

  /** Another window wrote a new snapshot: read it, then re-read every loaded tree it disagrees with. */
  private rebase(into: StoreChange, invalid: BadTreeFile[], folder: FileStamp | undefined): void {
    if (!this.keeper.reopen(folder)) {
      this.log('warn', 'Could not read the task catalog another window wrote; the next start checks every task file.');
      return;
    }
    this.idsComplete = false;
    this.openIdsKnown = false;
    for (const rootId of this.cache.decodedRoots()) {
      const entry = this.catalog.entry(rootId);
      const tree = this.cache.decodedTree(rootId)!;
      if (!entry || entry.revision !== tree.revision || entry.writer !== tree.writer) this.read(treeFileName(rootId), 'refresh', into, invalid);
    }
    this.registerKnownAtOpen(into);
    this.catalogChanged();
  }

  // ---- task ids ----------------------------------------------------------------------------

  /**
   * At open, the cache knows by their ids only the trees changed since the snapshot and those
   * it recorded in conflict (so a conflict is never missed); the others are looked up when
   * needed (`rootOf`), or all at once in the background (`completeIds`).
   */
  registerKnownAtOpen(into: StoreChange): void {
    for (const entry of this.catalog.changedEntries()) this.cache.register(entry.rootId, entry.ids, into);
    for (const rootId of this.catalog.snapshotConflicts) {
      const entry = this.catalog.entry(rootId);
      if (entry) this.cache.register(rootId, entry.ids, into);
    }
  }

  /** The trees of the open section, by their ids (once). */
  private knowOpenIds(into: StoreChange): void {
    if (this.openIdsKnown) return;
    for (const entry of this.catalog.openEntries()) if (!this.cache.isKnown(entry.rootId)) this.cache.register(entry.rootId, entry.ids, into);
    this.openIdsKnown = true;
  }

  /** Makes the cache know every tree of the catalog by its ids (one pass over the catalog). */
  completeIds(into: StoreChange): void {
    if (this.idsComplete) return;
    for (const entry of this.catalog.all()) if (!this.cache.isKnown(entry.rootId)) this.cache.register(entry.rootId, entry.ids, into);
    this.idsComplete = this.openIdsKnown = true;
  }

  get allIdsKnown(): boolean {
    return this.idsComplete;
  }

  /** After the catalog was rebuilt from the tree files: every tree is known by its ids. */
  markIdsComplete(): void {
    this.idsComplete = this.openIdsKnown = true;
  }

  /** The shown tree holding a task, loaded or not; looks through the unfinished trees, then every tree, when needed. */
  rootOf(taskId: string, into: StoreChange): string | undefined {
    let rootId = this.cache.rootOf(taskId);
    if (rootId !== undefined || this.idsComplete) return rootId;
    this.knowOpenIds(into);
    rootId = this.cache.rootOf(taskId);
    if (rootId !== undefined) return rootId;
    this.completeIds(into);
    return this.cache.rootOf(taskId);
  }

  /** Any tree holding a task, shown or not; looks through every tree when needed. */
  holderOf(taskId: string, into: StoreChange): string | undefined {
    const rootId = this.cache.holderOf(taskId);
    if (rootId !== undefined || this.idsComplete) return rootId;
    this.completeIds(into);
    return this.cache.holderOf(taskId);
  }

  // ---- this window's changes ---------------------------------------------------------------

  /** Logs the changes of one hold of the lock; never throws (a lost line only breaks the chain). */
  record(changes: LockedChanges): void {
    if (changes.puts.size === 0 && changes.dels.size === 0 && !changes.folderChanged) return;
    let after = changes.after;
    if (changes.folderChanged || !after) {
      try {
        after = this.files.folderStamp();
      } catch {
        after = undefined;
      }
    }
    this.keeper.record([...changes.puts.values()], [...changes.dels], changes.before, after);
    if (changes.puts.size > 0 || changes.dels.size > 0) this.catalogChanged();
  }

  /** The records of a loaded tree, if shown. */
  recordsOf(rootId: string): TaskRecord[] | undefined {
    const tree = this.cache.tree(rootId);
    return tree && Object.values(tree.records);
  }

  private headerIs(rootId: string, revision: number, writer: string): boolean {
    try {
      const header = readTreeStamp(this.fs.readHeadSync(this.files.pathOf(rootId), STAMP_BYTES));
      return header?.revision === revision && header.writer === writer;
    } catch {
      return false;
    }
  }
}
