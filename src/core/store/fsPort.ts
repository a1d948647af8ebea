/**
 * The file-system calls the store makes, behind one small port so tests can fail the k-th call
 * (a simulated crash or I/O error at every point of a commit) without mocking `node:fs`.
 *
 * Why most calls are synchronous: under load each thread-pool hop of `fs.promises` costs 50-200 µs,
 * more than the store's whole overhead budget over a bare durable write (about 1 ms of fsync).
 * Opening, writing a few KB into the page cache, renaming and unlinking never wait for the disk,
 * so they run inline (~10 µs). Only `fsync`, which does wait for the disk, and bulk reads at
 * start-up go to the thread pool, so the extension host's event loop never blocks on the device.
 */
import * as fs from 'node:fs';

/** What identifies one version of a file cheaply (a changed file changes at least one field). */
export interface FileStamp {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export interface FsPort {
  /** `a` opens for appending (creating the file), e.g. to fsync a file others append to; `a+` also for reading. */
  openSync(path: string, flags: 'r' | 'w' | 'wx' | 'a' | 'a+'): number;
  /** Writes all of `data` at the current position. */
  writeSync(fd: number, data: Uint8Array): void;
  closeSync(fd: number): void;
  /** Waits until the file (or directory) is on the disk. */
  fsync(fd: number): Promise<void>;
  renameSync(from: string, to: string): void;
  /** Adds the name `to` for the file `from`; fails with EEXIST if `to` exists. */
  linkSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  /**
   * Creates `path`; with `recursive`, also its parents and without failing if it exists as a
   * folder. Returns the first folder it created (the outermost), if any, as Node does.
   */
  mkdirSync(path: string, recursive: boolean): string | undefined;
  rmdirSync(path: string): void;
  readdirSync(path: string): string[];
  statSync(path: string): FileStamp;
  /**
   * The whole file. With `maxBytes`, a larger file is refused with code `EFBIG` before any of it
   * is read (a 2 GiB file would otherwise throw deep inside Node, or exhaust memory).
   */
  readFileSync(path: string, maxBytes?: number): Buffer;
  /** Like `readFileSync` with `maxBytes`, and the stamp of the very file read. */
  readStampedSync(path: string, maxBytes: number): { data: Buffer; stamp: FileStamp };
  readFile(path: string): Promise<Buffer>;
  /** The first `length` bytes of a file (fewer if it is shorter). */
  readHeadSync(path: string, length: number): Buffer;
  /** The last `length` bytes of a file (fewer if it is shorter). */
  readTailSync(path: string, length: number): Buffer;
  appendFile(path: string, data: string): Promise<void>;
  /** The stamp of an open file (or folder). */
  fstatSync(fd: number): FileStamp;
  /** Up to `length` bytes of an open file from `position` (fewer at its end). */
  readAtSync(fd: number, position: number, length: number): Buffer;
  /** Reads into `buffer` (from its start) up to `length` bytes of an open file from `position`; how many it read. */
  readIntoSync(fd: number, buffer: Buffer, length: number, position: number): number;
  /** Cuts an open file to `length` bytes. */
  truncateSync(fd: number, length: number): void;
}

export const nodeFs: FsPort = {
  openSync: (path, flags) => fs.openSync(path, flags),
  writeSync(fd, data) {
    let offset = 0;
    while (offset < data.byteLength) offset += fs.writeSync(fd, data, offset, data.byteLength - offset);
  },
  closeSync: (fd) => fs.closeSync(fd),
  fsync: (fd) => new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve()))),
  renameSync: (from, to) => fs.renameSync(from, to),
  linkSync: (from, to) => fs.linkSync(from, to),
  unlinkSync: (path) => fs.unlinkSync(path),
  mkdirSync: (path, recursive) => fs.mkdirSync(path, { recursive }) ?? (recursive ? undefined : path),
  rmdirSync: (path) => fs.rmdirSync(path),
  readdirSync: (path) => fs.readdirSync(path),
  statSync(path) {
    const s = fs.statSync(path, { bigint: true });
    return { ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
  },
  readFileSync(path, maxBytes) {
    if (maxBytes === undefined) return fs.readFileSync(path);
    return readBounded(path, maxBytes).data;
  },
  readStampedSync: (path, maxBytes) => readBounded(path, maxBytes),
  readFile: (path) =>
    new Promise((resolve, reject) => fs.readFile(path, (error, data) => (error ? reject(error) : resolve(data)))),
  readHeadSync(path, length) {
    const fd = fs.openSync(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(length);
      return buffer.subarray(0, fs.readSync(fd, buffer, 0, length, 0));
    } finally {
      fs.closeSync(fd);
    }
  },
  readTailSync(path, length) {
    const fd = fs.openSync(path, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const n = Math.min(size, length);
      const buffer = Buffer.alloc(n);
      if (n > 0) fs.readSync(fd, buffer, 0, n, size - n);
      return buffer;
    } finally {
      fs.closeSync(fd);
    }
  },
  appendFile: (path, data) => fs.promises.appendFile(path, data),
  fstatSync(fd) {
    const s = fs.fstatSync(fd, { bigint: true });
    return { ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
  },
  readAtSync(fd, position, length) {
    const buffer = Buffer.allocUnsafe(length);
    let total = 0;
    while (total < length) {
      const n = fs.readSync(fd, buffer, total, length - total, position + total);
      if (n === 0) break;
      total += n;
    }
    return buffer.subarray(0, total);
  },
  readIntoSync(fd, buffer, length, position) {
    let total = 0;
    while (total < length) {
      const n = fs.readSync(fd, buffer, total, length - total, position + total);
      if (n === 0) break;
      total += n;
    }
    return total;
  },
  truncateSync: (fd, length) => fs.ftruncateSync(fd, length),
};

function readBounded(path: string, maxBytes: number): { data: Buffer; stamp: FileStamp } {
  const fd = fs.openSync(path, 'r');
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    if (stat.size > BigInt(maxBytes)) throw Object.assign(new Error(`${path} holds ${stat.size} bytes, more than ${maxBytes}`), { code: 'EFBIG' });
    // The size fstat gave: the store replaces files by rename, so an open file never grows.
    const buffer = Buffer.allocUnsafe(Number(stat.size));
    let total = 0;
    while (total < buffer.length) {
      const n = fs.readSync(fd, buffer, total, buffer.length - total, total);
      if (n === 0) break;
      total += n;
    }
    return { data: buffer.subarray(0, total), stamp: { ino: stat.ino, size: stat.size, mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs } };
  } finally {
    fs.closeSync(fd);
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return !!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

export function isNotFound(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}
