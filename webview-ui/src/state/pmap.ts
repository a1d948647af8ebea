/**
 * A persistent map from strings: set and get in a fixed four steps (a 16-way trie over 16 bits
 * of the key's hash, colliding keys sharing a small bucket), sharing all but one path with the
 * version it came from. Narrow nodes make a set cheap: it copies four arrays of 16. The transcript keeps
 * "tool call id → its card" in one, so recording a tool card costs the same with 10 cards or
 * 10,000, and an old version never changes.
 */

const BITS = 4;
const MASK = (1 << BITS) - 1;
const LEVELS = 4;

type Bucket<V> = readonly (readonly [string, V])[];
type Node = readonly unknown[];

export class PMap<V> {
  private static readonly EMPTY = new PMap<never>([], 0);

  private constructor(
    private readonly root: Node,
    readonly size: number,
  ) {}

  static empty<V>(): PMap<V> {
    return PMap.EMPTY as PMap<V>;
  }

  get(key: string): V | undefined {
    const h = hash(key);
    let node: Node | undefined = this.root;
    for (let level = 0; level < LEVELS && node; level++) node = node[(h >>> (level * BITS)) & MASK] as Node | undefined;
    const bucket = node as Bucket<V> | undefined;
    return bucket?.find(([k]) => k === key)?.[1];
  }

  set(key: string, value: V): PMap<V> {
    const h = hash(key);
    let added = false;
    const put = (node: Node | undefined, level: number): Node => {
      if (level === LEVELS) {
        const bucket = (node ?? []) as Bucket<V>;
        const at = bucket.findIndex(([k]) => k === key);
        added = at < 0;
        return at < 0 ? [...bucket, [key, value]] : bucket.map((entry, i) => (i === at ? [key, value] : entry));
      }
      const slot = (h >>> (level * BITS)) & MASK;
      const out = node ? [...node] : [];
      out[slot] = put(node?.[slot] as Node | undefined, level + 1);
      return out;
    };
    const root = put(this.root, 0);
    return new PMap(root, this.size + (added ? 1 : 0));
  }
}

/** FNV-1a, 32 bits. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
