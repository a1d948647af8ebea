/**
 * Upgrades of tree files written by older versions of Baton. `MIGRATIONS[n]` turns a version-n
 * tree (the whole decoded JSON object, records included) into a version-(n + 1) tree; the codec
 * chains them up to `TASK_SCHEMA_VERSION` before validating. Empty today: version 1 is the first.
 * A migration must be pure and total on valid old files; anything it cannot upgrade it leaves
 * for validation to reject, which quarantines the file.
 */

export type RawTree = Record<string, unknown>;
export type TreeMigration = (tree: RawTree) => RawTree;
export type MigrationTable = Readonly<Record<number, TreeMigration>>;

export const MIGRATIONS: MigrationTable = {};

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
