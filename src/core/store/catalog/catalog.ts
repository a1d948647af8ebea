/**
 * The catalog in memory: one entry per tree file (treeEntry.ts), whether or not its records are
 * loaded. It is a snapshot (catalogFormat.ts) plus the changes since it, which come from this
 * window's commits and refreshes and from the log other windows append to.
 *
 * What open costs is bounded by what is unfinished, not by the history: of the snapshot, open
 * parses only the "open" section (trees with something unfinished); the body, one line per
 * finished tree, is kept as bytes and parsed a line at a time when the sidebar pages through
 * it or a search lists it, or all of it when something needs every tree (the verification
 * sweep, a task id no loaded tree holds, a new snapshot). The search text lives in its own
 * file, read on the first search.
 */
import type { SnapshotHandle } from './catalogFiles';
import type { StoredEntry } from './catalogFormat';
import { EntryLines } from './entryLines';
import { queryWords, scanSearchLines, textMatches } from './catalogSearch';
import { isOpenTree, newestFirst, type FileVersion, type TaskSummary, type TreeEntry } from './treeEntry';

/** A root as the sidebar lists it before (or without) loading its tree. */
export interface RootListing {
  root: TaskSummary;
  /** Tasks in the tree, the root included. */
  taskCount: number;
  /** Its tasks that are not finished, other than the root (running, waiting, stopped, failed…). */
  open: TaskSummary[];
}

/** Where a page ends: the last root it listed. */
export interface PageCursor {
  createdAt: number;
  rootId: string;
}

export interface RootPage {
  roots: RootListing[];
  /** Pass as `after` for the next page; null when this was the last. */
  next: PageCursor | null;
}

export interface PageQuery {
  after?: PageCursor | null;
  /** Roots per page (default 50). */
  limit?: number;
  /**
   * Only roots of these workspace folders (null: tasks of no folder), as the sidebar filters
   * by default; all roots when absent.
   */
  workspaces?: readonly (string | null)[];
}

export interface SearchQuery {
  /** Words, all of which a task's title or goal must hold (case-insensitive). */
  text: string;
  workspaces?: readonly (string | null)[];
  /** Most roots listed (default 200); `truncated` says when more matched. */
  limit?: number;
}

export interface SearchResult {
  /** Roots holding a matching task, newest first. */
  roots: RootListing[];
  /** The matching task ids of each listed root. */
  matches: Record<string, string[]>;
  /** More roots matched than `limit` (the search stopped there). */
  truncated: boolean;
}

/** An entry of the snapshot or one changed since. */
export type CatalogEntry = StoredEntry | TreeEntry;

type Key = { createdAt: number; rootId: string };

export class Catalog {
  /** Changes since the snapshot: an entry, or null for a tree that is gone. */
  private readonly live = new Map<string, TreeEntry | null>();
  private liveOrder: TreeEntry[] | undefined;
  /** The snapshot's sections: the open one read whole at open, the body a prefix until more is needed. */
  private readonly opened: EntryLines;
  private readonly body: EntryLines;
  private readonly fileOverrides = new Map<string, FileVersion>();

  constructor(
    readonly snapshot: SnapshotHandle | undefined,
    /** The body failed its check: whatever it said is unknown now (the store checks every file). */
    private readonly onDamage: () => void = () => undefined,
  ) {
    // The open section: known at open by its index; its lines are read when something asks for an entry.
    this.opened = snapshot
      ? new EntryLines(Buffer.alloc(0), snapshot.start.header.openBytes === 0, () => {
          const whole = this.snapshot?.open();
          if (!whole) this.onDamage();
          return whole;
        }, snapshot.start.openIndex)
      : new EntryLines(Buffer.alloc(0), true);
    const bodyBytes = snapshot?.start.header.bodyBytes ?? 0;
    const prefix = snapshot && bodyBytes > 0 ? snapshot.bodyPrefix(FIRST_PAGE_BYTES) : Buffer.alloc(0);
    this.body = new EntryLines(prefix, prefix.length >= bodyBytes && !snapshot, () => {
      const whole = this.snapshot?.body();
      if (!whole && bodyBytes > 0) this.onDamage();
      return whole;
    });
    // A body that fits in the prefix is checked at once.
    if (snapshot && prefix.length >= bodyBytes) this.body.ensureWhole();
  }

  /** The current entry of a tree, or undefined when the catalog holds none. */
  entry(rootId: string): CatalogEntry | undefined {
    const live = this.live.get(rootId);
    if (live !== undefined) return live ?? undefined;
    const k = this.opened.indexOf(rootId);
    if (k !== undefined) return this.opened.entryAt(k);
    const b = this.body.indexOf(rootId);
    return b === undefined ? undefined : this.body.entryAt(b);
  }

  /** The entry of a root whose creation time is known (a binary search, no index of the whole body). */
  entryAt(key: Key): CatalogEntry | undefined {
    const live = this.live.get(key.rootId);
    if (live !== undefined) return live ?? undefined;
    const k = this.opened.indexOf(key.rootId);
    if (k !== undefined) return this.opened.entryAt(k);
    const b = this.body.find(key);
    return b === undefined ? undefined : this.body.entryAt(b);
  }

  /** The version of the tree file the catalog describes (revision and writer), read as cheaply as it can be. */
  versionOf(rootId: string): { revision: number; writer: string } | undefined {
    const live = this.live.get(rootId);
    if (live !== undefined) return live ?? undefined;
    const k = this.opened.indexOf(rootId);
    if (k !== undefined) return this.opened.keyAt(k)?.version ?? this.opened.entryAt(k);
    const b = this.body.indexOf(rootId);
    return b === undefined ? undefined : this.body.entryAt(b);
  }

  /** The entry, only if it is changed since the snapshot (so in memory already). */
  entryInMemory(rootId: string): CatalogEntry | null | undefined {
    return this.live.get(rootId);
  }

  put(entry: TreeEntry): void {
    this.live.set(entry.rootId, entry);
    this.fileOverrides.delete(entry.rootId);
    this.liveOrder = undefined;
    this.openCache = undefined;
  }

  remove(rootId: string): void {
    this.live.set(rootId, null);
    this.fileOverrides.delete(rootId);
    this.liveOrder = undefined;
    this.openCache = undefined;
  }

  /** The tree's file changed but not its content (same revision and writer): remember the new stamp only. */
  setFile(rootId: string, file: FileVersion): void {
    this.fileOverrides.set(rootId, file);
  }

  /** The version of the tree's file the catalog last saw. */
  fileOf(rootId: string, entry: CatalogEntry): FileVersion | undefined {
    return this.fileOverrides.get(rootId) ?? entry.file;
  }

  /** Trees changed since the snapshot. */
  get changes(): number {
    return this.live.size;
  }

  /** Roots of the trees reconciliation may change (always loaded): from the open section's keys, without parsing it. */
  hotRoots(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.opened.length; k++) {
      const key = this.opened.hotAt(k);
      if (key?.hot && !this.live.has(key.rootId)) out.push(key.rootId);
    }
    for (const entry of this.live.values()) if (entry?.hot) out.push(entry.rootId);
    return out;
  }

  private openCache: CatalogEntry[] | undefined;

  /** Entries with something unfinished (or that reconcile may change): the open section (parsed once) and the changes. */
  openEntries(): readonly CatalogEntry[] {
    if (this.openCache) return this.openCache;
    const out: CatalogEntry[] = [];
    for (let k = 0; k < this.opened.length; k++) {
      const key = this.opened.keyAt(k);
      if (!key || this.live.has(key.rootId)) continue;
      const entry = this.opened.entryAt(k);
      if (entry) out.push(entry);
    }
    for (const entry of this.live.values()) if (entry && isOpenTree(entry)) out.push(entry);
    this.openCache = out;
    return out;
  }

  /** Entries changed since the snapshot (in memory, with their search text). */
  *changedEntries(): Generator<TreeEntry> {
    for (const entry of this.live.values()) if (entry) yield entry;
  }

  /** Every entry, newest root first; parses the whole snapshot. */
  *all(): Generator<CatalogEntry> {
    yield* this.newestFirst(null);
  }

  /** Every artifact handle the snapshot's entries name, with how many trees name each. */
  get snapshotArtifacts(): Readonly<Record<string, number>> {
    return this.snapshot?.start.header.artifacts ?? {};
  }

  /** The entry of a tree as the snapshot holds it (whatever changed since). */
  snapshotEntry(key: Key): StoredEntry | undefined {
    const k = this.opened.indexOf(key.rootId);
    if (k !== undefined) return this.opened.entryAt(k);
    const b = this.body.find(key);
    return b === undefined ? undefined : this.body.entryAt(b);
  }

  /** Roots the snapshot recorded in conflict (their ids are registered at open). */
  get snapshotConflicts(): readonly string[] {
    return this.snapshot?.start.header.conflicts ?? [];
  }

  /** The ids of the `limit` newest roots (the sidebar's first page), from keys alone: nothing is parsed. */
  newestRoots(limit: number): string[] {
    const out: string[] = [];
    const live = this.sortedLive();
    let i = 0;
    let j = 0;
    let k = 0;
    const keyOf = (lines: EntryLines, at: number) => {
      for (; lines.has(at); at++) {
        const key = lines.keyAt(at);
        if (key && !this.live.has(key.rootId)) return { key, at };
      }
      return undefined;
    };
    while (out.length < limit) {
      const a = keyOf(this.opened, i);
      const c = keyOf(this.body, k);
      const b = live[j];
      let best: Key | undefined = a?.key;
      if (b && (!best || newestFirst(b, best) < 0)) best = b;
      if (c && (!best || newestFirst(c.key, best) < 0)) best = c.key;
      if (!best) break;
      out.push(best.rootId);
      if (best === a?.key) i = a.at + 1;
      else if (best === b) j++;
      else k = c!.at + 1;
    }
    return out;
  }

  /** Roots newest first, `limit` at a time, after `after`; `hidden` ones (in conflict) are left out. */
  page(query: PageQuery, hidden: (rootId: string) => boolean): RootPage {
    const limit = Math.max(1, query.limit ?? 50);
    const wanted = query.workspaces && new Set(query.workspaces);
    const roots: RootListing[] = [];
    let last: PageCursor | null = null;
    for (const entry of this.newestFirst(query.after ?? null)) {
      if (hidden(entry.rootId)) continue;
      if (wanted && !wanted.has(entry.open[0]!.workspace)) continue;
      if (roots.length === limit) return { roots, next: last };
      roots.push(listingOf(entry));
      last = { createdAt: entry.createdAt, rootId: entry.rootId };
    }
    return { roots, next: null };
  }

  /** Tasks whose title and goal hold every word, over every tree (loaded or not), newest roots first. */
  search(query: SearchQuery, hidden: (rootId: string) => boolean): SearchResult {
    const words = queryWords(query.text);
    const limit = Math.max(1, query.limit ?? 200);
    const wanted = query.workspaces && new Set(query.workspaces);
    const found = new Map<string, { listing: RootListing; ids: string[] }>();
    let truncated = false;
    const accept = (rootId: string, listing: RootListing): boolean => !hidden(rootId) && (!wanted || wanted.has(listing.root.workspace));
    if (words.length === 0) return { roots: [], matches: {}, truncated: false };
    // Trees changed since the snapshot: from memory.
    for (const entry of this.live.values()) {
      if (!entry) continue;
      const listing = listingOf(entry);
      if (!accept(entry.rootId, listing)) continue;
      const ids = entry.ids.filter((_, i) => textMatches(entry.text[i] ?? '', words));
      if (ids.length > 0) found.set(entry.rootId, { listing, ids });
    }
    // The rest from the search file, streamed, newest root first: a page of roots beyond the changed ones is enough.
    let fromFile = 0;
    let current: { rootId: string; ids: string[] } | undefined;
    let rejected: string | undefined;
    for (const chunk of this.snapshot?.search?.chunks() ?? []) {
      const more = scanSearchLines(chunk, words, ({ rootId, taskId, listing }) => {
        if (this.live.has(rootId) || rootId === rejected) return true;
        if (current?.rootId === rootId) {
          current.ids.push(taskId);
          return true;
        }
        if (fromFile === limit) {
          truncated = true;
          return false;
        }
        let listed: RootListing;
        try {
          listed = listing() as RootListing;
        } catch {
          rejected = rootId;
          return true;
        }
        if (!accept(rootId, listed)) {
          rejected = rootId;
          return true;
        }
        current = { rootId, ids: [taskId] };
        found.set(rootId, { listing: listed, ids: current.ids });
        fromFile++;
        return true;
      });
      if (!more) break;
    }
    const key = (l: RootListing) => ({ createdAt: l.root.createdAt, rootId: l.root.id });
    const listed = [...found.values()].sort((a, b) => newestFirst(key(a.listing), key(b.listing)));
    if (listed.length > limit) truncated = true;
    const shown = listed.slice(0, limit);
    return {
      roots: shown.map(({ listing }) => listing),
      matches: Object.fromEntries(shown.map(({ listing, ids }) => [listing.root.id, ids])),
      truncated,
    };
  }

  /** The search file's lines, for a new snapshot to copy the blocks of unchanged trees (undefined when there is none). */
  searchLinesForCopy(): Buffer | undefined {
    return this.snapshot?.search?.all();
  }

  /** Entries newest first from the three sources (open section, body, changes), merged. */
  private *newestFirst(after: PageCursor | null): Generator<CatalogEntry> {
    const isAfter = (e: Key) => !after || newestFirst(after, e) < 0;
    const changed = this.sortedLive().filter(isAfter);
    const opened = this.linesAfter(this.opened, after);
    const body = this.linesAfter(this.body, after);
    let j = 0;
    let a = opened.next();
    let c = body.next();
    for (;;) {
      const x = a.done ? undefined : a.value;
      const y = changed[j];
      const z = c.done ? undefined : c.value;
      let best: CatalogEntry | undefined = x;
      if (y && (!best || newestFirst(y, best) < 0)) best = y;
      if (z && (!best || newestFirst(z, best) < 0)) best = z;
      if (!best) return;
      if (best === x) a = opened.next();
      else if (best === y) j++;
      else c = body.next();
      yield best;
    }
  }

  private sortedLive(): TreeEntry[] {
    this.liveOrder ??= [...this.live.values()].filter((e): e is TreeEntry => e !== null).sort(newestFirst);
    return this.liveOrder;
  }

  /** A section's entries after the cursor, skipping trees changed since the snapshot. */
  private *linesAfter(lines: EntryLines, after: PageCursor | null): Generator<StoredEntry> {
    for (let k = after ? lines.firstAfter(after) : 0; lines.has(k); k++) {
      const key = lines.keyAt(k);
      if (!key || this.live.has(key.rootId)) continue;
      const entry = lines.entryAt(k);
      if (entry) yield entry;
    }
  }

  /** Closes the snapshot file (once this catalog is replaced). */
  close(): void {
    this.snapshot?.close();
  }
}

/** What open reads of the body: the first page's lines (about 500 bytes each), and then some. */
const FIRST_PAGE_BYTES = 64 * 1024;

export function listingOf(entry: CatalogEntry): RootListing {
  const [root, ...open] = entry.open;
  return { root: root!, taskCount: entry.ids.length, open };
}
