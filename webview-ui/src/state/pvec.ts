/**
 * A persistent vector: an immutable list whose push, pop, set and get cost O(log32 n) (at most
 * four steps below a million items), sharing all but one path with the version it came from. The
 * transcript is one: appending a streamed token or a tool card no longer copies every item
 * before it, and an old version (React may still hold one) never changes. After Clojure's
 * PersistentVector: a 32-way trie of full leaves, plus a tail of up to 32 items.
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

type Node = readonly unknown[];

export class PVec<T> implements Iterable<T> {
  private static readonly EMPTY = new PVec<never>(0, BITS, [], []);

  private constructor(
    readonly size: number,
    private readonly shift: number,
    private readonly root: Node,
    private readonly tail: readonly T[],
  ) {}

  static empty<T>(): PVec<T> {
    return PVec.EMPTY as PVec<T>;
  }

  static from<T>(items: Iterable<T>): PVec<T> {
    let v = PVec.empty<T>();
    for (const item of items) v = v.push(item);
    return v;
  }

  private get tailOffset(): number {
    return this.size < WIDTH ? 0 : ((this.size - 1) >>> BITS) << BITS;
  }

  get(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) return undefined;
    return this.leafFor(i)[i & MASK] as T;
  }

  last(): T | undefined {
    return this.size === 0 ? undefined : this.tail[this.tail.length - 1];
  }

  push(value: T): PVec<T> {
    if (this.size - this.tailOffset < WIDTH) return new PVec(this.size + 1, this.shift, this.root, [...this.tail, value]);
    // The tail is full: it becomes a leaf of the trie, and a new tail starts.
    let root: Node;
    let shift = this.shift;
    if (this.size >>> BITS > 1 << this.shift) {
      root = [this.root, newPath(this.shift, this.tail)];
      shift += BITS;
    } else {
      root = this.pushTail(this.shift, this.root, this.tail);
    }
    return new PVec(this.size + 1, shift, root, [value]);
  }

  set(i: number, value: T): PVec<T> {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`index ${i} out of a vector of ${this.size}`);
    if (i >= this.tailOffset) {
      const tail = [...this.tail];
      tail[i & MASK] = value;
      return new PVec(this.size, this.shift, this.root, tail);
    }
    return new PVec(this.size, this.shift, assoc(this.shift, this.root, i, value), this.tail);
  }

  pop(): PVec<T> {
    if (this.size === 0) throw new RangeError('pop of an empty vector');
    if (this.size === 1) return PVec.empty<T>();
    if (this.size - this.tailOffset > 1) return new PVec(this.size - 1, this.shift, this.root, this.tail.slice(0, -1));
    const tail = this.leafFor(this.size - 2) as readonly T[];
    let root = this.popTail(this.shift, this.root) ?? [];
    let shift = this.shift;
    if (shift > BITS && root.length === 1) {
      root = root[0] as Node;
      shift -= BITS;
    }
    return new PVec(this.size - 1, shift, root, tail);
  }

  /** The first `n` items (n ≤ size). */
  take(n: number): PVec<T> {
    if (this.size <= n) return this;
    let v = this.pop();
    while (v.size > n) v = v.pop();
    return v;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.size; i++) yield this.get(i)!;
  }

  toArray(): T[] {
    return [...this];
  }

  private leafFor(i: number): Node {
    if (i >= this.tailOffset) return this.tail;
    let node = this.root;
    for (let level = this.shift; level > 0; level -= BITS) node = node[(i >>> level) & MASK] as Node;
    return node;
  }

  private pushTail(level: number, parent: Node, tail: Node): Node {
    const at = ((this.size - 1) >>> level) & MASK;
    const out = [...parent];
    if (level === BITS) {
      out[at] = tail;
    } else {
      const child = parent[at] as Node | undefined;
      out[at] = child ? this.pushTail(level - BITS, child, tail) : newPath(level - BITS, tail);
    }
    return out;
  }

  private popTail(level: number, node: Node): Node | null {
    const at = ((this.size - 2) >>> level) & MASK;
    if (level > BITS) {
      const child = this.popTail(level - BITS, node[at] as Node);
      if (child === null) return at === 0 ? null : node.slice(0, at);
      const out = [...node];
      out[at] = child;
      return out;
    }
    return at === 0 ? null : node.slice(0, at);
  }
}

function newPath(level: number, node: Node): Node {
  return level === 0 ? node : [newPath(level - BITS, node)];
}

function assoc(level: number, node: Node, i: number, value: unknown): Node {
  const out = [...node];
  if (level === 0) out[i & MASK] = value;
  else out[(i >>> level) & MASK] = assoc(level - BITS, node[(i >>> level) & MASK] as Node, i, value);
  return out;
}
