/**
 * The catalog's files on disk (catalogFormat.ts): reading the snapshot and the log at open,
 * following and appending to the log under the store lock, and installing a new snapshot.
 *
 * Nothing here is on the way of a commit's durability: the log is appended after the tree file
 * is durable and never fsynced, so a crash or a power cut can lose its last lines. That is what
 * the `dir` stamps detect (catalog.ts): a lost line leaves the tasks folder changed beyond the
 * log's last stamp, and the catalog is then checked against the files before it is trusted.
 * A snapshot is written to a new name, fsynced and renamed into place, so it is always whole.
 */
import * as path from 'node:path';
import { discardStaged, fsyncDirectory, installStaged, stageFile, unlinkQuietly } from '../atomicFile';
import { isNotFound, type FsPort } from '../fsPort';
import { randomId } from '../ids';
import {
  decodeIndex,
  sectionIsIntact,
  searchLinesAt,
  decodeSnapshotHeader,
  encodeLogHeader,
  encodeLogLine,
  LogHeader,
  parseLog,
  searchFileName,
  type DirStamp,
  type LogLine,
  type ParsedLog,
  type SnapshotStart,
} from './catalogFormat';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

const SNAPSHOT = 'snapshot';
const LOG = 'log';
const HEADER_BYTES = 512;

export interface LogTail {
  lines: LogLine[];
  /** The log now follows another snapshot (another window wrote one): reload from it. */
  rebase: boolean;
  /** Lines may have been lost (the log was missing or damaged): the catalog is not known exact. */
  lost: boolean;
}

export class CatalogFiles {
  private logFd: number | undefined;
  /** Bytes of the log this process has read or written. */
  private logOffset = 0;
  /** The snapshot the log follows, as this process knows it ('' before any). */
  private after = '';
  private afterSeq = 0;
  private afterDir: DirStamp | null = null;
  /** The log's last byte is not a newline (a torn line): the next append starts a new one. */
  private tornTail = false;

  constructor(
    private readonly fs: FsPort,
    readonly dir: string,
    private readonly log: Log,
  ) {}

  /**
   * The current snapshot's header and open section (what open needs); its body is read later,
   * through the same descriptor, so it is this snapshot's even if another window installs a new
   * one meanwhile. `reason` says why there is none to use.
   */
  readSnapshot(): { snapshot?: SnapshotHandle; reason?: string } {
    let fd: number;
    try {
      fd = this.fs.openSync(path.join(this.dir, SNAPSHOT), 'r');
    } catch (error) {
      return { reason: isNotFound(error) ? 'there is none yet' : `it cannot be read (${String(error)})` };
    }
    try {
      let head = this.fs.readAtSync(fd, 0, 16 * 1024);
      if (head.indexOf(0x0a) < 0 && head.length === 16 * 1024) head = this.fs.readAtSync(fd, 0, 4 * 1024 * 1024);
      const decoded = decodeSnapshotHeader(head);
      if ('reason' in decoded) throw new Error(decoded.reason);
      const { header, bytes } = decoded;
      const openIndex = decodeIndex(header, this.fs.readAtSync(fd, bytes, header.indexBytes));
      if (typeof openIndex === 'string') throw new Error(openIndex);
      const openAt = bytes + header.indexBytes;
      const bodyAt = openAt + header.openBytes;
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        try {
          this.fs.closeSync(fd);
        } catch {
          // Only read from.
        }
      };
      // Each section is read at most once; the file is closed once both are in memory.
      let reads = 0;
      const readSection = (at: number, length: number, crc: string) => {
        if (closed) return undefined;
        const data = this.fs.readAtSync(fd, at, length);
        if (++reads === 2) close();
        return sectionIsIntact(length, crc, data) ? data : undefined;
      };
      const search = this.openSearch(header.search);
      return {
        snapshot: {
          start: { header, openIndex, openAt, bodyAt },
          open: () => readSection(openAt, header.openBytes, header.openCrc),
          bodyPrefix: (length) => (closed ? Buffer.alloc(0) : this.fs.readAtSync(fd, bodyAt, Math.min(length, header.bodyBytes))),
          body: () => readSection(bodyAt, header.bodyBytes, header.bodyCrc),
          search,
          close: () => {
            close();
            search?.close();
          },
        },
      };
    } catch (error) {
      try {
        this.fs.closeSync(fd);
      } catch {
        // Only read from.
      }
      return { reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * The snapshot's search file, opened now (so it stays this snapshot's even if another window
   * installs a new one and removes it); undefined when it is missing or not the snapshot's.
   */
  openSearch(searchId: string): SearchSource | undefined {
    let fd: number;
    try {
      fd = this.fs.openSync(path.join(this.dir, searchFileName(searchId)), 'r');
    } catch (error) {
      if (!isNotFound(error)) this.log('warn', `Cannot read the task search file: ${String(error)}`);
      return undefined;
    }
    const close = () => {
      try {
        this.fs.closeSync(fd);
      } catch {
        // Only read from.
      }
    };
    try {
      const size = Number(this.fs.fstatSync(fd).size);
      const linesAt = searchLinesAt(this.fs.readAtSync(fd, 0, 4096), searchId, size);
      if (linesAt === undefined) throw new Error('not this snapshot’s, or torn');
      return new FileSearchSource(this.fs, fd, linesAt, size - linesAt, close);
    } catch (error) {
      close();
      this.log('warn', `Cannot use the task search file: ${String(error)}`);
      return undefined;
    }
  }

  /**
   * The whole log, at open, for the snapshot `snapshotId` at `seq`. A log that follows another
   * snapshot (a crash between installing one and restarting the log) holds nothing newer.
   */
  readLog(snapshotId: string, seq: number): ParsedLog & { follows: boolean; torn: boolean } {
    this.after = snapshotId;
    this.afterSeq = seq;
    this.afterDir = null;
    let data: Buffer;
    try {
      data = this.fs.readFileSync(path.join(this.dir, LOG));
    } catch (error) {
      if (!isNotFound(error)) this.log('warn', `Cannot read the task catalog's log: ${String(error)}`);
      return { header: undefined, lines: [], consumed: 0, bad: 0, follows: false, torn: false };
    }
    const parsed = parseLog(data, true);
    this.logOffset = parsed.consumed;
    this.tornTail = parsed.consumed < data.length;
    const follows = parsed.header?.after === snapshotId && parsed.header.seq === seq;
    if (follows) this.afterDir = parsed.header!.dir;
    return { ...parsed, follows, torn: this.tornTail };
  }

  /** Under the lock: what other windows appended since this one last looked. */
  catchUp(): LogTail {
    const fd = this.openLog();
    const size = Number(this.fs.fstatSync(fd).size);
    const header = this.headerOf(this.fs.readAtSync(fd, 0, HEADER_BYTES));
    if (size === 0 || !header) {
      // Missing or damaged: start it afresh after the snapshot this window knows. Whatever it
      // held is lost to this window, so nothing vouches for the folder any more.
      const lost = size > 0 || this.logOffset > 0;
      if (lost) this.afterDir = null;
      this.restart(fd, []);
      return { lines: [], rebase: false, lost };
    }
    if (header.after !== this.after || header.seq !== this.afterSeq || size < this.logOffset) return { lines: [], rebase: true, lost: false };
    if (size === this.logOffset) return { lines: [], rebase: false, lost: false };
    const data = this.fs.readAtSync(fd, this.logOffset, size - this.logOffset);
    const parsed = parseLog(data, false);
    this.logOffset += parsed.consumed;
    this.tornTail = parsed.consumed < data.length;
    return { lines: parsed.lines, rebase: false, lost: parsed.bad > 0 || this.tornTail };
  }

  /** Under the lock, after `catchUp`: appends one line. */
  append(line: LogLine): void {
    const fd = this.openLog();
    const text = `${this.tornTail ? '\n' : ''}${encodeLogLine(line)}`;
    const bytes = Buffer.from(text, 'utf8');
    this.fs.writeSync(fd, bytes);
    this.logOffset += bytes.length;
    this.tornTail = false;
  }

  /**
   * Writes a snapshot and its search file (unless `searchBytes` is undefined: the current one is
   * reused) under new names and fsyncs them; nothing is visible yet. Done outside the lock.
   */
  async stage(snapshotBytes: Uint8Array, searchBytes: Uint8Array | undefined, searchId: string): Promise<StagedSnapshot> {
    this.fs.mkdirSync(this.dir, true);
    const search = searchBytes && (await stageFile(this.fs, path.join(this.dir, searchFileName(searchId)), searchBytes));
    try {
      const snapshot = await stageFile(this.fs, path.join(this.dir, SNAPSHOT), snapshotBytes);
      return { snapshot, search, searchId };
    } catch (error) {
      if (search) discardStaged(this.fs, [search]);
      throw error;
    }
  }

  discard(staged: StagedSnapshot): void {
    discardStaged(this.fs, [staged.snapshot, ...(staged.search ? [staged.search] : [])]);
  }

  /** Goes back to following the log of snapshot `snapshotId` (after a failed attempt to read another). */
  follow(snapshotId: string, seq: number): void {
    this.after = snapshotId;
    this.afterSeq = seq;
  }

  /** Under the lock: starts the log of a store with no snapshot yet, from an empty catalog exact for `dir`. */
  startEmpty(dir: DirStamp | null): void {
    this.after = '';
    this.afterSeq = 0;
    this.afterDir = dir;
    this.restart(this.openLog(), []);
  }

  /**
   * Under the lock: every line of the log newer than `seq` (to carry over into the log of a new
   * snapshot that includes everything up to `seq`); undefined when the log no longer follows the
   * snapshot this window knows (another window installed one meanwhile).
   */
  linesAfter(seq: number): LogLine[] | undefined {
    const fd = this.openLog();
    const size = Number(this.fs.fstatSync(fd).size);
    const parsed = parseLog(this.fs.readAtSync(fd, 0, size), true);
    if (size > 0 && (parsed.header?.after !== this.after || parsed.header.seq !== this.afterSeq)) return undefined;
    return parsed.lines.filter((line) => line.seq > seq);
  }

  /**
   * Under the lock: puts a staged snapshot (which includes everything up to `seq`, and is exact
   * for the folder stamp `dir` if that is known) in place, durably, and restarts the log after
   * it with `newer`, the lines it does not include.
   */
  async install(staged: StagedSnapshot, snapshotId: string, seq: number, dir: DirStamp | null, newer: readonly LogLine[]): Promise<void> {
    installStaged(this.fs, [...(staged.search ? [staged.search] : []), staged.snapshot]);
    await fsyncDirectory(this.fs, this.dir);
    this.after = snapshotId;
    this.afterSeq = seq;
    this.afterDir = dir;
    this.restart(this.openLog(), newer);
    this.removeOtherSearchFiles(staged.searchId);
  }

  close(): void {
    if (this.logFd === undefined) return;
    try {
      this.fs.closeSync(this.logFd);
    } catch {
      // Nothing to lose: every line was written.
    }
    this.logFd = undefined;
  }

  /** Temp files of interrupted snapshot writes (a crash while writing one). */
  temps(): string[] {
    try {
      return this.fs.readdirSync(this.dir).filter((name) => name.endsWith('.tmp'));
    } catch {
      return [];
    }
  }

  /** Removes leftovers: temp files of interrupted snapshot writes (only under the lock: one may be a live writer's). */
  removeTemps(): void {
    for (const name of this.temps()) unlinkQuietly(this.fs, path.join(this.dir, name));
  }

  private restart(fd: number, lines: readonly LogLine[]): void {
    this.fs.truncateSync(fd, 0);
    const text = encodeLogHeader({ after: this.after, seq: this.afterSeq, dir: this.afterDir }) + lines.map(encodeLogLine).join('');
    const bytes = Buffer.from(text, 'utf8');
    this.fs.writeSync(fd, bytes);
    this.logOffset = bytes.length;
    this.tornTail = false;
  }

  private openLog(): number {
    if (this.logFd === undefined) {
      this.fs.mkdirSync(this.dir, true);
      this.logFd = this.fs.openSync(path.join(this.dir, LOG), 'a+');
    }
    return this.logFd;
  }

  private headerOf(head: Buffer): LogHeader | undefined {
    const newline = head.indexOf(0x0a);
    if (newline < 0) return undefined;
    try {
      const parsed = LogHeader.safeParse(JSON.parse(head.subarray(0, newline).toString('utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private removeOtherSearchFiles(keep: string): void {
    let names: string[];
    try {
      names = this.fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) if (name.endsWith('.search') && name !== searchFileName(keep)) unlinkQuietly(this.fs, path.join(this.dir, name));
  }
}

/** A search file, streamed: a search never holds it in memory. */
export interface SearchSource {
  /** Its lines, in chunks of whole tree blocks, in file order (each chunk is valid until the next is asked for). */
  chunks(): Generator<Buffer>;
  /** All its lines (for a new snapshot to copy the blocks of unchanged trees). */
  all(): Buffer;
  close(): void;
}

/** Bytes a search reads at a time, into one buffer it keeps (memory it has touched already is cheap to fill again). */
const SEARCH_CHUNK = 1024 * 1024;

class FileSearchSource implements SearchSource {
  private buffer: Buffer | undefined;

  constructor(
    private readonly fs: FsPort,
    private readonly fd: number,
    private readonly linesAt: number,
    private readonly bytes: number,
    readonly close: () => void,
  ) {}

  *chunks(): Generator<Buffer> {
    this.buffer ??= Buffer.allocUnsafe(SEARCH_CHUNK);
    for (let at = 0; at < this.bytes; ) {
      const length = Math.min(this.buffer.length, this.bytes - at);
      const n = this.fs.readIntoSync(this.fd, this.buffer, length, this.linesAt + at);
      if (n === 0) return;
      let cut = n;
      if (at + n < this.bytes) {
        // End the chunk before the last tree's line: a task line's tree line is always in its chunk.
        const last = this.buffer.subarray(0, n).lastIndexOf(TREE_START);
        if (last < 0) {
          this.buffer = Buffer.allocUnsafe(this.buffer.length * 2);
          continue;
        }
        cut = last + 1;
      }
      yield this.buffer.subarray(0, cut);
      at += cut;
    }
  }

  all(): Buffer {
    return this.fs.readAtSync(this.fd, this.linesAt, this.bytes);
  }
}

const TREE_START = Buffer.from('\n{');

/** A snapshot as open reads it: its start at once, its body on demand. */
export interface SnapshotHandle {
  start: SnapshotStart;
  /** The open section, checked against its CRC (undefined if it fails). */
  open(): Buffer | undefined;
  /** The first bytes of the body, unchecked (lines are parsed one by one): enough for a first page. */
  bodyPrefix(length: number): Buffer;
  /** The whole body, checked against its CRC (undefined if it fails). */
  body(): Buffer | undefined;
  /** Its search file, opened with it (undefined: missing or not its own). */
  search: SearchSource | undefined;
  close(): void;
}

export interface StagedSnapshot {
  snapshot: { file: string; temp: string };
  search: { file: string; temp: string } | undefined;
  searchId: string;
}

export const newSnapshotId = (): string => randomId(12);
