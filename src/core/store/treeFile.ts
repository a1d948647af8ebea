/**
 * The tree file codec. Why one file per task tree: a transition only ever touches one tree (a
 * parent and its child share a root), and completing a child must change both records in one
 * atomic step. With every record of the tree in one small file (a few KB), that step is a single
 * durable file replacement (atomicFile.ts): a crash at any instruction leaves the old file or
 * the new one, and nothing needs replaying on open. One file per task would need an intent
 * journal to change two files atomically; one file for the whole history would rewrite
 * megabytes on every commit.
 *
 * A file holds the schema version, the tree revision, the writer's stamp and every record, and
 * ends with an integrity seal (seal.ts). Decoding a sealed file checks its structure; any other
 * file is migrated from older versions and every record is validated with the zod schema. A
 * file that fails any check is reported with a reason (the store quarantines it).
 */
import { TASK_SCHEMA_VERSION, TaskRecord, type TaskMap } from '../../shared/task';
import { MIGRATIONS, migrateTree, type MigrationTable, type RawTree } from './migrations';
import { sealOf } from './seal';

export const TREE_FORMAT = 'baton-task-tree';

export interface TaskTree {
  rootId: string;
  /** Bumped by every write of the file; with `writer`, names one version of it. */
  revision: number;
  /** Random per write, so a deleted and re-created tree never repeats a (revision, writer) pair. */
  writer: string;
  records: TaskMap;
}

/** The identity of one written version of a tree file. */
export interface TreeStamp {
  revision: number;
  writer: string;
}

/**
 * Why a file does not decode, which decides what the store does with it (problems.ts):
 * `invalid` is quarantined; `newer` (a newer Baton's schema) and `inconsistent` (links to tasks
 * outside the file) are left in place and skipped.
 */
export type DecodeFault = 'invalid' | 'newer' | 'inconsistent';

export type DecodeFailure = { ok: false; reason: string; fault: DecodeFault; tasks?: number };

export type DecodeResult = { ok: true; tree: TaskTree; migratedFrom?: number; sealed: boolean } | DecodeFailure;

const invalid = (reason: string): DecodeFailure => ({ ok: false, reason, fault: 'invalid' });

/** `,"seal":"0123abcd"}`: the last bytes of every file this codec writes. */
const SEAL_LENGTH = 19;
const SEAL = /^,"seal":"([0-9a-f]{8})"\}$/;

/**
 * Header fields come first, in this order, so `readTreeStamp` can read them without parsing the
 * records; the seal comes last and covers every byte before it.
 */
export function encodeTree(tree: TaskTree): Buffer {
  const records = Object.values(tree.records);
  const header = JSON.stringify({ format: TREE_FORMAT, schemaVersion: TASK_SCHEMA_VERSION, revision: tree.revision, writer: tree.writer, rootId: tree.rootId });
  const body = Buffer.from(`${header.slice(0, -1)},"records":${JSON.stringify(records)}`, 'utf8');
  return Buffer.concat([body, Buffer.from(`,"seal":"${sealOf(body)}"}`, 'latin1')]);
}

/** Whether `data` ends with a seal that matches its bytes and this schema. */
export function isSealed(data: Buffer): boolean {
  if (data.length <= SEAL_LENGTH) return false;
  const match = SEAL.exec(data.subarray(data.length - SEAL_LENGTH).toString('latin1'));
  return match !== null && match[1] === sealOf(data.subarray(0, data.length - SEAL_LENGTH));
}

const STAMP = /^\{"format":"baton-task-tree","schemaVersion":\d+,"revision":(\d+),"writer":"([A-Za-z0-9_-]+)"/;

/** How many leading bytes hold the stamp. */
export const STAMP_BYTES = 160;

/** The stamp of an encoded tree, from its first bytes; undefined if the header is not ours. */
export function readTreeStamp(data: Buffer): TreeStamp | undefined {
  const match = STAMP.exec(data.subarray(0, STAMP_BYTES).toString('latin1'));
  return match ? { revision: Number(match[1]), writer: match[2]! } : undefined;
}

/** With `trustSeals` false, every record of every file is validated with zod, sealed or not. */
export function decodeTree(data: Buffer | string, migrations: MigrationTable = MIGRATIONS, trustSeals = true): DecodeResult {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const sealed = trustSeals && isSealed(bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return invalid(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('not a JSON object');
  let tree = raw as RawTree;
  if (tree.format !== TREE_FORMAT) return invalid(`not a task tree file (format ${JSON.stringify(tree.format)})`);
  const version = tree.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return invalid(`bad schema version ${JSON.stringify(version)}`);
  }
  if (version > TASK_SCHEMA_VERSION) {
    // Not ours to judge: a newer Baton wrote it and reads it; the count is for the user's message.
    const tasks = Array.isArray(tree.records) ? tree.records.length : undefined;
    return { ok: false, fault: 'newer', reason: `saved by a newer Baton (schema version ${version}; this one reads up to ${TASK_SCHEMA_VERSION})`, ...(tasks !== undefined && { tasks }) };
  }
  if (version < TASK_SCHEMA_VERSION) {
    const migrated = migrateTree(tree, version, TASK_SCHEMA_VERSION, migrations);
    if (!migrated.ok) return invalid(migrated.reason);
    tree = migrated.tree;
  }
  const checked = validateTree(tree, sealed && version === TASK_SCHEMA_VERSION);
  if (!checked.ok) return checked;
  return version < TASK_SCHEMA_VERSION ? { ...checked, migratedFrom: version } : checked;
}

/** With `sealed`, the records are exactly ones a store validated against this schema: only structure is checked. */
function validateTree(tree: RawTree, sealed: boolean): DecodeResult {
  const { rootId, revision, writer, records } = tree;
  if (typeof rootId !== 'string' || rootId.length === 0) return invalid('missing rootId');
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) return invalid('bad tree revision');
  if (typeof writer !== 'string' || !/^[A-Za-z0-9_-]+$/.test(writer)) return invalid('bad writer token');
  if (!Array.isArray(records) || records.length === 0) return invalid('no records');
  const map: Record<string, TaskRecord> = {};
  for (const [i, candidate] of records.entries()) {
    let record: TaskRecord;
    if (sealed) {
      record = candidate as TaskRecord;
    } else {
      const parsed = TaskRecord.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return invalid(`record ${i} invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`);
      }
      record = parsed.data;
    }
    // A plain-object map (what the lifecycle takes) cannot hold this key as data.
    if (record.id === '__proto__') return invalid('a record has the reserved id __proto__');
    if (record.rootId !== rootId) return invalid(`record ${record.id} belongs to tree ${record.rootId}`);
    if (map[record.id]) return invalid(`record ${record.id} appears twice`);
    map[record.id] = record;
  }
  const root = map[rootId];
  if (!root || root.parentId !== null) return invalid(`no root record ${rootId}`);
  const outside = linkOutside(map);
  if (outside) return { ok: false, fault: 'inconsistent', reason: outside, tasks: records.length };
  return { ok: true, tree: { rootId, revision, writer, records: map }, sealed };
}

/**
 * A tree file holds its whole tree, so every parent, child and awaited child a record names is
 * in the same file; a store never writes one that is not. A link to a task outside the file is
 * damage (a hand edit, a copied record), and which side is right cannot be told: such a file is
 * never loaded, so nothing (reconcile least of all) rewrites it on a guess.
 */
export function linkOutside(records: TaskMap): string | undefined {
  for (const id in records) {
    const record = records[id]!;
    if (record.parentId !== null && !records[record.parentId]) return `task ${id} names parent ${record.parentId}, which is not in this file`;
    for (const childId of record.childIds) if (!records[childId]) return `task ${id} lists child ${childId}, which is not in this file`;
    if (record.awaitingChildId !== null && !records[record.awaitingChildId]) return `task ${id} awaits ${record.awaitingChildId}, which is not in this file`;
  }
  return undefined;
}
