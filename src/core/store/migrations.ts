/**
 * Upgrades of tree files written by older versions of Baton. `MIGRATIONS[n]` turns a version-n
 * tree (the whole decoded JSON object, records included) into a version-(n + 1) tree; the codec
 * chains them up to `TASK_SCHEMA_VERSION` before validating. A migration must be pure and total
 * on valid old files; anything it cannot upgrade it leaves for validation to reject, which
 * quarantines the file. Each step only fills in what is missing, so it is harmless on a record
 * that already has the newer fields.
 */
import { MAX_TIMER_MS } from '../../shared/task';

export type RawTree = Record<string, unknown>;
export type TreeMigration = (tree: RawTree) => RawTree;
export type MigrationTable = Readonly<Record<number, TreeMigration>>;

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Version 1 → 2 (fan-out). A parent waited for one child (`awaitingChildId`, answered by
 * `pendingToolCallId`); now it waits for an ordered set (`awaiting`). A child owed its parent a
 * result until it completed or was abandoned and the result was delivered; now that debt is
 * explicit (`reportTo`, per assignment; every old child is on its first). Budgets a timer
 * cannot hold are clamped (a longer one ended the task at once).
 */
function v1ToV2(tree: RawTree): RawTree {
  if (!Array.isArray(tree.records)) return tree;
  const records = tree.records as unknown[];
  const byId = new Map<unknown, Raw>();
  for (const r of records) if (isObject(r)) byId.set(r.id, r);
  return { ...tree, records: records.map((r) => (isObject(r) ? upgradeRecord(r, byId) : r)) };
}

function upgradeRecord(r: Raw, byId: ReadonlyMap<unknown, Raw>): Raw {
  const awaitedId = typeof r.awaitingChildId === 'string' ? r.awaitingChildId : null;
  const pending = typeof r.pendingToolCallId === 'string' ? r.pendingToolCallId : null;
  const out: Raw = { ...r, schemaVersion: 2 };
  if (!('awaiting' in r)) {
    const toolCallId = pending ?? (awaitedId && `delegation-${awaitedId}`);
    out.awaiting = awaitedId ? [{ childId: awaitedId, toolCallId, until: null, wakeOn: [] }] : [];
    if (awaitedId) out.pendingToolCallId = toolCallId;
  }
  if (!('assignment' in r)) out.assignment = 1;
  if (!('reportTo' in r)) out.reportTo = reportTo(r, byId);
  if (!('agent' in r)) out.agent = null;
  if (Array.isArray(r.inbox)) out.inbox = r.inbox.map((m) => (isObject(m) && m.kind === 'child_result' && !('assignment' in m) ? { ...m, assignment: 1 } : m));
  if (isObject(r.budget)) out.budget = { ...r.budget, maxRuntimeMs: clampMs(r.budget.maxRuntimeMs), responseTimeoutMs: clampMs(r.budget.responseTimeoutMs) };
  return out;
}

/**
 * What an old child still owes its parent: an unfinished one, the outcome of its delegation
 * (the parent's pending call if the parent waits for it). A finished one owes nothing, unless
 * its parent still waits for it (a crash between the two writes of an older Baton): then start-up
 * reconciliation delivers it.
 */
function reportTo(r: Raw, byId: ReadonlyMap<unknown, Raw>): { toolCallId: string } | null {
  if (typeof r.parentId !== 'string') return null;
  const parent = byId.get(r.parentId);
  const awaitedBy = parent && parent.awaitingChildId === r.id && typeof parent.pendingToolCallId === 'string' ? parent.pendingToolCallId : null;
  const finished = r.status === 'completed' || r.status === 'abandoned';
  if (finished) return parent && parent.awaitingChildId === r.id ? { toolCallId: awaitedBy ?? `delegation-${String(r.id)}` } : null;
  return { toolCallId: awaitedBy ?? `delegation-${String(r.id)}` };
}

function clampMs(value: unknown): unknown {
  return typeof value === 'number' && value > MAX_TIMER_MS ? MAX_TIMER_MS : value;
}

export const MIGRATIONS: MigrationTable = { 1: v1ToV2 };

export type MigrationResult = { ok: true; tree: RawTree } | { ok: false; reason: string };

export function migrateTree(tree: RawTree, from: number, to: number, table: MigrationTable): MigrationResult {
  let current = tree;
  for (let version = from; version < to; version++) {
    const step = table[version];
    if (!step) return { ok: false, reason: `no migration from schema version ${version} to ${version + 1}` };
    try {
      current = { ...step(current), schemaVersion: version + 1 };
    } catch (error) {
      return { ok: false, reason: `migration from schema version ${version} failed: ${String(error)}` };
    }
  }
  return { ok: true, tree: current };
}
