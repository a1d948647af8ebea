/**
 * This process's view of the store: every tree it knows (its task ids, from the catalog or from
 * reading its file), the records of the trees it has loaded, which trees it shows, and which
 * tree each task lives in. Replacing a tree reports which shown records differ, so every path
 * (commit, refresh, reconcile) feeds `onDidChange` the same way.
 *
 * Two tree files holding the same task id conflict: neither is shown, both stay on disk as they
 * are, and the conflict is listed (problems.ts). Why neither rather than "the first" or "the
 * newer": file order is an accident of names, and revisions and timestamps are not comparable
 * across files (each file counts its own; clocks differ between machines), so any pick is a
 * guess that could hide the genuine tree behind a stale copy. The outcome depends only on which
 * files exist, the same in every window, and it heals itself when either file goes. Ownership
 * is by task id over every known tree, loaded or not, so a conflict with a tree nobody opened
 * is found as surely as one between two loaded trees.
 */
import type { TaskMap, TaskRecord } from '../../shared/task';
import type { FileStamp } from './fsPort';
import type { TaskTree } from './treeFile';

export interface CachedTree extends TaskTree {
  /** The file's stamp when this version was read; unknown right after this process wrote it. */
  stamp?: FileStamp;
}

export interface StoreChange {
  changed: TaskRecord[];
  /** Ids of tasks no longer shown (deleted, or their tree went or is in conflict), loaded or not. */
  removed: string[];
}

export function noChanges(): StoreChange {
  return { changed: [], removed: [] };
}

/** A task id held by more than one tree file. */
export interface TreeConflict {
  taskId: string;
  rootIds: string[];
}

/** A known tree: its task ids, and its records when loaded. */
interface Known {
  ids: readonly string[];
  tree?: CachedTree;
}

/** What a tree showed: its records when loaded, else only its ids. */
type Shown = { records?: TaskMap; ids: readonly string[] } | undefined;

export class TreeCache {
  private readonly known = new Map<string, Known>();
  /** Roots of known trees that share a task id with another known tree: not shown. */
  private readonly hidden = new Set<string>();
  /** The tree holding each task (the first, when several do). */
  private readonly owner = new Map<string, string>();
  /** Every tree holding a task that more than one tree holds; empty unless files conflict. */
  private readonly shared = new Map<string, Set<string>>();
  private loadedCount = 0;

  /** The tree as last loaded, shown or not (for stamps and re-reads). */
  decodedTree(rootId: string): CachedTree | undefined {
    return this.known.get(rootId)?.tree;
  }

  /** The loaded tree, if it is shown. */
  tree(rootId: string): CachedTree | undefined {
    return this.hidden.has(rootId) ? undefined : this.known.get(rootId)?.tree;
  }

  isKnown(rootId: string): boolean {
    return this.known.has(rootId);
  }

  isLoaded(rootId: string): boolean {
    return this.known.get(rootId)?.tree !== undefined;
  }

  isHidden(rootId: string): boolean {
    return this.hidden.has(rootId);
  }

  /** The task ids of a known tree. */
  idsOf(rootId: string): readonly string[] | undefined {
    return this.known.get(rootId)?.ids;
  }

  /** The shown tree that holds the task (loaded or not). */
  rootOf(taskId: string): string | undefined {
    const rootId = this.owner.get(taskId);
    return rootId === undefined || this.hidden.has(rootId) ? undefined : rootId;
  }

  /** Some known tree that holds the task, shown or not. */
  holderOf(taskId: string): string | undefined {
    return this.owner.get(taskId);
  }

  /** The task's record, if its tree is loaded and shown. */
  task(taskId: string): TaskRecord | undefined {
    const rootId = this.rootOf(taskId);
    return rootId === undefined ? undefined : this.known.get(rootId)?.tree?.records[taskId];
  }

  /** Roots of every loaded tree, shown or not. */
  decodedRoots(): string[] {
    const out: string[] = [];
    for (const [rootId, known] of this.known) if (known.tree) out.push(rootId);
    return out;
  }

  /** Roots of every known tree, loaded or not. */
  knownRoots(): string[] {
    return [...this.known.keys()];
  }

  get loadedTrees(): number {
    return this.loadedCount;
  }

  /** Every loaded, shown tree. */
  allTrees(): CachedTree[] {
    const out: CachedTree[] = [];
    for (const [rootId, known] of this.known) if (known.tree && !this.hidden.has(rootId)) out.push(known.tree);
    return out;
  }

  /** The records of every loaded, shown tree. */
  list(): TaskRecord[] {
    const out: TaskRecord[] = [];
    for (const tree of this.allTrees()) for (const id in tree.records) out.push(tree.records[id]!);
    return out;
  }

  snapshot(): TaskMap {
    const out: Record<string, TaskRecord> = {};
    for (const tree of this.allTrees()) Object.assign(out, tree.records);
    return out;
  }

  conflicts(): TreeConflict[] {
    return [...this.shared].map(([taskId, roots]) => ({ taskId, rootIds: [...roots].sort() }));
  }

  /** Installs a loaded tree (or, with undefined, forgets the tree) and adds what shown records differ to `into`. */
  put(rootId: string, tree: CachedTree | undefined, into: StoreChange): void {
    this.set(rootId, tree && { ids: Object.keys(tree.records), tree }, into);
  }

  /**
   * Knows a tree by its task ids without its records (from the catalog); a loaded one keeps
   * its records when its ids are the same. Reports tasks it no longer shows.
   */
  register(rootId: string, ids: readonly string[], into: StoreChange): void {
    const before = this.known.get(rootId);
    if (before?.tree && sameIds(before.ids, ids)) return;
    this.set(rootId, { ids }, into);
  }

  /** Drops a loaded tree's records, keeping its ids (nothing shown changes). */
  unload(rootId: string): void {
    const known = this.known.get(rootId);
    if (!known?.tree) return;
    this.known.set(rootId, { ids: known.ids });
    this.loadedCount--;
  }

  private set(rootId: string, next: Known | undefined, into: StoreChange): void {
    const before = this.known.get(rootId);
    const shownBefore = this.shownOf(rootId, before);
    // Other trees sharing a task with this one may change visibility too; almost always none.
    let others: Map<string, Shown> | undefined;
    const touch = (r: string) => {
      if (r === rootId) return;
      others ??= new Map();
      if (!others.has(r)) others.set(r, this.shownOf(r, this.known.get(r)));
    };
    if (before) {
      const keep = next && new Set(next.ids);
      for (const id of before.ids) if (!keep?.has(id)) this.release(id, rootId, touch);
      if (before.tree) this.loadedCount--;
    }
    if (next) {
      this.known.set(rootId, next);
      if (next.tree) this.loadedCount++;
      for (const id of next.ids) this.claim(id, rootId, touch);
    } else {
      this.known.delete(rootId);
    }
    this.settle(rootId, shownBefore, into);
    if (others) for (const [r, before] of others) this.settle(r, before, into);
  }

  private shownOf(rootId: string, known: Known | undefined): Shown {
    if (!known || this.hidden.has(rootId)) return undefined;
    return { ids: known.ids, ...(known.tree && { records: known.tree.records }) };
  }

  /** Decides whether `rootId` is shown now, and reports how its shown records changed. */
  private settle(rootId: string, shownBefore: Shown, into: StoreChange): void {
    const current = this.known.get(rootId);
    if (current && this.sharesTask(current.ids)) this.hidden.add(rootId);
    else this.hidden.delete(rootId);
    diff(shownBefore, this.shownOf(rootId, current), into);
  }

  private claim(id: string, rootId: string, touch: (r: string) => void): void {
    const first = this.owner.get(id);
    if (first === undefined) {
      this.owner.set(id, rootId);
      return;
    }
    if (first === rootId && !this.shared.has(id)) return;
    let holders = this.shared.get(id);
    if (!holders) this.shared.set(id, (holders = new Set([first])));
    holders.add(rootId);
    holders.forEach(touch);
  }

  private release(id: string, rootId: string, touch: (r: string) => void): void {
    const holders = this.shared.get(id);
    if (!holders) {
      if (this.owner.get(id) === rootId) this.owner.delete(id);
      return;
    }
    holders.delete(rootId);
    holders.forEach(touch);
    const next = holders.values().next().value as string;
    if (this.owner.get(id) === rootId) this.owner.set(id, next);
    if (holders.size === 1) this.shared.delete(id);
  }

  private sharesTask(ids: readonly string[]): boolean {
    if (this.shared.size === 0) return false;
    for (const id of ids) if (this.shared.has(id)) return true;
    return false;
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/**
 * What changed between two views of one tree. Records are compared when both are loaded; a
 * task whose tree was not loaded before is reported with its record once loaded (the caller
 * passes a throwaway `into` when it merely loaded the version it knew); ids that are no longer
 * shown are reported removed, loaded or not.
 */
function diff(before: Shown, after: Shown, into: StoreChange): void {
  if (before === after) return;
  if (before) {
    const still = after && (after.records ?? new Set(after.ids));
    for (const id of before.ids) {
      const kept = still instanceof Set ? still.has(id) : !!still?.[id];
      if (!kept) into.removed.push(id);
    }
  }
  if (after?.records) {
    for (const id in after.records) {
      const next = after.records[id]!;
      const previous = before?.records?.[id];
      if (previous !== next && (previous?.revision !== next.revision || previous.updatedAt !== next.updatedAt)) into.changed.push(next);
    }
  }
}
