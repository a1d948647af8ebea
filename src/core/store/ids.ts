/**
 * Random ids in nanoid's alphabet and algorithm. The `nanoid` package is ESM-only and this
 * project compiles to CommonJS, so the few lines are inlined rather than imported.
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/** Random bytes are drawn in bulk, as nanoid does: one system call per few hundred ids. */
const pool = Buffer.allocUnsafe(4096);
let used = pool.length;

export function randomId(size = 21): string {
  if (used + size > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let id = '';
  for (let i = 0; i < size; i++) id += ALPHABET[pool[used + i]! & 63];
  used += size;
  return id;
}
