/**
 * Artifacts and the trees that name them, for the store: deleted tasks take theirs along, and
 * those nothing names any more are collected at open (artifactRefs.ts says how carefully). With
 * most trees not loaded, what names an artifact is read from the catalog: the loaded trees'
 * records, the entries changed since the snapshot, and the counts the snapshot keeps.
 */
import type { TaskRecord } from '../../shared/task';
import { artifactsGoingWith, artifactsNamedBy, collectOrphans } from './artifactRefs';
import type { ArtifactStore } from './artifactStore';
import type { FsPort } from './fsPort';
import type { Quarantine } from './quarantine';
import type { StoreView } from './storeView';
import type { TaskTree } from './treeFile';
import type { TreeFiles } from './treeFiles';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export class StoreArtifacts {
  constructor(
    private readonly fs: FsPort,
    /** The artifacts folder. */
    private readonly dir: string,
    private readonly store: ArtifactStore,
    private readonly view: StoreView,
    private readonly files: TreeFiles,
    private readonly quarantine: Quarantine,
    private readonly log: Log,
  ) {}

  /**
   * Deleted tasks take their artifacts with them, unless a record still names one (a parent's
   * inbox holds a deleted child's result, artifact and all, until the parent goes too). Best
   * effort, after the commit is durable: what a crash leaves is collected at a later open.
   */
  removeWith(tree: TaskTree, removed: readonly TaskRecord[], remaining: TaskTree | undefined): void {
    if (removed.every((r) => !r.result?.artifact && r.inbox.length === 0)) return;
    const named = this.named({ rootId: tree.rootId, createdAt: tree.records[tree.rootId]!.createdAt });
    for (const handle of artifactsGoingWith(removed, named, remaining ? JSON.stringify(remaining.records) : '')) {
      this.store.remove(handle).catch((error: unknown) => this.log('warn', `Could not remove artifact ${handle} of a deleted task: ${String(error)}`));
    }
  }

  /** At open: artifacts nothing names any more. */
  collectOrphans(): void {
    const skipped = this.files.skippedFiles();
    let quarantined: string[] = [];
    let unsafe = skipped.unreadable ? 'a task file that may name them cannot be read' : undefined;
    try {
      quarantined = this.quarantine.contents().filter((file) => !file.endsWith('.dropped'));
    } catch (error) {
      unsafe ??= `the quarantine folder cannot be listed (${String(error)})`;
    }
    collectOrphans({
      fs: this.fs,
      dir: this.dir,
      named: () => this.named(),
      texts: () => this.everyRecordText(),
      otherFiles: [...skipped.readable, ...quarantined],
      ...(unsafe !== undefined && { unsafe }),
      now: Date.now(),
      log: this.log,
    });
  }

  /**
   * Every artifact handle a record of any known tree names: the loaded trees' records, the
   * catalog's entries in memory, and what its snapshot says the others name.
   */
  private named(committing?: { rootId: string; createdAt: number }): Set<string> {
    const cache = this.view.cache;
    const named = artifactsNamedBy(cache.decodedRoots().flatMap((rootId) => Object.values(cache.decodedTree(rootId)!.records)));
    // What the snapshot's trees name, but for the tree being committed (a superset once other trees changed: that only keeps more).
    const before = committing && this.view.catalog.snapshotEntry(committing);
    for (const [handle, trees] of Object.entries(this.view.keeper.snapshotArtifacts)) {
      if (trees - (before?.artifacts.includes(handle) ? 1 : 0) > 0) named.add(handle);
    }
    for (const entry of this.view.catalog.changedEntries()) {
      // A loaded tree's records (above) are newer than its entry, and so is the tree being committed.
      if (!cache.isLoaded(entry.rootId) && entry.rootId !== committing?.rootId) for (const handle of entry.artifacts) named.add(handle);
    }
    return named;
  }

  /** The text of every record of every tree (loaded or read now): only when an old unnamed artifact must be searched for. */
  private *everyRecordText(): Generator<string> {
    for (const rootId of this.view.cache.decodedRoots()) yield JSON.stringify(this.view.cache.decodedTree(rootId)!.records);
    for (const entry of this.view.catalog.all()) {
      if (this.view.cache.isLoaded(entry.rootId)) continue;
      try {
        yield this.fs.readFileSync(this.files.pathOf(entry.rootId)).toString('utf8');
      } catch {
        // Gone or unreadable meanwhile: it names nothing a later open cannot find.
      }
    }
  }
}
