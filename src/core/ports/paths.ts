/**
 * Keeping every path inside the workspace. A path is refused when it leaves the root
 * lexically (`..`, an absolute path elsewhere) or through a symbolic link: the nearest
 * existing ancestor is resolved with `realpath`, so a link inside the workspace that points
 * out is caught even when the file itself does not exist yet. This is the check; the Node port
 * then opens the resolved path so that it still holds at the open (node/heldDir.ts).
 */
import { lstat, realpath } from 'node:fs/promises';
import * as path from 'node:path';

/** A path the workspace refuses; its message is written for the model. */
export class WorkspacePathError extends Error {
  override readonly name = 'WorkspacePathError';
}

export interface ResolvedPath {
  /** The workspace root, symbolic links resolved. */
  realRoot: string;
  /** Relative to the (real) root, with forward slashes; `.` for the root itself. */
  rel: string;
  /** Absolute, symbolic links resolved: the path to operate on. */
  abs: string;
}

export async function resolveInWorkspace(root: string, input: string): Promise<ResolvedPath> {
  if (input.includes('\0')) throw new WorkspacePathError(`The path ${JSON.stringify(input)} contains a NUL character.`);
  const lexical = path.resolve(root, input === '' ? '.' : input);
  if (!isInside(root, lexical)) {
    throw new WorkspacePathError(
      `The path "${input}" is outside the workspace (${root}). Use a path inside the workspace, relative to its root.`,
    );
  }
  const realRoot = await realpath(root);
  const real = await realpathOfNearestAncestor(lexical, input);
  if (!isInside(realRoot, real)) {
    throw new WorkspacePathError(
      `The path "${input}" leads outside the workspace through a symbolic link (to ${real}). Use a path inside the workspace.`,
    );
  }
  return { realRoot, rel: toRel(realRoot, real), abs: real };
}

/** Whether `candidate` is `base` or below it. Both absolute. */
export function isInside(base: string, candidate: string): boolean {
  const rel = path.relative(base, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** `abs` relative to `root`, with forward slashes; `.` for the root. */
export function toRel(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

async function realpathOfNearestAncestor(lexical: string, input: string): Promise<string> {
  const missing: string[] = [];
  let current = lexical;
  for (;;) {
    const stats = await lstat(current).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (stats) {
      try {
        return path.join(await realpath(current), ...missing);
      } catch (error) {
        if (stats.isSymbolicLink() && isMissing(error)) {
          // Writing through a dangling link would create its target, wherever that is.
          throw new WorkspacePathError(`The path "${input}" goes through a symbolic link whose target does not exist.`);
        }
        throw error;
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return lexical;
    missing.unshift(path.basename(current));
    current = parent;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
