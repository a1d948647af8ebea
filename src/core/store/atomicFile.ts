/**
 * Durable whole-file replacement: write a temp file, fsync it, rename it over the target, fsync
 * the directory. Why this and not an intent journal: rename(2) replaces a name atomically, so
 * at every instruction the target names either the complete old file or the complete new one
 * (the temp is fsynced before it can be renamed in, and the directory fsync makes the rename
 * itself durable before the caller hears "committed"). Nothing needs replaying on open; a crash
 * leaves at most a stray `*.tmp`, which never parses as a tree because of its name.
 */
import * as path from 'node:path';
import { errorCode, type FileStamp, type FsPort } from './fsPort';

let tempCounter = 0;

/** Temp names carry the pid so two processes (or a leftover from a crash) never collide. */
export function tempPathFor(file: string): string {
  tempCounter = (tempCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${file}.${process.pid}-${tempCounter}.tmp`;
}

export function isTempName(name: string): boolean {
  return name.endsWith('.tmp');
}

/** A temp file written and fsynced, waiting to be renamed into place. */
export interface StagedFile {
  file: string;
  temp: string;
  /** Its stamp once written (a rename keeps its inode, size and mtime). */
  stamp?: FileStamp;
}

/**
 * Writes and fsyncs `data` under a temp name next to `file`; `installStaged` renames it in.
 * `whileSyncing` runs on this thread while the disk works; if it throws, the temp is discarded
 * (nothing was visible yet) and its error is rethrown. The store validates records there, so
 * validation costs no latency.
 */
export async function stageFile(fs: FsPort, file: string, data: Uint8Array, whileSyncing?: () => void): Promise<StagedFile> {
  const temp = tempPathFor(file);
  const fd = fs.openSync(temp, 'wx');
  let stamp: FileStamp;
  try {
    fs.writeSync(fd, data);
    stamp = fs.fstatSync(fd);
    const synced = fs.fsync(fd);
    try {
      whileSyncing?.();
    } finally {
      await synced;
    }
  } catch (error) {
    closeQuietly(fs, fd);
    unlinkQuietly(fs, temp);
    throw error;
  }
  try {
    fs.closeSync(fd);
  } catch (error) {
    unlinkQuietly(fs, temp);
    throw error;
  }
  return { file, temp, stamp };
}

/** Renames staged files into place (each atomically); the caller then fsyncs their directory. */
export function installStaged(fs: FsPort, staged: readonly StagedFile[]): void {
  for (let i = 0; i < staged.length; i++) {
    const { file, temp } = staged[i]!;
    try {
      renameReplacing(fs, temp, file);
    } catch (error) {
      for (const rest of staged.slice(i)) unlinkQuietly(fs, rest.temp);
      throw error;
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * On Windows, replacing a file that another process has open for reading fails for a moment
 * with EPERM/EACCES/EBUSY (the reason graceful-fs retries renames); retry briefly there.
 */
function renameReplacing(fs: FsPort, from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (error) {
      const transient = process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (!transient || attempt >= 8) throw error;
      Atomics.wait(pause, 0, 0, 5 * (attempt + 1));
    }
  }
}

export function discardStaged(fs: FsPort, staged: readonly StagedFile[]): void {
  for (const { temp } of staged) unlinkQuietly(fs, temp);
}

/** Replaces `file` with `data` durably (see the file comment). */
export async function writeFileDurably(fs: FsPort, file: string, data: Uint8Array): Promise<void> {
  const staged = await stageFile(fs, file, data);
  installStaged(fs, [staged]);
  await fsyncDirectory(fs, path.dirname(file));
}

/** Makes renames and unlinks in `dir` durable. Windows cannot open a directory; NTFS journals renames itself. */
export async function fsyncDirectory(fs: FsPort, dir: string): Promise<void> {
  await syncDirectory(fs, dir, false);
}

/**
 * `fsyncDirectory`, then the folder's stamp as it is once synced (its entries as this process
 * left them, if nobody else changes it meanwhile: the caller holds the store lock).
 */
export async function syncDirectory(fs: FsPort, dir: string, stamped: true): Promise<FileStamp>;
export async function syncDirectory(fs: FsPort, dir: string, stamped: false): Promise<undefined>;
export async function syncDirectory(fs: FsPort, dir: string, stamped: boolean): Promise<FileStamp | undefined> {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (error) {
    if (process.platform === 'win32' && ['EISDIR', 'EPERM', 'EACCES'].includes(errorCode(error) ?? '')) return stamped ? fs.statSync(dir) : undefined;
    throw error;
  }
  try {
    await fs.fsync(fd);
    return stamped ? fs.fstatSync(fd) : undefined;
  } finally {
    closeQuietly(fs, fd);
  }
}

function closeQuietly(fs: FsPort, fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already failing: the first error is the one to report.
  }
}

export function unlinkQuietly(fs: FsPort, file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Best effort: a leftover temp is removed at the next open.
  }
}
