/**
 * This process's view of the store: every tree it has read, and which tree each task lives in.
 * Replacing a tree reports which records differ, so every path (commit, refresh, reconcile)
 * feeds `onDidChange` the same way.
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

export class TreeCache {
  private readonly trees = new Map<string, CachedTree>();
  private readonly rootOfTask = new Map<string, string>();

  tree(rootId: string): CachedTree | undefined {
    return this.trees.get(rootId);
  }

  rootOf(taskId: string): string | undefined {
    return this.rootOfTask.get(taskId);
  }

  task(taskId: string): TaskRecord | undefined {
    const rootId = this.rootOfTask.get(taskId);
    return rootId === undefined ? undefined : this.trees.get(rootId)?.records[taskId];
  }

  allTrees(): CachedTree[] {
    return [...this.trees.values()];
  }

  list(): TaskRecord[] {
    const out: TaskRecord[] = [];
    for (const tree of this.trees.values()) for (const id in tree.records) out.push(tree.records[id]!);
    return out;
  }

  snapshot(): TaskMap {
    const out: Record<string, TaskRecord> = {};
    for (const tree of this.trees.values()) Object.assign(out, tree.records);
    return out;
  }

  /** A task of `tree` that another tree already holds, if any. */
  foreignTask(tree: TaskTree): string | undefined {
    for (const id in tree.records) {
      const owner = this.rootOfTask.get(id);
      if (owner !== undefined && owner !== tree.rootId) return id;
    }
    return undefined;
  }

  /** Installs (or, with undefined, forgets) a tree and adds what differs to `into`. */
  put(rootId: string, tree: CachedTree | undefined, into: StoreChange): void {
    const before = this.trees.get(rootId)?.records;
    const after = tree?.records;
    if (before) {
      for (const id in before) {
        if (after?.[id]) continue;
        into.removed.push(id);
        if (this.rootOfTask.get(id) === rootId) this.rootOfTask.delete(id);
      }
    }
    if (after) {
      for (const id in after) {
        const next = after[id]!;
        const previous = before?.[id];
        if (previous !== next && (previous?.revision !== next.revision || previous.updatedAt !== next.updatedAt)) into.changed.push(next);
        this.rootOfTask.set(id, rootId);
      }
    }
    if (tree) this.trees.set(rootId, tree);
    else this.trees.delete(rootId);
  }
}
