/**
 * The integrity seal of a tree file: a CRC-32 of the file's bytes, seeded with a fingerprint of
 * the record schema (its zod definition, walked structurally, and the schema version).
 *
 * Why: the store validates every record it writes with zod. A file whose seal verifies is
 * byte for byte what a store validated against this very schema, and validating it again can
 * only give the same answer, so loading skips the second zod pass (cold, that pass costs more
 * than the whole open budget of a large history). A file that was truncated, damaged, edited by
 * hand, written under another schema (even one changed without a version bump), or written
 * before seals existed fails the check and gets the full zod validation (and quarantine if that
 * fails). CRC-32 guards against accidents, not attackers; someone who can write these files can
 * also write records that pass zod.
 */
import { crc32 } from 'node:zlib';
import { TASK_SCHEMA_VERSION, TaskRecord } from '../../shared/task';

let seed: number | undefined;

/** Seals `body` (the file up to its seal field) as 8 hex digits. */
export function sealOf(body: Uint8Array): string {
  seed ??= crc32(`baton-task-tree|${TASK_SCHEMA_VERSION}|${describeSchema(TaskRecord)}`);
  return crc32(body, seed).toString(16).padStart(8, '0');
}

/**
 * A canonical text of a zod schema's definition: types, shapes, checks (min, max, int…), enum
 * values, literals, defaults. Any change to the schema changes it.
 */
export function describeSchema(schema: unknown): string {
  const onPath = new Set<object>();
  const walk = (value: unknown): string => {
    if (typeof value === 'function') return 'fn';
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
    const def = (value as { _zod?: { def?: unknown } })._zod?.def;
    if (def !== undefined) return walk(def);
    if (onPath.has(value)) return 'cycle';
    onPath.add(value);
    try {
      if (Array.isArray(value)) return `[${value.map(walk).join(',')}]`;
      const keys = Object.keys(value).sort();
      return `{${keys.map((k) => `${k}:${walk((value as Record<string, unknown>)[k])}`).join(',')}}`;
    } finally {
      onPath.delete(value);
    }
  };
  return walk(schema);
}
