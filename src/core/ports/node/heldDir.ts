/**
 * Reaching a workspace folder so that confinement holds at the moment of the open, not only at
 * the path check: `resolveInWorkspace` decides the path is inside, but a folder on the way can be
 * swapped for a symbolic link to elsewhere before the file is opened (a command, or another
 * program, can do it at any time).
 *
 * On Linux, `fd` emulates openat(2), which Node lacks: each folder is opened from the one
 * before it, O_NOFOLLOW|O_DIRECTORY, addressed as /proc/self/fd/<parent>/<name>, so no path is
 * resolved twice; a link swapped in makes the open fail instead of being followed. The held
 * folder then names its entries as /proc/self/fd/<fd>/<entry> for the open, the temp file and
 * the rename.
 *
 * Elsewhere (macOS, Windows, no /proc), `paths` checks each step with lstat and re-checks with
 * realpath and the file's identity after the open and before a rename (`verify`). Residual: a
 * swap timed inside those few microseconds, and undone before the re-check, is not seen; a write
 * can then leave an empty temp file outside, or a read return a file from outside.
 */
import { constants, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { isInside, WorkspacePathError } from '../paths';

export type Confinement = 'fd' | 'paths';

const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
/** 0 on Windows, which has no O_NOFOLLOW: there the `paths` re-checks are all there is. */
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

let probed: Promise<Confinement> | undefined;

/** `fd` where /proc/self/fd can address an open folder (Linux), else `paths`. */
export function platformConfinement(): Promise<Confinement> {
  probed ??= (async () => {
    if (process.platform !== 'linux') return 'paths';
    try {
      const handle = await open('/', constants.O_RDONLY | O_DIRECTORY);
      try {
        await readdir(`/proc/self/fd/${handle.fd}/`);
        return 'fd';
      } finally {
        await handle.close();
      }
    } catch {
      return 'paths';
    }
  })();
  return probed;
}

/** A workspace folder, held: its entries are named without resolving the folder's path again. */
export interface HeldDir {
  /** The path to pass to fs calls for the entry `name` of this folder. */
  at(name: string): string;
  /** The folder itself, for readdir. */
  readonly self: string;
  /**
   * Throws unless the entry `name` is still inside the workspace and is the file `opened` (the
   * stats of a handle): `paths` only, `fd` cannot have left.
   */
  verify(name: string, opened: Stats): Promise<void>;
  close(): Promise<void>;
}

/**
 * The folder `relDir` (relative to `realRoot`, `.` for the root), reached one component at a
 * time without following links; with `create`, missing folders are made on the way.
 */
export async function openDir(realRoot: string, relDir: string, opts: { create: boolean; confinement: Confinement }): Promise<HeldDir> {
  const parts = relDir === '.' || relDir === '' ? [] : relDir.split('/');
  return opts.confinement === 'fd' ? openByFd(realRoot, parts, opts.create, relDir) : openByPath(realRoot, parts, opts.create, relDir);
}

/** Entries of a held folder, with their types (a link is reported as a link, never followed). */
export function readHeldDir(dir: HeldDir): Promise<Dirent[]> {
  return readdir(dir.self, { withFileTypes: true });
}

/** The error for a link found where a folder or file of the workspace was: it changed under us. */
export function swappedForLink(rel: string): WorkspacePathError {
  return new WorkspacePathError(
    `A part of "${rel}" became a symbolic link while Baton was using it, so nothing was read or written there. ` +
      'Paths must stay inside the workspace; if the workspace is changing, try again once it settles.',
  );
}

async function openByFd(realRoot: string, parts: string[], create: boolean, rel: string): Promise<HeldDir> {
  let dir = await open(realRoot, constants.O_RDONLY | O_DIRECTORY);
  try {
    for (const part of parts) {
      const next = await openChildDir(dir, part, create, rel);
      await dir.close();
      dir = next;
    }
  } catch (error) {
    await dir.close().catch(() => undefined);
    throw error;
  }
  const held = dir;
  const base = `/proc/self/fd/${held.fd}`;
  return {
    at: (name) => `${base}/${name}`,
    self: `${base}/`,
    verify: () => Promise.resolve(),
    close: () => held.close(),
  };
}

async function openChildDir(parent: FileHandle, name: string, create: boolean, rel: string): Promise<FileHandle> {
  const at = `/proc/self/fd/${parent.fd}/${name}`;
  const openIt = () => open(at, constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    return await openIt();
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' && create) {
      await mkdir(at).catch((e: unknown) => {
        if (codeOf(e) !== 'EEXIST') throw e;
      });
      return openIt().catch((e: unknown) => rethrowAsLink(e, at, rel));
    }
    return rethrowAsLink(error, at, rel);
  }
}

/** O_NOFOLLOW|O_DIRECTORY on a link fails with ENOTDIR (or ELOOP): tell a link from a file. */
async function rethrowAsLink(error: unknown, at: string, rel: string): Promise<never> {
  const code = codeOf(error);
  if (code === 'ELOOP') throw swappedForLink(rel);
  if (code === 'ENOTDIR') {
    const stats = await lstat(at).catch(() => undefined);
    if (stats?.isSymbolicLink()) throw swappedForLink(rel);
  }
  throw error;
}

async function openByPath(realRoot: string, parts: string[], create: boolean, rel: string): Promise<HeldDir> {
  let current = realRoot;
  for (const part of parts) {
    current = path.join(current, part);
    let stats = await lstat(current).catch((error: unknown) => {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (!stats && create) {
      await mkdir(current).catch((error: unknown) => {
        if (codeOf(error) !== 'EEXIST') throw error;
      });
      stats = await lstat(current);
    }
    if (!stats) throw Object.assign(new Error(`ENOENT: ${current}`), { code: 'ENOENT' });
    if (stats.isSymbolicLink()) throw swappedForLink(rel);
    if (!stats.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${current}`), { code: 'ENOTDIR' });
  }
  const folder = current;
  return {
    at: (name) => path.join(folder, name),
    self: folder,
    async verify(name, opened) {
      const real = await realpath(path.join(folder, name));
      const now = await lstat(real);
      if (!isInside(realRoot, real) || now.ino !== opened.ino || now.dev !== opened.dev) throw swappedForLink(rel);
    },
    close: () => Promise.resolve(),
  };
}

export function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
