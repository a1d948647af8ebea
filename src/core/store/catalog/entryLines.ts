/**
 * A section of the catalog snapshot: one tree entry per line, newest root first, each line a
 * JSON object that starts with the keys an index needs (root id, creation time, hot), so the
 * lines can be indexed by reading a few bytes of each and parsed one at a time when asked for.
 * A section may be a prefix at first (what a first page needs) and read whole on demand.
 */
import type { IndexedLine, StoredEntry } from './catalogFormat';

export interface LineKey {
  rootId: string;
  createdAt: number;
  hot: boolean;
  /** The tree file's version, when an index gave it. */
  version?: { revision: number; writer: string };
}

const KEY = /^\{"rootId":("(?:[^"\\]|\\.)*"),"createdAt":(-?[\d.e+-]+),"hot":(true|false)/;

/** One line: the keys first (in this order), then the rest of the entry. */
export function entryLine(entry: StoredEntry): Buffer {
  const { rootId, createdAt, hot, text: _text, ...rest } = entry;
  return Buffer.from(`${JSON.stringify({ rootId, createdAt, hot, ...rest })}\n`, 'utf8');
}

/** Newest first, the id breaking ties (the order of sections and pages). */
export function compareKeys(a: { createdAt: number; rootId: string }, b: { createdAt: number; rootId: string }): number {
  return b.createdAt - a.createdAt || (a.rootId < b.rootId ? -1 : a.rootId > b.rootId ? 1 : 0);
}

export class EntryLines {
  private starts: number[] | undefined;
  private readonly keys: (LineKey | undefined)[] = [];
  private readonly lineOf = new Map<string, number>();
  private indexedAll = false;

  constructor(
    private buffer: Buffer,
    private complete: boolean,
    /** The whole section, checked; undefined when it fails its check (then it counts as empty). */
    private readonly readWhole: () => Buffer | undefined = () => undefined,
    /**
     * The section's index, when the snapshot has one: keys and line starts without reading the
     * lines (each worked out when first asked for: open touches few of them).
     */
    private index?: readonly IndexedLine[],
  ) {}

  /** Line starts from the index's line lengths. */
  private indexStarts(index: readonly IndexedLine[]): number[] {
    const starts = new Array<number>(index.length);
    let at = 0;
    for (let k = 0; k < index.length; k++) {
      starts[k] = at;
      at += index[k]![3];
    }
    return starts;
  }

  /** Lines indexed so far (all of them once whole). */
  get length(): number {
    return this.index ? this.index.length : this.lineStarts().length;
  }

  get isWhole(): boolean {
    return this.complete;
  }

  /** Reads the rest of the section (once). */
  ensureWhole(): void {
    if (this.complete) return;
    this.complete = true;
    const whole = this.readWhole();
    this.buffer = whole ?? Buffer.alloc(0);
    // An index's line starts hold for the whole section; a prefix's are found again.
    if (!this.index || !whole) this.starts = undefined;
    if (!whole) {
      this.index = undefined;
      this.keys.length = 0;
      this.lineOf.clear();
      this.indexedAll = false;
    }
  }

  keyAt(k: number): LineKey | undefined {
    let key = this.keys[k];
    if (key) return key;
    if (this.index) {
      const line = this.index[k];
      if (!line) return undefined;
      key = { rootId: line[0], createdAt: line[1], hot: line[2] === 1, version: { revision: line[4], writer: line[5] } };
      this.keys[k] = key;
      return key;
    }
    const start = this.lineStarts()[k];
    if (start === undefined) return undefined;
    const match = KEY.exec(this.buffer.toString('utf8', start, Math.min(this.lineEnd(k), start + 512)));
    if (match) key = { rootId: JSON.parse(match[1]!) as string, createdAt: Number(match[2]), hot: match[3] === 'true' };
    else {
      const entry = this.entryAt(k);
      if (!entry) return undefined;
      key = { rootId: entry.rootId, createdAt: entry.createdAt, hot: entry.hot };
    }
    this.keys[k] = key;
    this.lineOf.set(key.rootId, k);
    return key;
  }

  entryAt(k: number): StoredEntry | undefined {
    const start = this.lineStarts()[k];
    if (start === undefined) return undefined;
    if (start >= this.buffer.length) this.ensureWhole();
    try {
      return JSON.parse(this.buffer.toString('utf8', start, this.lineEnd(k))) as StoredEntry;
    } catch {
      return undefined;
    }
  }

  /** Whether line `k` is for a tree reconciliation may change (from the index alone, when there is one). */
  hotAt(k: number): { rootId: string; hot: boolean } | undefined {
    const line = this.index?.[k];
    return line ? { rootId: line[0], hot: line[2] === 1 } : this.keyAt(k);
  }

  /** The line of a root, reading and indexing the whole section when it is not among the lines indexed so far. */
  indexOf(rootId: string): number | undefined {
    if (this.index && !this.indexedAll) {
      for (let k = 0; k < this.index.length; k++) this.lineOf.set(this.index[k]![0], k);
      this.indexedAll = true;
    }
    const seen = this.lineOf.get(rootId);
    if (seen !== undefined || this.indexedAll) return seen;
    this.ensureWhole();
    const count = this.lineStarts().length;
    for (let k = 0; k < count; k++) this.keyAt(k);
    this.indexedAll = true;
    return this.lineOf.get(rootId);
  }

  /** The line of a root whose creation time is known: a binary search, no index of the whole section. */
  find(key: { createdAt: number; rootId: string }): number | undefined {
    const seen = this.lineOf.get(key.rootId);
    if (seen !== undefined) return seen;
    if (this.index) return this.indexOf(key.rootId);
    for (let k = this.firstAfter({ createdAt: key.createdAt, rootId: '' }); k < this.length; k++) {
      const at = this.keyAt(k);
      if (!at || at.createdAt !== key.createdAt) break;
      if (at.rootId === key.rootId) return k;
    }
    return this.indexOf(key.rootId);
  }

  /** The first line after `key` in the section's order. */
  firstAfter(key: { createdAt: number; rootId: string }): number {
    if (!this.index) this.ensureWhole();
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = this.keyAt(mid);
      if (!at || compareKeys(key, at) >= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether line `k` exists, reading the rest of the section when a prefix ends before it. */
  has(k: number): boolean {
    if (k < this.length) return true;
    if (this.index) return false;
    if (this.complete) return false;
    this.ensureWhole();
    return k < this.length;
  }


  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    if (this.index) return (this.starts = this.indexStarts(this.index));
    const starts: number[] = [];
    for (let at = 0; at < this.buffer.length; ) {
      const end = this.buffer.indexOf(0x0a, at);
      // A prefix ends inside a line: that one waits for the whole section.
      if (end < 0 && !this.complete) break;
      starts.push(at);
      at = end < 0 ? this.buffer.length : end + 1;
    }
    this.starts = starts;
    return starts;
  }

  private lineEnd(k: number): number {
    const starts = this.lineStarts();
    if (k + 1 < starts.length) return starts[k + 1]! - 1;
    if (starts[k]! >= this.buffer.length) this.ensureWhole();
    const end = this.buffer.indexOf(0x0a, starts[k]);
    return end < 0 ? this.buffer.length : end;
  }
}
