/**
 * What the catalog knows of a task tree without its records loaded: enough to list it in the
 * sidebar, search it, find which tree holds a task, tell whether start-up reconciliation may
 * change it, and recognise its file again. Derived from the tree alone (`entryOf`), so an entry
 * is rebuilt from the tree file whenever there is any doubt.
 */
import { z } from 'zod';
import { Lease, TaskStatus, type TaskRecord } from '../../../shared/task';
import type { FileStamp } from '../fsPort';
import { mayNeedReconcile } from '../reconcileScope';
import type { TaskTree } from '../treeFile';

/** A task as the sidebar lists it before its tree is loaded. */
export const TaskSummary = z.object({
  id: z.string().min(1),
  parentId: z.string().nullable(),
  title: z.string(),
  status: TaskStatus,
  createdAt: z.number(),
  updatedAt: z.number(),
  workspace: z.string().nullable(),
  /** Who runs it now: a task running in another window is shown as such. */
  lease: Lease.nullable(),
  awaitingUser: z.boolean(),
  childCount: z.number().int().nonnegative(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

/** The version of a tree file as this entry saw it; a rename or an edit changes at least one field. */
export const FileVersion = z.object({ ino: z.string(), size: z.string(), mtimeNs: z.string() });
export type FileVersion = z.infer<typeof FileVersion>;

export const TreeEntry = z.object({
  rootId: z.string().min(1),
  /** With `writer`, names the version of the tree file this entry was made from. */
  revision: z.number().int().nonnegative(),
  writer: z.string().min(1),
  file: FileVersion.optional(),
  /** The root's creation time: the order the sidebar lists roots in (newest first). */
  createdAt: z.number(),
  /** Every task of the tree, root first. */
  ids: z.array(z.string().min(1)).min(1),
  /**
   * The root, then every task that is not finished (not `completed` or `abandoned`, or still
   * leased): what is known of a tree at open without loading it.
   */
  open: z.array(TaskSummary).min(1),
  /** Artifact handles the records name (results and inboxes). */
  artifacts: z.array(z.string()),
  /** Start-up reconciliation may change it (reconcileScope.ts): such a tree is always loaded. */
  hot: z.boolean(),
  /** Per task (in `ids` order), its title and goal as search matches them (searchText). */
  text: z.array(z.string()),
});
export type TreeEntry = z.infer<typeof TreeEntry>;

const FINAL: ReadonlySet<TaskStatus> = new Set(['completed', 'abandoned']);

/** Not finished: a task the sidebar and the command palette must know about at open. */
export function isOpenTask(record: { status: TaskStatus; lease: Lease | null }): boolean {
  return !FINAL.has(record.status) || record.lease !== null;
}

export function summaryOf(record: TaskRecord): TaskSummary {
  return {
    id: record.id,
    parentId: record.parentId,
    title: record.title,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    workspace: record.workspace,
    lease: record.lease,
    awaitingUser: record.awaitingUser !== null,
    childCount: record.childIds.length,
  };
}

/**
 * What a search matches for a task: its title and goal, lowercased, on one line. A search word
 * never holds white space, so joining with a space and flattening line breaks and tabs changes
 * no answer, and a word never spans the title and the goal.
 */
export function searchText(record: { title: string; goal: string }): string {
  return `${record.title} ${record.goal}`.toLowerCase().replace(/[\t\n\r]/g, ' ');
}

export function fileVersionOf(stamp: FileStamp | undefined): FileVersion | undefined {
  return stamp && { ino: String(stamp.ino), size: String(stamp.size), mtimeNs: String(stamp.mtimeNs) };
}

export function sameFileVersion(version: FileVersion | undefined, stamp: FileStamp | undefined): boolean {
  return !!version && !!stamp && version.ino === String(stamp.ino) && version.size === String(stamp.size) && version.mtimeNs === String(stamp.mtimeNs);
}

/** The catalog entry of a decoded tree (its root first). */
export function entryOf(tree: TaskTree, file?: FileVersion): TreeEntry {
  const root = tree.records[tree.rootId]!;
  const ids = [tree.rootId];
  const open = [summaryOf(root)];
  const text = [searchText(root)];
  const artifacts = new Set<string>();
  for (const id in tree.records) {
    const record = tree.records[id]!;
    if (record.result?.artifact) artifacts.add(record.result.artifact);
    for (const message of record.inbox) if (message.kind === 'child_result' && message.result.artifact) artifacts.add(message.result.artifact);
    if (id === tree.rootId) continue;
    ids.push(id);
    text.push(searchText(record));
    if (isOpenTask(record)) open.push(summaryOf(record));
  }
  return {
    rootId: tree.rootId,
    revision: tree.revision,
    writer: tree.writer,
    ...(file && { file }),
    createdAt: root.createdAt,
    ids,
    open,
    artifacts: [...artifacts],
    hot: mayNeedReconcile(tree.records),
    text,
  };
}

/** Whether the entry belongs in the part of the catalog read at open: something in it is not finished. */
export function isOpenTree(entry: TreeEntry): boolean {
  return entry.hot || entry.open.length > 1 || isOpenTask(entry.open[0]!);
}

/** Newest root first; the id breaks ties, as the sidebar orders them. */
export function newestFirst(a: { createdAt: number; rootId: string }, b: { createdAt: number; rootId: string }): number {
  return b.createdAt - a.createdAt || (a.rootId < b.rootId ? -1 : a.rootId > b.rootId ? 1 : 0);
}
