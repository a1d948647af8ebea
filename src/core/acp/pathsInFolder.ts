/** Paths an agent names (absolute, per ACP) as Baton shows them: relative to the task's folder when inside it. */
import path from 'node:path';

export function relativeToFolder(cwd: string | null, p: string): string {
  if (!cwd || !path.isAbsolute(p)) return p;
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}

export function isInsideFolder(cwd: string, p: string): boolean {
  const rel = path.relative(cwd, path.resolve(cwd, p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
