/**
 * This process's view of the store: every tree it has decoded, which of them it shows, and which
 * tree each task lives in. Replacing a tree reports which shown records differ, so every path
 * (commit, refresh, reconcile) feeds `onDidChange` the same way.
 *
 * Two tree files holding the same task id conflict: neither is shown, both stay on disk as they
 * are, and the conflict is listed (problems.ts). Why neither rather than "the first" or "the
 * newer": file order is an accident of names, and revisions and timestamps are not comparable
 * across files (each file counts its own; clocks differ between machines), so any pick is a
 * guess that could hide the genuine tree behind a stale copy. The outcome depends only on which
 * files exist, the same in every window, and it heals itself when either file goes.
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

export class TreeCache {
  private readonly decoded = new Map<string, CachedTree>();
  /** Roots of decoded trees that share a task id with another decoded tree: not shown. */
  private readonly hidden = new Set<string>();
  /** The tree holding each task (the first, when several do). */
  private readonly owner = new Map<string, string>();
  /** Every tree holding a task that more than one tree holds; empty unless files conflict. */
  private readonly shared = new Map<string, Set<string>>();

  /** The tree as last decoded, shown or not (for stamps and re-reads). */
  decodedTree(rootId: string): CachedTree | undefined {
    return this.decoded.get(rootId);
  }

  /** The tree, if it is shown. */
  tree(rootId: string): CachedTree | undefined {
    return this.hidden.has(rootId) ? undefined : this.decoded.get(rootId);
  }

  isHidden(rootId: string): boolean {
    return this.hidden.has(rootId);
  }

  /** The shown tree that holds the task. */
  rootOf(taskId: string): string | undefined {
    const rootId = this.owner.get(taskId);
    return rootId === undefined || this.hidden.has(rootId) ? undefined : rootId;
  }

  /** Some decoded tree that holds the task, shown or not. */
  holderOf(taskId: string): string | undefined {
    return this.owner.get(taskId);
  }

  task(taskId: string): TaskRecord | undefined {
    const rootId = this.rootOf(taskId);
    return rootId === undefined ? undefined : this.decoded.get(rootId)?.records[taskId];
  }

  /** Roots of every decoded tree, shown or not. */
  decodedRoots(): string[] {
    return [...this.decoded.keys()];
  }

  /** Every shown tree. */
  allTrees(): CachedTree[] {
    const out: CachedTree[] = [];
    for (const [rootId, tree] of this.decoded) if (!this.hidden.has(rootId)) out.push(tree);
    return out;
  }

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

  /** Installs (or, with undefined, forgets) a decoded tree and adds what shown records differ to `into`. */
  put(rootId: string, tree: CachedTree | undefined, into: StoreChange): void {
    const before = this.decoded.get(rootId);
    const shownBefore = before && !this.hidden.has(rootId) ? before.records : undefined;
    // Other trees sharing a task with this one may change visibility too; almost always none.
    let others: Map<string, TaskMap | undefined> | undefined;
    const touch = (r: string) => {
      if (r === rootId) return;
      others ??= new Map();
      if (!others.has(r)) others.set(r, this.hidden.has(r) ? undefined : this.decoded.get(r)?.records);
    };
    if (before) for (const id in before.records) if (!tree?.records[id]) this.release(id, rootId, touch);
    if (tree) {
      this.decoded.set(rootId, tree);
      for (const id in tree.records) this.claim(id, rootId, touch);
    } else {
      this.decoded.delete(rootId);
    }
    this.settle(rootId, shownBefore, into);
    if (others) for (const [r, before] of others) this.settle(r, before, into);
  }

  /** Decides whether `rootId` is shown now, and reports how its shown records changed. */
  private settle(rootId: string, shownBefore: TaskMap | undefined, into: StoreChange): void {
    const current = this.decoded.get(rootId);
    if (current && this.sharesTask(current)) this.hidden.add(rootId);
    else this.hidden.delete(rootId);
    diff(shownBefore, current && !this.hidden.has(rootId) ? current.records : undefined, into);
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

  private sharesTask(tree: TaskTree): boolean {
    if (this.shared.size === 0) return false;
    for (const id in tree.records) if (this.shared.has(id)) return true;
    return false;
  }
}

function diff(before: TaskMap | undefined, after: TaskMap | undefined, into: StoreChange): void {
  if (before === after) return;
  if (before) for (const id in before) if (!after?.[id]) into.removed.push(id);
  if (after) {
    for (const id in after) {
      const next = after[id]!;
      const previous = before?.[id];
      if (previous !== next && (previous?.revision !== next.revision || previous.updatedAt !== next.updatedAt)) into.changed.push(next);
    }
  }
}
