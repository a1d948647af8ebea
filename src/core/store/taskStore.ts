/**
 * The durable task store: the only writer of task records.
 *
 * Layout under the store directory: `tasks/<rootId>.json` (one file per task tree: treeFile.ts,
 * atomicFile.ts), `transcripts/<taskId>.jsonl`, `artifacts/<handle>`, `quarantine/` (files that
 * failed to load) and `store.lock` (lock.ts).
 *
 * Opening never fails on a bad entry: whatever cannot load is quarantined or skipped as
 * problems.ts says, listed in `problems`, and everything else loads.
 *
 * A commit resolves the command to one tree, takes the cross-process lock, re-reads that tree
 * if another process wrote it since this one last did (the revision + writer stamp in the file
 * header is the compare-and-swap: a commit is always applied to what is on disk, never to a
 * stale copy), applies the lifecycle, validates every changed record and replaces the file.
 */
import * as nodePath from 'node:path';
import { isLeaseLive, TaskRecord } from '../../shared/task';
import { applyCommand, commandTaskId, LifecycleError, type LifecycleCommand, type TransitionOk } from '../lifecycle';
import { artifactsGoingWith, collectOrphans } from './artifactRefs';
import { FileArtifactStore, type ArtifactStore } from './artifactStore';
import { StoreError } from './errors';
import { Emitter, type Disposable } from './events';
import { nodeFs, type FsPort } from './fsPort';
import { randomId } from './ids';
import { FileLock, type FileLockOptions } from './lock';
import { MIGRATIONS, type MigrationTable } from './migrations';
import { rootIdFromTreeFileName, storeLayout, treeFileName, type StoreLayout } from './paths';
import { conflictProblems, StoreProblems, type StoreProblem } from './problems';
import { Quarantine, type QuarantineEntry } from './quarantine';
import { mayNeedReconcile } from './reconcileScope';
import { ensureFolders, syncNewFolders } from './storeFolders';
import { noChanges, TreeCache, type CachedTree, type StoreChange } from './treeCache';
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
}

type TreeCommand = Exclude<LifecycleCommand, { type: 'reconcile' }>;

const NO_OP: TransitionOk = { ok: true, tasks: {}, changed: [], removed: [], effects: [] };

export class TaskStore {
  readonly transcripts: TranscriptJournal;
  readonly artifacts: ArtifactStore;
  private readonly journal: FileTranscriptJournal;
  private readonly files: TreeFiles;
  private readonly cache = new TreeCache();
  private readonly lock: FileLock;
  private readonly quarantine: Quarantine;
  private readonly issues: StoreProblems;
  /** Folders the constructor created, whose names must be made durable. */
  private readonly newFolders: string[];
  private readonly emitter: Emitter<StoreChange>;
  private readonly watchers = new Set<Disposable>();
  private readonly leaseTtlMs: number;
  private readonly now: () => number;
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
    const setAside = (file: string, reason: string) => void this.quarantine.move(file, reason);
    this.lock = new FileLock({ ...deps.lock, fs, path: layout.lock, ownerId: options.ownerId, log, setAside });
    this.emitter = new Emitter(listenerFailed);
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
  }

  /**
   * Loads every tree that can be loaded; quarantines or skips the rest (problems.ts) and lists
   * them in `problems`. Throws only when the store folder itself cannot be created. Does not
   * reconcile.
   */
  static async open(dir: string, options: StoreOptions, deps: StoreDeps = {}): Promise<TaskStore> {
    const fs = deps.fs ?? nodeFs;
    const store = new TaskStore(nodePath.resolve(dir), fs, options, deps);
    await syncNewFolders(fs, store.newFolders, (level, msg) => options.log?.(level, msg));
    store.lock.sweepOwnFiles();
    await store.load();
    store.collectOrphanArtifacts();
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

  get(id: string): TaskRecord | undefined {
    return this.cache.task(id);
  }

  list(): TaskRecord[] {
    return this.cache.list();
  }

  readonly onDidChange = (listener: (e: StoreChange) => void): Disposable => this.emitter.event(listener);

  /**
   * Applies one lifecycle command under the cross-process lock and writes the tree it touched.
   * Throws the lifecycle's `LifecycleError` on refusal; a no-op writes nothing. The result's
   * `tasks` are the records of that tree (`reconcile`: of the whole store). A command whose
   * meaning rests on its task's transcript (transcriptDependency.ts) first makes that
   * transcript durable.
   */
  commit(command: LifecycleCommand): Promise<TransitionOk> {
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
   * lease another live window just renewed is never taken. `tasks` is a snapshot of the store.
   */
  reconcile(): Promise<TransitionOk> {
    return this.exclusive(() => this.reconcileNow(this.leaseTtlMs, this.now()));
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

  /** Waits for queued commits, flushes transcripts and stops watching. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of [...this.watchers]) watcher.dispose();
    await this.queue;
    this.lock.dispose();
    await this.journal.close();
    this.emitter.dispose();
    this.issues.dispose();
  }

  /**
   * Whether no other window may be appending to the task's transcript: the task is one this
   * store shows (not one of a skipped file, whose window is unknown) and no other live window
   * holds its lease.
   */
  private noOtherWindowRuns(taskId: string): boolean {
    const task = this.cache.task(taskId);
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

  // ---- open and clean-up ------------------------------------------------------------------

  private async load(): Promise<void> {
    const scan = await this.files.scan();
    const ignored = noChanges();
    for (const { tree, migratedFrom } of scan.trees) {
      if (migratedFrom !== undefined) this.options.log?.('info', `Migrated task tree ${tree.rootId} from schema version ${migratedFrom}.`);
      this.cache.put(tree.rootId, tree, ignored);
    }
    const invalid = scan.bad.filter((bad) => bad.fault === 'invalid');
    for (const bad of scan.bad) if (bad.fault !== 'invalid') this.files.setAside(bad);
    if (invalid.length > 0 || scan.temps.length > 0) await this.cleanUp(invalid, scan.temps, ignored);
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
    try {
      this.files.removeTemps(temps);
      for (const { name } of bad) {
        const rootId = rootIdFromTreeFileName(name);
        const again = this.files.read(name, undefined, false);
        if (again.kind === 'gone') {
          this.files.notSkipped(name);
          if (this.cache.decodedTree(rootId)) this.cache.put(rootId, undefined, into);
          continue;
        }
        if (again.kind === 'tree') {
          this.files.notSkipped(name);
          this.cache.put(rootId, again.tree, into);
          continue;
        }
        if (again.kind === 'same') continue;
        this.files.setAside(again.bad, again.stamp);
        if (this.cache.decodedTree(rootId)) this.cache.put(rootId, undefined, into);
      }
    } finally {
      held.release();
    }
  }

  /** Lists the tree files that share a task id (treeCache.ts says why none of them loads). */
  private reportConflicts(): void {
    const problems = conflictProblems(this.cache.conflicts(), (rootId) => this.files.pathOf(rootId), (rootId) => Object.keys(this.cache.decodedTree(rootId)?.records ?? {}).length);
    if (this.issues.setConflicts(problems) && problems.length > 0) {
      this.options.log?.('warn', `Task tree files disagree: ${problems.map((p) => `${p.file} ${p.reason}`).join('; ')}.`);
    }
  }

  // ---- commit -----------------------------------------------------------------------------

  private async commitNow(command: TreeCommand): Promise<TransitionOk> {
    const rootId = await this.treeOf(command);
    if (rootId === undefined) return NO_OP;
    const changes = noChanges();
    const held = await this.lock.acquire();
    try {
      const tree = this.readLocked(rootId, changes);
      const result = applyCommand(tree?.records ?? {}, command);
      if (!result.ok) throw result.error;
      if (result.changed.length === 0 && result.removed.length === 0) return result;
      const next = this.nextTree(rootId, tree, result);
      // Records are validated while the disk syncs the temp file: no latency, nothing renamed if invalid.
      const validate = () => this.validateChanged(rootId, result);
      if (next) await this.files.write([next], validate);
      else {
        validate();
        await this.files.remove([rootId]);
      }
      this.cache.put(rootId, next, changes);
      if (result.removed.length > 0 && tree) this.removeArtifactsOf(result.removed.map((id) => tree.records[id]!), next);
      return result;
    } finally {
      held.release();
      this.reportConflicts();
      this.emit(changes);
    }
  }

  /**
   * Deleted tasks take their artifacts with them, unless a record still names one (a parent's
   * inbox holds a deleted child's result, artifact and all, until the parent goes too). Best
   * effort, after the commit is durable: what a crash leaves is collected at a later open.
   */
  private removeArtifactsOf(removed: readonly TaskRecord[], remaining: TaskTree | undefined): void {
    if (removed.every((r) => !r.result?.artifact && r.inbox.length === 0)) return;
    const everyRecord = this.cache.decodedRoots().flatMap((rootId) => Object.values(this.cache.decodedTree(rootId)!.records));
    for (const handle of artifactsGoingWith(removed, everyRecord, remaining ? JSON.stringify(remaining.records) : '')) {
      this.artifacts.remove(handle).catch((error: unknown) => this.options.log?.('warn', `Could not remove artifact ${handle} of a deleted task: ${String(error)}`));
    }
  }

  /** At open: artifacts nothing names any more (artifactRefs.ts says how carefully). */
  private collectOrphanArtifacts(): void {
    const skipped = this.files.skippedFiles();
    let quarantined: string[] = [];
    let unsafe = skipped.unreadable ? 'a task file that may name them cannot be read' : undefined;
    try {
      quarantined = this.quarantine.contents().filter((file) => !file.endsWith('.dropped'));
    } catch (error) {
      unsafe ??= `the quarantine folder cannot be listed (${String(error)})`;
    }
    const decoded = () => this.cache.decodedRoots().flatMap((rootId) => Object.values(this.cache.decodedTree(rootId)!.records));
    collectOrphans({
      fs: this.fs,
      dir: this.layout.artifacts,
      records: decoded,
      otherFiles: [...skipped.readable, ...quarantined],
      ...(unsafe !== undefined && { unsafe }),
      now: Date.now(),
      log: (level, msg) => this.options.log?.(level, msg),
    });
  }

  /** The tree a command acts on; undefined for deleting a task that no longer exists. */
  private async treeOf(command: TreeCommand): Promise<string | undefined> {
    if (command.type === 'createRoot') {
      const owner = this.cache.holderOf(command.id);
      if (owner !== undefined && owner !== command.id) throw new LifecycleError('already_exists', `A task with id ${command.id} already exists.`, command.id);
      return command.id;
    }
    const id = commandTaskId(command)!;
    let rootId = this.cache.rootOf(id);
    // Another window may have created it since this one last looked.
    if (rootId === undefined) {
      await this.refreshNow();
      rootId = this.cache.rootOf(id);
    }
    if (rootId === undefined) {
      if (command.type === 'delete') return undefined;
      throw new LifecycleError('not_found', `No task with id ${id}.`, id);
    }
    if (command.type === 'delegate') {
      for (const { childId } of command.children) {
        const owner = this.cache.holderOf(childId);
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
  private readLocked(rootId: string, into: StoreChange): CachedTree | undefined {
    const name = treeFileName(rootId);
    const cached = this.cache.decodedTree(rootId);
    const read = this.files.read(name, cached, false);
    let tree: CachedTree | undefined;
    if (read.kind === 'same') tree = cached;
    else if (read.kind === 'tree') {
      this.files.notSkipped(name);
      this.cache.put(rootId, read.tree, into);
      tree = read.tree;
    } else if (read.kind === 'gone') {
      this.files.notSkipped(name);
      if (cached) this.cache.put(rootId, undefined, into);
      return undefined;
    } else {
      // A read error may pass (the caller may retry); only a judged file is set aside.
      if (read.bad.fault === 'unreadable') throw read.error;
      const gone = this.files.setAside(read.bad);
      if (cached) this.cache.put(rootId, undefined, into);
      if (gone) return undefined;
      throw new StoreError('unavailable', `Task tree file ${this.files.pathOf(rootId)} is left as it is and not changed: ${read.bad.reason}.`);
    }
    if (tree && this.cache.isHidden(rootId)) {
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
    const candidates = this.cache.allTrees().filter((tree) => {
      if (!mayNeedReconcile(tree.records)) return false;
      const trial = applyCommand(tree.records, command);
      return trial.ok && (trial.changed.length > 0 || trial.removed.length > 0);
    });
    const changes = noChanges();
    if (candidates.length > 0) {
      const held = await this.lock.acquire();
      try {
        const writes: TaskTree[] = [];
        const deletes: string[] = [];
        for (const candidate of candidates) {
          let tree: CachedTree | undefined;
          try {
            tree = this.readLocked(candidate.rootId, changes);
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
        await this.files.write(writes);
        await this.files.remove(deletes);
        for (const tree of writes) this.cache.put(tree.rootId, tree, changes);
        for (const rootId of deletes) this.cache.put(rootId, undefined, changes);
      } finally {
        held.release();
        this.reportConflicts();
        this.emit(changes);
      }
    }
    return { ...merged, tasks: this.cache.snapshot() };
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
    // A folder that cannot be listed says nothing about which trees are gone: keep them.
    const listed = names ?? this.files.names();
    if (listed === undefined) return;
    for (const name of listed) this.refreshTree(name, changes, invalid);
    if (!names) {
      const present = new Set(listed);
      for (const name of this.files.skippedNames()) if (!present.has(name)) this.files.notSkipped(name);
      for (const rootId of this.cache.decodedRoots()) if (!present.has(treeFileName(rootId))) this.cache.put(rootId, undefined, changes);
    }
    try {
      if (invalid.length > 0) await this.cleanUp(invalid, [], changes);
    } finally {
      this.reportConflicts();
      this.emit(changes);
    }
  }

  private refreshTree(name: string, into: StoreChange, invalid: BadTreeFile[]): void {
    const rootId = rootIdFromTreeFileName(name);
    const cached = this.cache.decodedTree(rootId);
    const read = this.files.read(name, cached, true);
    if (read.kind === 'same') {
      if (cached) cached.stamp = read.stamp;
      this.files.notSkipped(name);
    } else if (read.kind === 'gone') {
      this.files.notSkipped(name);
      if (cached) this.cache.put(rootId, undefined, into);
    } else if (read.kind === 'bad') {
      if (read.bad.fault === 'invalid') invalid.push(read.bad);
      else {
        this.files.setAside(read.bad, read.stamp);
        // A newer Baton's or an inconsistent file replaced the tree: this window no longer has it.
        // One that cannot be read now keeps the last version this window saw.
        if (cached && read.bad.fault !== 'unreadable') this.cache.put(rootId, undefined, into);
      }
    } else {
      this.files.notSkipped(name);
      this.cache.put(rootId, { ...read.tree, stamp: read.stamp }, into);
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
