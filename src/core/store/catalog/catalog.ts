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
import { bodyKeyOf, type StoredEntry } from './catalogFormat';
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
  private readonly openOf = new Map<string, StoredEntry>();
  /** The body as read so far: a prefix (enough for a first page) until something needs all of it. */
  private body: Buffer;
  private bodyComplete: boolean;
  /** Start of every body line read so far (built on first need), and the keys read so far. */
  private starts: number[] | undefined;
  private readonly keys = new Map<number, Key>();
  /** Root id → body line, for every line whose key was read. */
  private readonly lineOf = new Map<string, number>();
  private indexedAll = false;
  private searchLines: Buffer | undefined;
  private readonly fileOverrides = new Map<string, FileVersion>();

  constructor(
    readonly snapshot: SnapshotHandle | undefined,
    /** Reads the snapshot's search file (undefined: not there, or not its own). */
    private readonly readSearch: () => Buffer | undefined,
    /** The body failed its check: whatever it said is unknown now (the store checks every file). */
    private readonly onDamage: () => void = () => undefined,
  ) {
    for (const entry of this.openSection) this.openOf.set(entry.rootId, entry);
    const bodyBytes = snapshot?.start.header.bodyBytes ?? 0;
    this.body = snapshot && bodyBytes > 0 ? snapshot.bodyPrefix(FIRST_PAGE_BYTES) : Buffer.alloc(0);
    this.bodyComplete = this.body.length >= bodyBytes;
    if (this.bodyComplete && snapshot && bodyBytes > 0) this.readWholeBody();
  }

  private get openSection(): readonly StoredEntry[] {
    return this.snapshot?.start.open.entries ?? [];
  }

  /** Reads the rest of the body (once), checked; a body that fails the check counts as empty. */
  private readWholeBody(): void {
    const whole = this.snapshot?.body();
    this.bodyComplete = true;
    if (whole) {
      this.body = whole;
      return;
    }
    this.body = Buffer.alloc(0);
    this.starts = undefined;
    this.keys.clear();
    this.lineOf.clear();
    this.onDamage();
  }

  private ensureWholeBody(): void {
    if (this.bodyComplete) return;
    this.readWholeBody();
    this.starts = undefined;
  }

  /** The current entry of a tree, or undefined when the catalog holds none. */
  entry(rootId: string): CatalogEntry | undefined {
    const live = this.live.get(rootId);
    if (live !== undefined) return live ?? undefined;
    return this.openOf.get(rootId) ?? this.bodyEntry(rootId);
  }

  /** The entry, only if it is in memory already (changed since the snapshot, or in its open section). */
  entryInMemory(rootId: string): CatalogEntry | null | undefined {
    const live = this.live.get(rootId);
    return live !== undefined ? live : this.openOf.get(rootId);
  }

  put(entry: TreeEntry): void {
    this.live.set(entry.rootId, entry);
    this.fileOverrides.delete(entry.rootId);
    this.liveOrder = undefined;
  }

  remove(rootId: string): void {
    this.live.set(rootId, null);
    this.fileOverrides.delete(rootId);
    this.liveOrder = undefined;
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

  /** Entries with something unfinished (or that reconcile may change): all in memory, what open needs. */
  *openEntries(): Generator<CatalogEntry> {
    for (const [rootId, entry] of this.openOf) if (!this.live.has(rootId)) yield entry;
    for (const entry of this.live.values()) if (entry && isOpenTree(entry)) yield entry;
  }

  /** Entries changed since the snapshot (in memory, with their search text). */
  *changedEntries(): Generator<TreeEntry> {
    for (const entry of this.live.values()) if (entry) yield entry;
  }

  /** Every entry, newest root first; parses the whole body. */
  *all(): Generator<CatalogEntry> {
    yield* this.newestFirst(null);
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
    const found = new Map<string, { entry: CatalogEntry; ids: string[] }>();
    let truncated = false;
    const accept = (rootId: string, entry: CatalogEntry | undefined): boolean =>
      !!entry && !hidden(rootId) && (!wanted || wanted.has(entry.open[0]!.workspace));
    if (words.length === 0) return { roots: [], matches: {}, truncated: false };
    // Trees changed since the snapshot: from memory.
    for (const entry of this.live.values()) {
      if (!entry || !accept(entry.rootId, entry)) continue;
      const ids = entry.ids.filter((_, i) => textMatches(entry.text[i] ?? '', words));
      if (ids.length > 0) found.set(entry.rootId, { entry, ids });
    }
    // The rest from the search file, newest root first: a page of roots beyond the changed ones is enough.
    const lines = this.searchFile();
    let fromFile = 0;
    if (lines) {
      let current: { rootId: string; ids: string[] } | undefined;
      let rejected: string | undefined;
      scanSearchLines(lines, words, ({ rootId, taskId, createdAt }) => {
        if (this.live.has(rootId) || rootId === rejected) return true;
        if (current?.rootId === rootId) {
          current.ids.push(taskId);
          return true;
        }
        if (fromFile === limit) {
          truncated = true;
          return false;
        }
        const entry = this.openOf.get(rootId) ?? this.bodyEntryAt({ createdAt, rootId });
        if (!accept(rootId, entry)) {
          rejected = rootId;
          return true;
        }
        current = { rootId, ids: [taskId] };
        found.set(rootId, { entry: entry!, ids: current.ids });
        fromFile++;
        return true;
      });
    }
    const listed = [...found.values()].sort((a, b) => newestFirst(a.entry, b.entry));
    if (listed.length > limit) truncated = true;
    const shown = listed.slice(0, limit);
    return {
      roots: shown.map(({ entry }) => listingOf(entry)),
      matches: Object.fromEntries(shown.map(({ entry, ids }) => [entry.rootId, ids])),
      truncated,
    };
  }

  /** Reads the search file once (at the first search) and keeps it. */
  private searchFile(): Buffer | undefined {
    if (!this.snapshot) return undefined;
    this.searchLines ??= this.readSearch();
    return this.searchLines;
  }

  /** The search file as read, for a new snapshot to copy lines from (undefined when never read). */
  searchFileIfRead(): Buffer | undefined {
    return this.snapshot ? (this.searchLines ??= this.readSearch()) : undefined;
  }

  /** Entries newest first from the three sources (open section, body, changes), merged. */
  private *newestFirst(after: PageCursor | null): Generator<CatalogEntry> {
    const isAfter = (e: Key) => !after || newestFirst(after, e) < 0;
    const opened = this.openSection.filter((e) => !this.live.has(e.rootId) && isAfter(e));
    const changed = this.sortedLive().filter(isAfter);
    const body = this.bodyAfter(after);
    let i = 0;
    let j = 0;
    let next = body.next();
    for (;;) {
      const a = opened[i];
      const b = changed[j];
      const c = next.done ? undefined : next.value;
      let best: CatalogEntry | undefined = a;
      if (b && (!best || newestFirst(b, best) < 0)) best = b;
      if (c && (!best || newestFirst(c, best) < 0)) best = c;
      if (!best) return;
      if (best === a) i++;
      else if (best === b) j++;
      else next = body.next();
      yield best;
    }
  }

  private sortedLive(): TreeEntry[] {
    this.liveOrder ??= [...this.live.values()].filter((e): e is TreeEntry => e !== null).sort(newestFirst);
    return this.liveOrder;
  }

  /** Body entries after the cursor, skipping trees changed since the snapshot. */
  private *bodyAfter(after: PageCursor | null): Generator<StoredEntry> {
    for (let k = after ? this.firstAfter(after) : 0; ; k++) {
      // The first page comes from the prefix read at open; anything further reads the rest.
      if (k >= this.lineStarts().length && !this.bodyComplete) this.ensureWholeBody();
      if (k >= this.lineStarts().length) return;
      const key = this.keyAt(k);
      if (!key || this.live.has(key.rootId)) continue;
      const entry = this.parseLine(k);
      if (entry) yield entry;
    }
  }

  /** The first body line after `key` (binary search: the body is newest root first). */
  private firstAfter(key: Key): number {
    this.ensureWholeBody();
    let lo = 0;
    let hi = this.lineStarts().length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = this.keyAt(mid);
      if (!at || newestFirst(key, at) >= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private bodyEntryAt(key: Key): StoredEntry | undefined {
    const k = this.firstAfter({ createdAt: key.createdAt, rootId: '' });
    for (let i = k; i < this.lineStarts().length; i++) {
      const at = this.keyAt(i);
      if (!at || at.createdAt !== key.createdAt) break;
      if (at.rootId === key.rootId) return this.parseLine(i);
    }
    return this.bodyEntry(key.rootId);
  }

  /** A body entry by root id: from the lines read so far (a first page), else from an index of all of them. */
  private bodyEntry(rootId: string): StoredEntry | undefined {
    const seen = this.lineOf.get(rootId);
    if (seen !== undefined) return this.parseLine(seen);
    if (this.indexedAll) return undefined;
    this.ensureWholeBody();
    const starts = this.lineStarts();
    for (let k = 0; k < starts.length; k++) this.keyAt(k);
    this.indexedAll = true;
    const k = this.lineOf.get(rootId);
    return k === undefined ? undefined : this.parseLine(k);
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts: number[] = [];
    for (let at = 0; at < this.body.length; ) {
      const end = this.body.indexOf(0x0a, at);
      // A prefix ends inside a line: that one waits for the whole body.
      if (end < 0 && !this.bodyComplete) break;
      starts.push(at);
      at = end < 0 ? this.body.length : end + 1;
    }
    this.starts = starts;
    return starts;
  }

  private lineEnd(k: number): number {
    const starts = this.lineStarts();
    if (k + 1 < starts.length) return starts[k + 1]! - 1;
    const end = this.body.indexOf(0x0a, starts[k]);
    return end < 0 ? this.body.length : end;
  }

  private keyAt(k: number): Key | undefined {
    let key = this.keys.get(k);
    if (key) return key;
    const start = this.lineStarts()[k]!;
    key = bodyKeyOf(this.body.toString('utf8', start, Math.min(this.lineEnd(k), start + 512)));
    if (!key) {
      const entry = this.parseLine(k);
      if (!entry) return undefined;
      key = { createdAt: entry.createdAt, rootId: entry.rootId };
    }
    this.keys.set(k, key);
    this.lineOf.set(key.rootId, k);
    return key;
  }

  private parseLine(k: number): StoredEntry | undefined {
    try {
      return JSON.parse(this.body.toString('utf8', this.lineStarts()[k]!, this.lineEnd(k))) as StoredEntry;
    } catch {
      return undefined;
    }
  }

  /** Artifact handles the snapshot's body names. */
  get bodyArtifacts(): readonly string[] {
    return this.snapshot?.start.open.bodyArtifacts ?? [];
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
