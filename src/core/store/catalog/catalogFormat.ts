/**
 * The catalog's files, as bytes. Under `catalog/` in the store folder:
 *
 *  - `snapshot`: a header line; the index of the open section (root id, creation time, hot,
 *    length of each of its lines: all that open reads); the "open" section (the entries of
 *    every tree with something unfinished in it); the body (every other tree). Both sections
 *    hold one entry per line, newest root first, each starting with the keys an index needs
 *    (entryLines.ts), and are read when something asks for them (the body a first page at a
 *    time). The header carries a CRC-32 of each part; a snapshot that fails one is not used.
 *  - `<id>.search`: per tree, newest root first, a line `{"r":rootId,"l":listing}` (what the
 *    sidebar lists of it) then one line per task, `["rootId","taskId"]<TAB>title and goal as
 *    search matches them`. A search streams it (never held in memory) and needs nothing else;
 *    it can stop once it has a page of roots; and nothing in a tree's lines depends on where
 *    the others are, so a new snapshot copies the lines of unchanged trees as they are. A
 *    snapshot names its own search file, so a crash between writing the two never pairs the
 *    wrong ones.
 *  - `log`: a header line naming the snapshot it follows (and the tasks folder's stamp that
 *    snapshot is exact for, if known), then one JSON line per change since it (a tree put or
 *    deleted), appended under the store lock.
 *
 * Every line of the log carries `seq` (one more than the line before: a gap means lines were
 * lost) and `dir`: the stamp of the tasks folder right after the change, set only when the
 * writer saw, under the lock, that the folder was exactly as the line before left it (nothing
 * the log does not describe had changed it); null when it could not tell. So the catalog is
 * exact (snapshot + log describe every tree file) when the last `dir` equals the folder's
 * stamp now: every change to the folder's names happens under the lock and is logged, and a
 * change nobody logged (a crash between a rename and its line, a power cut that took unsynced
 * lines, another program) leaves the folder's stamp different from the last one logged.
 */
import { z } from 'zod';
import { crc32 } from 'node:zlib';
import type { FileStamp } from '../fsPort';
import { TreeEntry } from './treeEntry';

export const CATALOG_VERSION = 1;

/** A folder's stamp, as text: creating, renaming or removing an entry in it changes it. */
export const DirStamp = z.object({ ino: z.string(), mtimeNs: z.string(), ctimeNs: z.string() });
export type DirStamp = z.infer<typeof DirStamp>;

export function dirStampOf(stamp: FileStamp): DirStamp {
  return { ino: String(stamp.ino), mtimeNs: String(stamp.mtimeNs), ctimeNs: String(stamp.ctimeNs) };
}

export function sameDir(a: DirStamp | null | undefined, b: DirStamp | null | undefined): boolean {
  return !!a && !!b && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** A tree file the store left in place and skipped (a newer Baton's, inconsistent, unreadable): read again at open. */
export const SkippedName = z.object({ name: z.string().min(1) });

export const SnapshotHeader = z.object({
  format: z.literal('baton-catalog'),
  version: z.literal(CATALOG_VERSION),
  taskSchemaVersion: z.number().int(),
  /** Random: names this snapshot. */
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  /** The last log line it includes. */
  seq: z.number().int().nonnegative(),
  /**
   * The open section's index (a JSON array of [rootId, createdAt, hot, line bytes, revision,
   * writer], one per line: what open reads), the open section and the body, each with its CRC-32.
   */
  indexBytes: z.number().int().nonnegative(),
  indexCrc: z.string(),
  openBytes: z.number().int().nonnegative(),
  openCrc: z.string(),
  bodyBytes: z.number().int().nonnegative(),
  bodyCrc: z.string(),
  /** Its search file's id (a new snapshot keeps the last one's when no text changed). */
  search: z.string().regex(/^[A-Za-z0-9_-]+$/),
  skipped: z.array(SkippedName),
  /** Every artifact handle its entries name, with how many trees name it: what open needs to keep them (artifactRefs.ts). */
  artifacts: z.record(z.string(), z.number().int().positive()),
  /** Roots of trees that shared a task id with another (none shown): their ids are known at open. */
  conflicts: z.array(z.string()),
  trees: z.number().int().nonnegative(),
  tasks: z.number().int().nonnegative(),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;

/** An entry as the snapshot stores it: its search text lives in the search file, at `search` (offset, length). */
export type StoredEntry = Omit<TreeEntry, 'text'> & { text?: string[]; search?: [number, number] };

/** One line of a section, as its index holds it (with the version of the tree file it describes). */
export type IndexedLine = [rootId: string, createdAt: number, hot: 0 | 1, bytes: number, revision: number, writer: string];

export interface SnapshotStart {
  header: SnapshotHeader;
  /** The open section's index: its lines (entryLines.ts) are read when something asks for them. */
  openIndex: IndexedLine[];
  /** Where the open section and the body start in the file. */
  openAt: number;
  bodyAt: number;
}

export type SnapshotRead = { ok: true; start: SnapshotStart } | { ok: false; reason: string };

export const crcOf = (data: Uint8Array): string => crc32(data).toString(16).padStart(8, '0');

/** Decodes the header line (the file's first bytes, up to and past its newline). */
export function decodeSnapshotHeader(head: Buffer): { header: SnapshotHeader; bytes: number } | { reason: string } {
  const newline = head.indexOf(0x0a);
  if (newline < 0) return { reason: 'no header' };
  try {
    const parsed = SnapshotHeader.safeParse(JSON.parse(head.subarray(0, newline).toString('utf8')));
    if (!parsed.success) return { reason: `bad header: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    return { header: parsed.data, bytes: newline + 1 };
  } catch (error) {
    return { reason: `bad header: ${String(error)}` };
  }
}

/** Decodes the open section's index, checked against its CRC. */
export function decodeIndex(header: SnapshotHeader, data: Buffer): IndexedLine[] | string {
  if (data.length !== header.indexBytes || crcOf(data) !== header.indexCrc) return 'the checksum of its index does not match';
  try {
    const index = JSON.parse(data.toString('utf8')) as IndexedLine[];
    if (!Array.isArray(index) || index.reduce((n, line) => n + line[3], 0) !== header.openBytes) return 'its index does not match its open section';
    return index;
  } catch (error) {
    return `bad index: ${String(error)}`;
  }
}

/** Checks a section read whole against its CRC. */
export function sectionIsIntact(bytes: number, crc: string, data: Buffer): boolean {
  return data.length === bytes && crcOf(data) === crc;
}

export interface SnapshotParts {
  header: Omit<SnapshotHeader, 'format' | 'version' | 'indexBytes' | 'indexCrc' | 'openBytes' | 'openCrc' | 'bodyBytes' | 'bodyCrc'>;
  /** Lines of each section, each ending with a newline, newest root first; the open section's with their keys. */
  openLines: readonly { line: Uint8Array; rootId: string; createdAt: number; hot: boolean; revision: number; writer: string }[];
  bodyLines: readonly Uint8Array[];
}

export function encodeSnapshot(parts: SnapshotParts): Buffer {
  const index = Buffer.from(JSON.stringify(parts.openLines.map((l): IndexedLine => [l.rootId, l.createdAt, l.hot ? 1 : 0, l.line.length, l.revision, l.writer])), 'utf8');
  const open = Buffer.concat(parts.openLines.map((l) => l.line));
  const body = Buffer.concat(parts.bodyLines as Uint8Array[]);
  const header: SnapshotHeader = {
    format: 'baton-catalog',
    version: CATALOG_VERSION,
    ...parts.header,
    indexBytes: index.length,
    indexCrc: crcOf(index),
    openBytes: open.length,
    openCrc: crcOf(open),
    bodyBytes: body.length,
    bodyCrc: crcOf(body),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), index, open, body]);
}

// ---- search file --------------------------------------------------------------------------

export const SearchHeader = z.object({ format: z.literal('baton-catalog-search'), version: z.literal(CATALOG_VERSION), id: z.string(), bytes: z.number().int().nonnegative() });
export type SearchHeader = z.infer<typeof SearchHeader>;

export function searchFileName(snapshotId: string): string {
  return `${snapshotId}.search`;
}

/** The search lines of one tree: its listing, then a line per task. */
export function searchLinesOf(listing: unknown, rootId: string, ids: readonly string[], text: readonly string[]): Buffer {
  let out = `${JSON.stringify({ r: rootId, l: listing })}\n`;
  for (let i = 0; i < ids.length; i++) out += `${JSON.stringify([rootId, ids[i]])}\t${text[i] ?? ''}\n`;
  return Buffer.from(out, 'utf8');
}

export function encodeSearchFile(id: string, lines: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(lines as Uint8Array[]);
  const header: SearchHeader = { format: 'baton-catalog-search', version: CATALOG_VERSION, id, bytes: body.length };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]);
}

/** Where the lines of a search file start, given its first bytes, when it is snapshot `id`'s and whole (`size` bytes). */
export function searchLinesAt(head: Buffer, id: string, size: number): number | undefined {
  const newline = head.indexOf(0x0a);
  if (newline < 0) return undefined;
  try {
    const header = SearchHeader.safeParse(JSON.parse(head.subarray(0, newline).toString('utf8')));
    if (!header.success || header.data.id !== id || header.data.bytes !== size - newline - 1) return undefined;
  } catch {
    return undefined;
  }
  return newline + 1;
}

// ---- log ----------------------------------------------------------------------------------

export const LogHeader = z.object({
  format: z.literal('baton-catalog-log'),
  version: z.literal(CATALOG_VERSION),
  /** The snapshot it follows ('' before the first). */
  after: z.string(),
  /** That snapshot's last line: this log's lines start at seq + 1. */
  seq: z.number().int().nonnegative(),
  /** The tasks folder's stamp the snapshot is exact for, or null when that is not known. */
  dir: DirStamp.nullable(),
});
export type LogHeader = z.infer<typeof LogHeader>;

export const LogLine = z.union([
  z.object({ seq: z.number().int().positive(), dir: DirStamp.nullable(), put: TreeEntry }),
  z.object({ seq: z.number().int().positive(), dir: DirStamp.nullable(), del: z.string().min(1) }),
  /** The writer vouches that the catalog is exact for `dir`. */
  z.object({ seq: z.number().int().positive(), dir: DirStamp, sync: z.literal(true) }),
]);
export type LogLine = z.infer<typeof LogLine>;

export function encodeLogHeader(header: Omit<LogHeader, 'format' | 'version'>): string {
  return `${JSON.stringify({ format: 'baton-catalog-log', version: CATALOG_VERSION, ...header })}\n`;
}

/**
 * One log line: its JSON and a CRC-32 of it. A line whose CRC matches is exactly one this code
 * wrote from a validated tree, and is read without running zod over it (a log of a few thousand
 * entries would otherwise cost more than the rest of open); any other line is validated.
 */
export function encodeLogLine(line: LogLine): string {
  const json = JSON.stringify(line);
  return `${json}\t${crcOf(Buffer.from(json, 'utf8'))}\n`;
}

export interface ParsedLog {
  header: LogHeader | undefined;
  lines: LogLine[];
  /** Bytes consumed: everything up to the last complete line. */
  consumed: number;
  /** Lines that did not parse (a torn write, damage). */
  bad: number;
}

/**
 * Parses log bytes (from the start of the file when `withHeader`). A last line without its
 * newline is left unconsumed: it may be a write in progress (never under the lock, where this
 * runs when it matters) or torn by a crash.
 */
export function parseLog(data: Buffer, withHeader: boolean): ParsedLog {
  const out: ParsedLog = { header: undefined, lines: [], consumed: 0, bad: 0 };
  let start = 0;
  let first = withHeader;
  for (;;) {
    const end = data.indexOf(0x0a, start);
    if (end < 0) break;
    const text = data.subarray(start, end).toString('utf8');
    start = end + 1;
    out.consumed = start;
    if (first) {
      first = false;
      try {
        const header = LogHeader.safeParse(JSON.parse(text));
        if (header.success) out.header = header.data;
        else out.bad++;
      } catch {
        out.bad++;
      }
      continue;
    }
    if (text === '') continue;
    try {
      const tab = text.lastIndexOf('\t');
      const json = tab < 0 ? text : text.slice(0, tab);
      if (tab >= 0 && text.slice(tab + 1) === crcOf(Buffer.from(json, 'utf8'))) {
        out.lines.push(JSON.parse(json) as LogLine);
        continue;
      }
      const line = LogLine.safeParse(JSON.parse(json));
      if (line.success) out.lines.push(line.data);
      else out.bad++;
    } catch {
      out.bad++;
    }
  }
  return out;
}
