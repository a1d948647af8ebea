/**
 * Reading and writing one workspace file through its held folder (see heldDir.ts), so the file
 * opened is the one the path check approved.
 *
 * Hard links: a file with more than one name may have a name outside the workspace (a link to
 * ~/.ssh/id_rsa looks like any file), and nothing short of searching the whole disk tells where
 * the others are. So a file with st_nlink > 1 is neither read (nor searched) nor written: a
 * write through the editor changes the shared file in place. The cost: package managers that
 * hard-link from a store (pnpm) leave such files in node_modules, which the tools then refuse.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, rename, rm } from 'node:fs/promises';
import { WorkspacePathError } from '../paths';
import { codeOf, O_NOFOLLOW, openDir, swappedForLink, type Confinement, type HeldDir } from './heldDir';

/** Never blocks on a FIFO someone left in the workspace; no effect on regular files. */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export interface ConfinedTarget {
  /** The real workspace root. */
  realRoot: string;
  /** Relative to the real root, forward slashes, links resolved (from `resolveInWorkspace`). */
  rel: string;
  confinement: Confinement;
}

export function hardLinkRefusal(rel: string, links: number): WorkspacePathError {
  return new WorkspacePathError(
    `${rel} has ${links} names (hard links), and another of them may be outside the workspace, so Baton does not ` +
      'read or change it. If the task needs it, ask the user to copy it into the workspace.',
  );
}

/** The file's text, after checking what was opened: a regular file, one name, at most `maxBytes`. */
export async function readConfined(target: ConfinedTarget, maxBytes: number): Promise<string> {
  const { dir, name } = await openParent(target, false);
  try {
    if (name === undefined) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    const handle = await openNoFollow(dir, name, constants.O_RDONLY | O_NONBLOCK, target.rel);
    try {
      const stats = await handle.stat();
      checkReadable(stats, target.rel, maxBytes);
      await dir.verify(name, stats);
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } finally {
    await dir.close();
  }
}

/**
 * Replaces the file whole (or creates it, with its folders): a temp file beside it, flushed, then
 * renamed over it, all through the held folder, so a killed process leaves the old file or the
 * new one and a swapped link leaves nothing outside. Keeps the mode of the file it replaces.
 */
export async function writeConfined(target: ConfinedTarget, content: string): Promise<void> {
  const { dir, name } = await openParent(target, true);
  try {
    if (name === undefined) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    const existing = await lstat(dir.at(name)).catch((error: unknown) => {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (existing) checkWritable(existing, target.rel);
    const mode = existing ? existing.mode & 0o7777 : 0o666;
    const tempName = `.${name}.${randomBytes(6).toString('hex')}.baton-tmp`;
    const temp = dir.at(tempName);
    try {
      const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
      try {
        await dir.verify(tempName, await handle.stat());
        await handle.writeFile(content, 'utf8');
        await handle.sync();
        await dir.verify(tempName, await handle.stat());
      } finally {
        await handle.close();
      }
      await rename(temp, dir.at(name));
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  } finally {
    await dir.close();
  }
}

/** What a write would refuse, checked without writing: for writes that go through the editor. */
export async function checkWriteTarget(target: ConfinedTarget): Promise<void> {
  const { dir, name } = await openParent(target, false).catch((error: unknown) => {
    if (codeOf(error) === 'ENOENT') return { dir: undefined, name: undefined };
    throw error;
  });
  if (!dir) return;
  try {
    if (name === undefined) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    const existing = await lstat(dir.at(name)).catch(() => undefined);
    if (existing) checkWritable(existing, target.rel);
  } finally {
    await dir.close();
  }
}

function checkReadable(stats: Stats, rel: string, maxBytes: number): void {
  if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (!stats.isFile()) throw new WorkspacePathError(`${rel} is not a regular file (a device, a pipe or a socket); read_file reads files only.`);
  if (stats.nlink > 1) throw hardLinkRefusal(rel, stats.nlink);
  if (stats.size > maxBytes) {
    throw new WorkspacePathError(`${rel} is too large to read (${(stats.size / 1024 / 1024).toFixed(1)} MB). Use search_files to find what you need in it.`);
  }
}

function checkWritable(stats: Stats, rel: string): void {
  if (stats.isSymbolicLink()) throw swappedForLink(rel);
  if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (!stats.isFile()) throw new WorkspacePathError(`${rel} is not a regular file (a device, a pipe or a socket); it cannot be written.`);
  if (stats.nlink > 1) throw hardLinkRefusal(rel, stats.nlink);
}

async function openParent(target: ConfinedTarget, create: boolean): Promise<{ dir: HeldDir; name: string | undefined }> {
  if (target.rel === '.') return { dir: await openDir(target.realRoot, '.', { create, confinement: target.confinement }), name: undefined };
  const slash = target.rel.lastIndexOf('/');
  const relDir = slash === -1 ? '.' : target.rel.slice(0, slash);
  const dir = await openDir(target.realRoot, relDir, { create, confinement: target.confinement });
  return { dir, name: target.rel.slice(slash + 1) };
}

async function openNoFollow(dir: HeldDir, name: string, flags: number, rel: string) {
  try {
    return await open(dir.at(name), flags | O_NOFOLLOW);
  } catch (error) {
    if (codeOf(error) === 'ELOOP') throw swappedForLink(rel);
    throw error;
  }
}
