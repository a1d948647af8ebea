/**
 * Keeping the catalog true to the tree files (taskStore.ts is its only user): the sweep that
 * checks every file against it (at open when it cannot vouch for them, in the background when
 * it can), vouching for it again afterwards, knowing every tree's task ids, and writing a new
 * snapshot once the log has grown.
 */
import { entryOf, fileVersionOf } from './catalog/treeEntry';
import type { FileStamp } from './fsPort';
import type { FileLock } from './lock';
import { treeFileName } from './paths';
import type { StoreView } from './storeView';
import { noChanges, type StoreChange } from './treeCache';
import type { TreeFiles } from './treeFiles';
import type { BadTreeFile } from './treeLoader';

/** What the upkeep needs of the store. */
export interface UpkeepHost {
  readonly view: StoreView;
  readonly files: TreeFiles;
  readonly lock: FileLock;
  /** Runs `work` in the store's queue (one read or write of trees at a time). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  folderStamp(): FileStamp | undefined;
  /** Under the lock: removes temp files, quarantines files still invalid. */
  cleanUp(bad: readonly BadTreeFile[], temps: readonly string[], into: StoreChange): Promise<void>;
  emit(change: StoreChange): void;
  reportConflicts(): void;
  isClosed(): boolean;
  /** Newest roots whose trees open loads (the sidebar's first page). */
  readonly openPage: number;
  log(level: 'info' | 'warn' | 'error', msg: string): void;
}

const SLICE = 256;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function sameFolder(a: FileStamp, b: FileStamp): boolean {
  return a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export class CatalogUpkeep {
  constructor(private readonly host: UpkeepHost) {}

  /**
   * No usable catalog (a store from before it existed, or one lost): reads every tree file, as
   * open always did, keeps the records of what open needs, and writes the catalog.
   */
  async loadEveryTree(ignored: StoreChange): Promise<void> {
    const { host } = this;
    const { view } = host;
    const before = host.folderStamp();
    view.keeper.startFromScan();
    const scan = await host.files.scan();
    const entries = [];
    for (const { tree, migratedFrom, stamp } of scan.trees) {
      if (migratedFrom !== undefined) host.log('info', `Migrated task tree ${tree.rootId} from schema version ${migratedFrom}.`);
      const entry = entryOf(tree, fileVersionOf(stamp));
      view.catalog.put(entry);
      entries.push({ entry, tree, stamp });
    }
    // Records stay loaded only where open needs them (as from a catalog); the rest are summaries.
    const keep = new Set(view.catalog.newestRoots(host.openPage));
    for (const { entry, tree, stamp } of entries) {
      if (entry.hot || keep.has(entry.rootId)) view.cache.put(entry.rootId, { ...tree, stamp }, ignored);
      else view.cache.register(entry.rootId, entry.ids, ignored);
    }
    view.markIdsComplete();
    const invalid = scan.bad.filter((bad) => bad.fault === 'invalid');
    for (const bad of scan.bad) if (bad.fault !== 'invalid') host.files.setAside(bad);
    if (invalid.length > 0 || scan.temps.length > 0) await host.cleanUp(invalid, scan.temps, ignored);
    host.reportConflicts();
    const after = host.folderStamp();
    if (before && after && sameFolder(before, after) && scan.unlisted === undefined) view.keeper.verified(before);
    // A folder that cannot be listed says nothing about which trees exist: the catalog stays as it is.
    if (scan.unlisted === undefined) await this.writeFirstCatalog(entries.length === 0 ? after : undefined);
  }

  /**
   * After a full read: an empty store just starts its log; any other writes its first
   * snapshot, so the next open reads the catalog. Never throws: without it, the next open
   * reads every file again.
   */
  private async writeFirstCatalog(emptyFolder: FileStamp | undefined): Promise<void> {
    const { host } = this;
    try {
      if (emptyFolder && host.view.keeper.exactFor) {
        const held = await host.lock.acquire();
        try {
          host.view.keeper.beginEmpty(emptyFolder);
        } finally {
          held.release();
        }
        return;
      }
      await this.compactNow(true);
    } catch (error) {
      host.log('warn', `Could not write the task catalog (${String(error)}); the next start reads every task file again.`);
    }
  }

  /**
   * The sweep, then what it found cleaned up, and — when nothing changed the folder meanwhile —
   * the catalog vouched for again: by a new snapshot when the sweep corrected it, else by one
   * log line. In the background, each step runs in the store's queue.
   */
  async checkEveryFile(into: StoreChange, invalid: BadTreeFile[], background: boolean): Promise<void> {
    const { host } = this;
    const before = host.folderStamp();
    const temps = await this.sweep(into, invalid, background);
    if (temps === undefined) return;
    const after = host.folderStamp();
    if (before && after && sameFolder(before, after)) host.view.keeper.verified(before);
    if (invalid.length > 0 || temps.length > 0) await (background ? host.exclusive(() => host.cleanUp(invalid, temps, into)) : host.cleanUp(invalid, temps, into));
    if (host.view.keeper.exactFor === null) return;
    try {
      if (host.view.keeper.hasUnexplained) await this.compactNow(!background);
      else await this.vouchNow(!background);
    } catch (error) {
      host.log('warn', `Could not update the task catalog (${String(error)}); the next start checks every task file again.`);
    }
  }

  /**
   * Checks every tree file against the catalog (its stamp, else its header, else its bytes),
   * reads new ones and forgets vanished ones. Returns the temp files found (for `cleanUp`), or
   * undefined when the folder could not be listed. In the background, each slice runs in the
   * store's queue, so a commit never waits for more than one slice.
   */
  async sweep(into: StoreChange, invalid: BadTreeFile[], background: boolean): Promise<string[] | undefined> {
    const { host } = this;
    const run = <T>(work: () => T): Promise<T> => (background ? host.exclusive(async () => work()) : Promise.resolve(work()));
    const listing = await run(() => {
      host.view.follow(into, invalid, () => host.folderStamp());
      host.view.completeIds(into);
      return host.files.listing();
    });
    if (!listing) return undefined;
    for (let i = 0; i < listing.trees.length; i += SLICE) {
      if (i > 0) await nextTurn();
      await run(() => {
        for (const name of listing.trees.slice(i, i + SLICE)) host.view.read(name, 'verify', into, invalid);
      });
      if (background) this.emitCollected(into);
    }
    await run(() => {
      const present = new Set(listing.trees);
      for (const name of host.files.skippedNames()) if (!present.has(name)) host.files.notSkipped(name);
      for (const rootId of host.view.cache.knownRoots()) if (!present.has(treeFileName(rootId))) host.view.drop(rootId, into);
    });
    return listing.temps;
  }

  /** Background: every tree file checked against the catalog (a file changed in place is found here). */
  async verify(): Promise<void> {
    const changes = noChanges();
    const invalid: BadTreeFile[] = [];
    try {
      await this.checkEveryFile(changes, invalid, true);
    } finally {
      this.emitCollected(changes);
    }
  }

  /** Background: every tree known to the cache by its ids (conflicts found, lookups complete). */
  async completeIds(): Promise<void> {
    const { host } = this;
    await host.exclusive(async () => {
      const changes = noChanges();
      host.view.completeIds(changes);
      host.reportConflicts();
      host.emit(changes);
    });
  }

  /** Background: writes a new catalog snapshot (the log restarts after it). */
  async compact(): Promise<void> {
    if (this.host.isClosed()) return;
    await this.compactNow(false);
  }

  /**
   * Writes the catalog in memory as a new snapshot (outside the lock: it may be large), then
   * installs it under the lock. `inQueue`: already running in the store's queue (at open).
   */
  async compactNow(inQueue: boolean): Promise<void> {
    const { host } = this;
    const keeper = host.view.keeper;
    const conflicts = new Set(host.view.cache.conflicts().flatMap((c) => c.rootIds));
    const composed = keeper.compose(keeper.label, host.files.skippedNames(), [...conflicts]);
    const staged = await keeper.stage(composed);
    let installed = false;
    const install = async () => {
      const held = await host.lock.acquire();
      const changes = noChanges();
      try {
        host.view.follow(changes, [], () => host.folderStamp());
        installed = await keeper.install(composed, staged);
        keeper.removeTemps();
      } finally {
        held.release();
        host.emit(changes);
      }
    };
    try {
      await (inQueue ? install() : host.exclusive(install));
    } finally {
      if (!installed) keeper.discard(staged);
    }
  }

  /** Under the lock: one log line saying the catalog is exact for the folder as it is (nothing to correct). */
  private async vouchNow(inQueue: boolean): Promise<void> {
    const { host } = this;
    const work = async () => {
      const held = await host.lock.acquire();
      try {
        host.view.follow(noChanges(), [], () => host.folderStamp());
        const now = host.folderStamp();
        if (now) host.view.keeper.vouch(now);
      } finally {
        held.release();
      }
    };
    await (inQueue ? work() : host.exclusive(work));
  }

  /** Emits what a background slice found, and starts collecting afresh. */
  private emitCollected(into: StoreChange): void {
    this.host.reportConflicts();
    this.host.emit({ changed: into.changed.splice(0), removed: into.removed.splice(0) });
  }
}
