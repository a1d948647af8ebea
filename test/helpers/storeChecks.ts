/** What must hold of a store after any crash, kill or race: shared by the store's robustness tests. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkInvariants } from '../../src/core/lifecycle';
import { TaskRecord, type TaskMap } from '../../src/shared/task';

export function snapshotOf(records: readonly TaskRecord[]): TaskMap {
  return Object.fromEntries(records.map((r) => [r.id, r]));
}

/** Every record valid, every invariant holds, every finished child's result in its parent's inbox. */
export function assertSoundStore(records: readonly TaskRecord[], context: string): void {
  for (const record of records) {
    const parsed = TaskRecord.safeParse(record);
    assert.ok(parsed.success, `${context}: invalid record ${record.id}`);
  }
  const tasks = snapshotOf(records);
  assert.deepEqual(checkInvariants(tasks), [], `${context}: invariants`);
  for (const child of records) {
    if (child.status !== 'completed' || child.parentId === null) continue;
    const parent = tasks[child.parentId];
    if (!parent) continue;
    const delivered = parent.inbox.some((m) => m.kind === 'child_result' && m.childId === child.id);
    assert.ok(delivered, `${context}: completed child ${child.id} but parent ${parent.id} lacks its result`);
  }
}

/**
 * No temp file left in the tasks folder or the catalog's, and nothing quarantined. Lines a transcript repair
 * dropped (`*.dropped`: a kill tore a transcript's last line, which is expected) do not count.
 */
export function assertCleanFolder(storeDir: string, context: string): void {
  const names = fs.readdirSync(path.join(storeDir, 'tasks'));
  const temps = names.filter((n) => !n.endsWith('.json'));
  assert.deepEqual(temps, [], `${context}: stray files in tasks/`);
  const catalog = path.join(storeDir, 'catalog');
  const catalogTemps = fs.existsSync(catalog) ? fs.readdirSync(catalog).filter((n) => n.endsWith('.tmp')) : [];
  assert.deepEqual(catalogTemps, [], `${context}: stray files in catalog/`);
  const quarantine = path.join(storeDir, 'quarantine');
  const moved = fs.existsSync(quarantine) ? fs.readdirSync(quarantine).filter((n) => !n.endsWith('.dropped')) : [];
  assert.deepEqual(moved, [], `${context}: files were quarantined`);
}
