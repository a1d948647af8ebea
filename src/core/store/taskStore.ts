/**
 * The durable task store: the only writer of task records.
 *
 * Layout under the store directory: `tasks/<rootId>.json` (one file per task tree: treeFile.ts,
 * atomicFile.ts), `catalog/` (a summary of every tree: catalog/), `transcripts/<taskId>.jsonl`,
 * `artifacts/<handle>`, `quarantine/` (files that failed to load) and `store.lock` (lock.ts).
 *
 * Opening reads the catalog, not every tree: it loads the trees reconciliation may change and
 * the newest roots (the sidebar's first page), and knows every unfinished task by its summary;
 * other trees load when they are asked for (`get`, `load`, a search that lists them). When the
 * catalog cannot vouch for the tree files (a crash between a commit and its log line, a power
 * cut, another program's write) every file is checked against it before open returns; when it
 * can, they are checked in the background later all the same (storeMaintenance.ts).
 *
 * Opening never fails on a bad entry: whatever cannot load is quarantined or skipped as
 * problems.ts says, listed in `problems`, and everything else loads.
 *
 * A commit resolves the command to one tree, takes the cross-process lock, re-reads that tree
 * if another process wrote it since this one last did (the revision + writer stamp in the file
 * header is the compare-and-swap: a commit is always applied to what is on disk, never to a
 * stale copy), applies the lifecycle, validates every changed record, replaces the file, and
 * logs the tree's new catalog entry before releasing the lock.
 */
import * as nodePath from 'node:path';
import { isLeaseLive, TaskRecord } from '../../shared/task';
import { applyCommand, commandTaskId, LifecycleError, type LifecycleCommand, type TransitionOk } from '../lifecycle';
import { FileArtifactStore, type ArtifactStore } from './artifactStore';
import type { PageQuery, RootPage, SearchQuery, SearchResult } from './catalog/catalog';
import type { TaskSummary } from './catalog/treeEntry';
import { StoreError } from './errors';
import { Emitter, type Disposable } from './events';
import { nodeFs, type FileStamp, type FsPort } from './fsPort';
import { randomId } from './ids';
import { FileLock, type FileLockOptions } from './lock';
import { MIGRATIONS, type MigrationTable } from './migrations';
import { rootIdFromTreeFileName, storeLayout, treeFileName, type StoreLayout } from './paths';
import { conflictProblems, StoreProblems, type StoreProblem } from './problems';
import { Quarantine, type QuarantineEntry } from './quarantine';
import { mayNeedReconcile } from './reconcileScope';
import { CatalogUpkeep } from './catalogUpkeep';
import { StoreArtifacts } from './storeArtifacts';
import { StoreMaintenance } from './storeMaintenance';
import { LockedChanges, StoreView } from './storeView';
import { ensureFolders, syncNewFolders } from './storeFolders';
import { noChanges, type CachedTree, type StoreChange } from './treeCache';
import { linkOutside, type TaskTree } from './treeFile';
import { TreeFiles } from './treeFiles';
import type { BadTreeFile } from './treeLoader';
import { transcriptBehind } from './transcriptDependency';
import { watchTreeFiles } from './treeWatcher';
import { FileTranscriptJournal, type TranscriptJournal } from './transcriptJournal';

export type StoreLogLevel = 'info' | 'warn' | 'error';

export interface StoreOptions {
  /** This window's lease owner id. */
  ownerId: string;
  /** A lease older than this is dead (default 30 s). */
  leaseTtlMs?: number;
  /** The task clock (epoch ms) for reconcile; defaults to Date.now. */
  now?: () => number;
  log?: (level: StoreLogLevel, msg: string) => void;
}

/** Seams for tests and benchmarks; the extension passes none. */
export interface StoreDeps {
  fs?: FsPort;
  migrations?: MigrationTable;
  lock?: Partial<Omit<FileLockOptions, 'fs' | 'path' | 'ownerId' | 'log'>>;
  transcriptFlushDelayMs?: number;
  watchDebounceMs?: number;
  /**
   * Default true: a tree file whose integrity seal verifies (seal.ts) is loaded without running
   * zod over its records again. False validates every record of every file on every read.
   */
  trustSeals?: boolean;
  /** Newest roots whose trees are loaded at open: the sidebar's first page (default 50). */
  openPage?: number;
  /**
   * When the catalog vouched for the tree files at open, they are checked against it all the
   * same once the store has been idle this long (default 10 s; negative: never).
   */
  verifyAfterMs?: number;
  /** A new catalog snapshot is written once this many trees changed since the last (default 2,000), when idle. */
  compactAfter?: number;
  /** How long the store must be idle before a new catalog snapshot is written (default 2 s). */
  compactIdleMs?: number;
}

type TreeCommand = Exclude<LifecycleCommand, { type: 'reconcile' }>;

const NO_OP: TransitionOk = { ok: true, tasks: {}, changed: [], removed: [], effects: [] };

export class TaskStore {
  readonly transcripts: TranscriptJournal;
  readonly artifacts: ArtifactStore;
  private readonly journal: FileTranscriptJournal;
  private readonly files: TreeFiles;
  private readonly view: StoreView;
  private readonly lock: FileLock;
  private readonly quarantine: Quarantine;
  private readonly issues: StoreProblems;
  /** Folders the constructor created, whose names must be made durable. */
  private readonly newFolders: string[];
  private readonly emitter: Emitter<StoreChange>;
  private readonly catalogEmitter: Emitter<void>;
  private catalogPending = false;
  private readonly watchers = new Set<Disposable>();
  private readonly leaseTtlMs: number;
  private readonly now: () => number;
  private readonly maintenance: StoreMaintenance;
  private readonly upkeep: CatalogUpkeep;
  private readonly artifactLinks: StoreArtifacts;
  /** Everything that reads or writes trees runs one at a time in this process. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private readonly layout: StoreLayout;

  private constructor(
    dir: string,
    private readonly fs: FsPort,
    private readonly options: StoreOptions,
    private readonly deps: StoreDeps,
  ) {
    const layout = storeLayout(dir);
    this.layout = layout;
    const log = (level: StoreLogLevel, msg: string) => this.options.log?.(level, msg);
    const listenerFailed = (error: unknown) => log('error', `A store listener failed: ${String(error)}`);
    this.issues = new StoreProblems(listenerFailed);
    this.quarantine = new Quarantine(fs, layout.quarantine, this.issues, log);
    this.newFolders = ensureFolders(fs, layout, this.quarantine, log);
    this.files = new TreeFiles(fs, layout, deps.migrations ?? MIGRATIONS, deps.trustSeals ?? true, this.quarantine, this.issues, log);
    this.view = new StoreView(fs, layout, this.files, log, () => this.catalogChanged());
    const setAside = (file: string, reason: string) => void this.quarantine.move(file, reason);
    this.lock = new FileLock({ ...deps.lock, fs, path: layout.lock, ownerId: options.ownerId, log, setAside });
    this.emitter = new Emitter(listenerFailed);
    this.catalogEmitter = new Emitter(listenerFailed);
    this.journal = new FileTranscriptJournal(fs, layout.transcripts, {
      flushDelayMs: deps.transcriptFlushDelayMs,
      log,
      setAside,
      mayRepair: (taskId) => this.noOtherWindowRuns(taskId),
      keepDropped: (file, lines) => this.quarantine.keep(file, `${lines.join('\n')}\n`, 'dropped'),
    });
    this.transcripts = this.journal;
    this.artifacts = new FileArtifactStore(fs, layout.artifacts);
    this.leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.upkeep = new CatalogUpkeep({
      view: this.view,
      files: this.files,
      lock: this.lock,
      exclusive: (work) => this.exclusive(work),
      folderStamp: () => this.folderStamp(),
      cleanUp: (bad, temps, into) => this.cleanUp(bad, temps, into),
      emit: (change) => this.emit(change),
      reportConflicts: () => this.reportConflicts(),
      isClosed: () => this.closed,
      openPage: deps.openPage ?? 50,
      log,
    });
    this.artifactLinks = new StoreArtifacts(fs, layout.artifacts, this.artifacts, this.view, this.files, this.quarantine, log);
    this.maintenance = new StoreMaintenance(
      {
        verifyAfterMs: deps.verifyAfterMs ?? 10_000,
        compactAfter: deps.compactAfter ?? 2_000,
        compactIdleMs: deps.compactIdleMs ?? 2_000,
      },
      {
        completeIds: () => this.upkeep.completeIds(),
        verify: () => this.upkeep.verify(),
        changes: () => this.view.keeper.changes,
        compact: () => this.upkeep.compact(),
        log,
      },
    );
    this.view.keeper.onDamage = () => this.maintenance.verifyNow();
  }

  /**
   * Reads the catalog and loads what open needs (see the file comment); quarantines or skips
   * what cannot load (problems.ts) and lists it in `problems`. Throws only when the store
   * folder itself cannot be created. Does not reconcile.
   */
  static async open(dir: string, options: StoreOptions, deps: StoreDeps = {}): Promise<TaskStore> {
    const fs = deps.fs ?? nodeFs;
    const store = new TaskStore(nodePath.resolve(dir), fs, options, deps);
    await syncNewFolders(fs, store.newFolders, (level, msg) => options.log?.(level, msg));
    store.lock.sweepOwnFiles();
    await store.openTrees();
    store.artifactLinks.collectOrphans();
    store.maintenance.opened(store.checkedAtOpen);
    return store;
  }

  /** Files moved aside since open because they could not be loaded. */
  get quarantined(): readonly QuarantineEntry[] {
    return this.quarantine.entries;
  }

  /** Where entries that can never load are moved. */
  get quarantineFolder(): string {
    return this.quarantine.folder;
  }

  /** What could not be loaded: moved to quarantine since open, or skipped now (problems.ts). */
  get problems(): readonly StoreProblem[] {
    return this.issues.list();
  }

  /** Fires (coalesced) when `problems` changes, e.g. a refresh met a newer Baton's file. */
  readonly onDidChangeProblems = (listener: (problems: readonly StoreProblem[]) => void): Disposable => this.issues.onDidChange(listener);

  /**
   * A task's record. A task of a tree not loaded yet is loaded now (one small file read): every
   * task id works here, whether or not its tree was shown.
   */
  get(id: string): TaskRecord | undefined {
    const record = this.view.cache.task(id);
    if (record || this.closed) return record;
    const changes = noChanges();
    const rootId = this.view.rootOf(id, changes);
    if (rootId !== undefined && !this.view.cache.isLoaded(rootId)) this.loadQuietly(rootId, changes);
    this.emitLater(changes);
    return this.view.cache.task(id);
  }

  /** The records of the loaded trees (those open needed, and those loaded since). */
  list(): TaskRecord[] {
    return this.view.cache.list();
  }

  /** Fires when records of loaded trees change, and when tasks disappear (loaded or not). */
  readonly onDidChange = (listener: (e: StoreChange) => void): Disposable => this.emitter.event(listener);

  /** Fires (coalesced) when the catalog changed: a page or a search may list something else now. */
  readonly onDidChangeCatalog = (listener: () => void): Disposable => this.catalogEmitter.event(listener);

  /** Roots newest first, a page at a time, with what the sidebar shows of them before loading. */
  page(query: PageQuery = {}): RootPage {
    return this.view.catalog.page(query, (rootId) => this.view.cache.isHidden(rootId));
  }

  /** Tasks whose title and goal hold every word of `query.text`, over every tree, loaded or not. */
  search(query: SearchQuery): SearchResult {
    return this.view.catalog.search(query, (rootId) => this.view.cache.isHidden(rootId));
  }

  /** Every unfinished task (not completed or abandoned, or still leased), loaded or not. */
  openTasks(): TaskSummary[] {
    const out: TaskSummary[] = [];
    for (const entry of this.view.catalog.openEntries()) {
      if (this.view.cache.isHidden(entry.rootId)) continue;
      for (const task of entry.open) if (task.status !== 'completed' && task.status !== 'abandoned') out.push(task);
      const root = entry.open[0]!;
      if ((root.status === 'completed' || root.status === 'abandoned') && root.lease) out.push(root);
    }
    return out;
  }

  /** Loads a tree (reading its file when it is not loaded yet); its records, or undefined when there is no such tree. */
  load(rootId: string): Promise<TaskRecord[] | undefined> {
    return this.exclusive(async () => {
      const changes = noChanges();
      if (!this.view.cache.isLoaded(rootId)) this.loadQuietly(rootId, changes);
      this.emit(changes);
      return this.view.recordsOf(rootId);
    });
  }

  /** `get`, in the store's queue (after any commit in flight). */
  fetch(id: string): Promise<TaskRecord | undefined> {
    return this.exclusive(async () => this.get(id));
  }

  /** Resolves once background work started so far (catalog upkeep, checks) is done. For tests and benchmarks. */
  settled(): Promise<void> {
    return this.maintenance.settled();
  }

  /**
   * Applies one lifecycle command under the cross-process lock and writes the tree it touched.
   * Throws the lifecycle's `LifecycleError` on refusal; a no-op writes nothing. The result's
   * `tasks` are the records of that tree (`reconcile`: of the loaded trees). A command whose
   * meaning rests on its task's transcript (transcriptDependency.ts) first makes that
   * transcript durable.
   */
  commit(command: LifecycleCommand): Promise<TransitionOk> {
    this.maintenance.busy();
    const done = this.commitAny(command);
    done.then(
      () => this.maintenance.changed(),
      () => undefined,
    );
    return done;
  }

  private commitAny(command: LifecycleCommand): Promise<TransitionOk> {
    if (command.type === 'reconcile') return this.exclusive(() => this.reconcileNow(command.leaseTtlMs, command.now));
    const transcript = transcriptBehind(command);
    if (transcript === undefined) return this.exclusive(() => this.commitNow(command));
    // Durable before the commit that rests on it; synced outside the queue, so a Stop that
    // arrives meanwhile commits at once rather than after this fsync.
    if (this.closed) return Promise.reject(new StoreError('closed', 'The task store is closed.'));
    return this.journal.sync(transcript).then(() => this.exclusive(() => this.commitNow(command)));
  }

  /**
   * Interrupts, in every tree, the `active` tasks whose lease expired (and repairs parents whose
   * child is gone). Each tree is re-read under the lock before it is judged, so a task whose
   * lease another live window just renewed is never taken. Trees that may need it are always
   * loaded. `tasks` is a snapshot of the loaded trees.
   */
  reconcile(): Promise<TransitionOk> {
    return this.commit({ type: 'reconcile', leaseTtlMs: this.leaseTtlMs, now: this.now() });
  }

  /** Picks up trees other processes created, changed or deleted, and reports them. */
  refresh(): Promise<void> {
    return this.exclusive(() => this.refreshNow());
  }

  /** Refreshes automatically (debounced) when another process writes a tree. */
  watch(): Disposable {
    const watcher = watchTreeFiles(
      this.files.dir,
      this.deps.watchDebounceMs ?? 75,
      (names) => {
        if (this.closed) return;
        this.exclusive(() => this.refreshNow(names)).catch((error: unknown) => this.options.log?.('error', `Refreshing the task store failed: ${String(error)}`));
      },
      (level, msg) => this.options.log?.(level, msg),
    );
    const handle: Disposable = {
      dispose: () => {
        watcher.dispose();
        this.watchers.delete(handle);
      },
    };
    this.watchers.add(handle);
    return handle;
  }

  /** Waits for queued commits and background work, flushes transcripts and stops watching. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const watcher of [...this.watchers]) watcher.dispose();
    await this.maintenance.close();
    this.closed = true;
    await this.queue;
    this.lock.dispose();
    this.view.keeper.close();
    await this.journal.close();
    this.emitter.dispose();
    this.catalogEmitter.dispose();
    this.issues.dispose();
  }

  /**
   * Whether no other window may be appending to the task's transcript: the task is one this
   * store shows (not one of a skipped file, whose window is unknown) and no other live window
   * holds its lease.
   */
  private noOtherWindowRuns(taskId: string): boolean {
    const task = this.get(taskId);
    if (!task) return false;
    const lease = task.lease;
    return !lease || lease.ownerId === this.options.ownerId || !isLeaseLive(lease, this.now(), this.leaseTtlMs);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('closed', 'The task store is closed.'));
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private emit(change: StoreChange): void {
    if (change.changed.length > 0 || change.removed.length > 0) this.emitter.fire(change);
  }

  /** For changes found outside the queue (a `get` that loaded a tree): listeners never run inside the caller. */
  private emitLater(change: StoreChange): void {
    if (change.changed.length > 0 || change.removed.length > 0) queueMicrotask(() => this.emit(change));
  }

  private catalogChanged(): void {
    if (this.catalogPending) return;
    this.catalogPending = true;
    queueMicrotask(() => {
      this.catalogPending = false;
      this.catalogEmitter.fire();
    });
  }

  private folderStamp(): FileStamp | undefined {
    try {
      return this.files.folderStamp();
    } catch {
      return undefined;
    }
  }

  /** Loads a tree outside the lock; whatever cannot load is reported (problems), never thrown. */
  private loadQuietly(rootId: string, into: StoreChange): void {
    const invalid: BadTreeFile[] = [];
    try {
      this.view.loadNow(rootId, into, invalid);
    } catch (error) {
      this.options.log?.('warn', `Could not load task tree ${rootId}: ${String(error)}`);
    }
    // An invalid file is quarantined under the lock, as a refresh would.
    if (invalid.length > 0) void this.exclusive(() => this.cleanUp(invalid, [], noChanges())).catch(() => undefined);
  }

  // ---- open and clean-up ------------------------------------------------------------------

  /** Every tree file was read or checked at open (no background check needed). */
  private checkedAtOpen = false;

  private async openTrees(): Promise<void> {
    const ignored = noChanges();
    const folder = this.folderStamp();
    const opening = this.view.keeper.open(folder);
    if (!opening.usable) {
      this.options.log?.('info', `Reading every task tree file: ${opening.reason}.`);
      await this.upkeep.loadEveryTree(ignored);
      this.checkedAtOpen = true;
      return;
    }
    const catalog = this.view.catalog;
    this.view.registerKnownAtOpen(ignored);
    // Loaded now: trees reconciliation may change, the sidebar's first page, and files skipped last time (to report them again).
    const names = new Set<string>();
    for (const rootId of catalog.hotRoots()) names.add(treeFileName(rootId));
    for (const rootId of catalog.newestRoots(this.deps.openPage ?? 50)) names.add(treeFileName(rootId));
    for (const name of this.view.keeper.skippedAtSnapshot) names.add(name);
    const invalid: BadTreeFile[] = [];
    for (const name of names) this.view.read(name, 'load', ignored, invalid);
    if (this.files.skippedFiles().unreadable && !this.files.listing()) {
      // The folder itself cannot be read (reported as such): nothing loads, as without a catalog.
      for (const name of names) this.files.notSkipped(name);
      this.view.forgetAll();
      this.checkedAtOpen = true;
      return;
    }
    if (opening.exact) {
      // A crash while writing a catalog snapshot leaves its temp files: removed under the lock.
      if (invalid.length > 0 || this.view.keeper.hasTemps()) await this.cleanUp(invalid, [], ignored);
    } else {
      this.options.log?.('info', `Checking every task tree file against the task catalog: ${opening.reason}.`);
      await this.upkeep.checkEveryFile(ignored, invalid, false);
      this.checkedAtOpen = true;
    }
    this.reportConflicts();
  }

  /**
   * Under the lock (so no live writer owns them): removes temp files of interrupted writes and
   * quarantines bad tree files that are still bad when looked at again. Never throws: without
   * the lock, the files stay as they are (reported) and the next open tries again.
   */
  private async cleanUp(bad: readonly BadTreeFile[], temps: readonly string[], into: StoreChange): Promise<void> {
    let held;
    try {
      held = await this.lock.acquire();
    } catch (error) {
      this.options.log?.('warn', `Could not clean up the task folder now (${String(error)}); the next start tries again.`);
      for (const file of bad) this.files.setAside({ ...file, fault: 'unreadable', reason: `${file.reason} (not moved to quarantine: ${errorText(error)})` });
      return;
    }
    const changes = new LockedChanges();
    changes.before = this.folderStamp();
    try {
      this.cleanUpLocked(bad, temps, into, changes);
    } finally {
      this.view.record(changes);
      held.release();
    }
  }

  private cleanUpLocked(bad: readonly BadTreeFile[], temps: readonly string[], into: StoreChange, changes: LockedChanges): void {
    this.view.keeper.removeTemps();
    if (temps.length > 0) {
      this.files.removeTemps(temps);
      changes.folderChanged = true;
    }
    for (const { name } of bad) {
      const rootId = rootIdFromTreeFileName(name);
      const again = this.files.read(name, undefined, false);
      if (again.kind === 'gone') {
        this.files.notSkipped(name);
        this.view.drop(rootId, into);
        continue;
      }
      if (again.kind === 'tree') {
        this.files.notSkipped(name);
        this.view.adopt(again.tree, again.stamp, into, true);
        continue;
      }
      if (again.kind === 'same') continue;
      if (this.files.setAside(again.bad, again.stamp)) changes.folderChanged = true;
      this.view.drop(rootId, into);
    }
  }

  /** Lists the tree files that share a task id (treeCache.ts says why none of them loads). */
  private reportConflicts(): void {
    const cache = this.view.cache;
    const problems = conflictProblems(cache.conflicts(), (rootId) => this.files.pathOf(rootId), (rootId) => cache.idsOf(rootId)?.length ?? 0);
    if (this.issues.setConflicts(problems) && problems.length > 0) {
      this.options.log?.('warn', `Task tree files disagree: ${problems.map((p) => `${p.file} ${p.reason}`).join('; ')}.`);
    }
  }

  // ---- commit -----------------------------------------------------------------------------

  /** Holds the lock around `work`: other windows' log lines first, this window's after. */
  private async locked<T>(into: StoreChange, work: (changes: LockedChanges) => Promise<T>): Promise<T> {
    const held = await this.lock.acquire();
    const changes = new LockedChanges();
    try {
      const invalid: BadTreeFile[] = [];
      this.view.follow(into, invalid, () => this.folderStamp());
      changes.before = this.folderStamp();
      if (invalid.length > 0) this.cleanUpLocked(invalid, [], into, changes);
      return await work(changes);
    } finally {
      this.view.record(changes);
      held.release();
      this.reportConflicts();
      this.emit(into);
    }
  }

  private async commitNow(command: TreeCommand): Promise<TransitionOk> {
    const changes = noChanges();
    const rootId = this.treeOf(command, changes);
    if (rootId === undefined) {
      this.emit(changes);
      return NO_OP;
    }
    return this.locked(changes, async (locked) => {
      const tree = this.readLocked(rootId, changes, locked);
      const result = applyCommand(tree?.records ?? {}, command);
      if (!result.ok) throw result.error;
      if (result.changed.length === 0 && result.removed.length === 0) return result;
      const next = this.nextTree(rootId, tree, result);
      // Records are validated while the disk syncs the temp file: no latency, nothing renamed if invalid.
      const validate = () => this.validateChanged(rootId, result);
      if (next) {
        const written = await this.files.write([next], validate);
        locked.wrote(next, written.files.get(rootId), written.dir);
      } else {
        validate();
        locked.removed(rootId, await this.files.remove([rootId]));
      }
      this.view.cache.put(rootId, next, changes);
      if (result.removed.length > 0 && tree) this.artifactLinks.removeWith(tree, result.removed.map((id) => tree.records[id]!), next);
      return result;
    });
  }

  /** The tree a command acts on; undefined for deleting a task that no longer exists. */
  private treeOf(command: TreeCommand, into: StoreChange): string | undefined {
    if (command.type === 'createRoot') {
      const owner = this.view.holderOf(command.id, into);
      if (owner !== undefined && owner !== command.id) throw new LifecycleError('already_exists', `A task with id ${command.id} already exists.`, command.id);
      return command.id;
    }
    const id = commandTaskId(command)!;
    let rootId = this.view.rootOf(id, into);
    // Another window may have created it since this one last looked: its log line says so.
    if (rootId === undefined) {
      this.view.follow(into, [], () => this.folderStamp());
      rootId = this.view.rootOf(id, into);
    }
    if (rootId === undefined) {
      if (command.type === 'delete') return undefined;
      throw new LifecycleError('not_found', `No task with id ${id}.`, id);
    }
    if (command.type === 'delegate') {
      for (const { childId } of command.children) {
        const owner = this.view.holderOf(childId, into);
        if (owner !== undefined && owner !== rootId) throw new LifecycleError('already_exists', `A task with id ${childId} already exists.`, childId);
      }
    }
    return rootId;
  }

  /**
   * The tree as it is on disk now; the lock is held. Undefined when there is no such file (or
   * it was invalid and is now in quarantine). Throws when a file is there that this store must
   * not write over: unreadable, a newer Baton's, inconsistent, or in conflict with another.
   */
  private readLocked(rootId: string, into: StoreChange, locked: LockedChanges): CachedTree | undefined {
    const name = treeFileName(rootId);
    const cached = this.view.cache.decodedTree(rootId);
    const read = this.files.read(name, cached, false);
    let tree: CachedTree | undefined;
    if (read.kind === 'same') tree = cached;
    else if (read.kind === 'tree') {
      this.files.notSkipped(name);
      this.view.adopt(read.tree, read.stamp, into, true);
      tree = this.view.cache.decodedTree(rootId);
    } else if (read.kind === 'gone') {
      this.files.notSkipped(name);
      this.view.drop(rootId, into);
      return undefined;
    } else {
      // A read error may pass (the caller may retry); only a judged file is set aside.
      if (read.bad.fault === 'unreadable') throw read.error;
      const gone = this.files.setAside(read.bad);
      if (gone) locked.folderChanged = true;
      this.view.drop(rootId, into);
      if (gone) return undefined;
      throw new StoreError('unavailable', `Task tree file ${this.files.pathOf(rootId)} is left as it is and not changed: ${read.bad.reason}.`);
    }
    if (tree && this.view.cache.isHidden(rootId)) {
      throw new StoreError('unavailable', `Task tree file ${this.files.pathOf(rootId)} is left as it is and not changed: another tree file holds one of its tasks.`);
    }
    return tree;
  }

  /** The tree to write after a transition; undefined when the whole tree was deleted. */
  private nextTree(rootId: string, base: TaskTree | undefined, result: TransitionOk): TaskTree | undefined {
    const records = result.tasks;
    if (!records[rootId]) {
      if (Object.keys(records).length > 0) throw new StoreError('invalid_record', `Refusing to write tree ${rootId} without its root.`);
      return undefined;
    }
    return { rootId, revision: (base?.revision ?? 0) + 1, writer: randomId(10), records };
  }

  /**
   * Every record the transition changed must pass the schema and belong to this tree, and the
   * tree's links must stay inside it: never write a tree a later open would refuse.
   */
  private validateChanged(rootId: string, result: TransitionOk): void {
    const outside = linkOutside(result.tasks);
    if (outside) throw new StoreError('invalid_record', `Refusing to write tree ${rootId}: ${outside}.`);
    for (const id of result.changed) {
      const parsed = TaskRecord.safeParse(result.tasks[id]);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StoreError('invalid_record', `Refusing to write task ${id}: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}.`);
      }
      if (parsed.data.rootId !== rootId) throw new StoreError('invalid_record', `Refusing to write task ${id} of tree ${parsed.data.rootId} into tree ${rootId}.`);
    }
  }

  // ---- reconcile --------------------------------------------------------------------------

  private async reconcileNow(leaseTtlMs: number, now: number): Promise<TransitionOk> {
    const command = { type: 'reconcile', leaseTtlMs, now } as const;
    const merged: TransitionOk = { ok: true, tasks: {}, changed: [], removed: [], effects: [] };
    // Judge on the cached copy first; only trees that would change are re-read under the lock.
    const candidates = this.view.cache.allTrees().filter((tree) => {
      if (!mayNeedReconcile(tree.records)) return false;
      const trial = applyCommand(tree.records, command);
      return trial.ok && (trial.changed.length > 0 || trial.removed.length > 0);
    });
    if (candidates.length > 0) {
      const changes = noChanges();
      await this.locked(changes, async (locked) => {
        const writes: TaskTree[] = [];
        const deletes: string[] = [];
        for (const candidate of candidates) {
          let tree: CachedTree | undefined;
          try {
            tree = this.readLocked(candidate.rootId, changes, locked);
          } catch (error) {
            // A tree this store must not write over is simply not reconciled; I/O errors abort.
            if (!(error instanceof StoreError && error.code === 'unavailable')) throw error;
            continue;
          }
          const result = tree && this.reconcileTree(tree, command);
          if (!tree || !result) continue;
          const next = this.nextTree(tree.rootId, tree, result);
          if (next) writes.push(next);
          else deletes.push(tree.rootId);
          merged.changed.push(...result.changed);
          merged.removed.push(...result.removed);
          merged.effects.push(...result.effects);
        }
        const written = await this.files.write(writes);
        for (const tree of writes) locked.wrote(tree, written.files.get(tree.rootId), written.dir);
        const removedAt = await this.files.remove(deletes);
        for (const rootId of deletes) locked.removed(rootId, removedAt);
        for (const tree of writes) this.view.cache.put(tree.rootId, tree, changes);
        for (const rootId of deletes) this.view.cache.put(rootId, undefined, changes);
      });
    }
    return { ...merged, tasks: this.view.cache.snapshot() };
  }

  /** The lifecycle's reconcile of one fresh tree, validated; undefined when it changes nothing or fails. */
  private reconcileTree(tree: TaskTree, command: Extract<LifecycleCommand, { type: 'reconcile' }>): TransitionOk | undefined {
    const result = applyCommand(tree.records, command);
    if (!result.ok) {
      this.options.log?.('warn', `Reconciling tree ${tree.rootId} was refused: ${result.error.message}`);
      return undefined;
    }
    if (result.changed.length === 0 && result.removed.length === 0) return undefined;
    try {
      this.validateChanged(tree.rootId, result);
      return result;
    } catch (error) {
      this.options.log?.('error', `Reconciling tree ${tree.rootId} produced an invalid record: ${String(error)}`);
      return undefined;
    }
  }

  // ---- refresh ----------------------------------------------------------------------------

  /** Re-reads the named tree files (all of them by default) that changed on disk. */
  private async refreshNow(names?: readonly string[]): Promise<void> {
    const changes = noChanges();
    const invalid: BadTreeFile[] = [];
    try {
      // What other windows logged comes first: it explains most changes without reading them twice.
      this.view.follow(changes, invalid, () => this.folderStamp());
      if (names) for (const name of names) this.view.read(name, 'refresh', changes, invalid);
      else if ((await this.upkeep.sweep(changes, invalid, false)) === undefined) return;
      if (invalid.length > 0) await this.cleanUp(invalid, [], changes);
    } finally {
      this.reportConflicts();
      this.emit(changes);
    }
  }
}


function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
