/**
 * Files the store cannot read are moved aside, never deleted: a user (or a newer Baton) may
 * still want what is in them, and one bad file must not stop the rest of the history loading.
 */
import * as path from 'node:path';
import { isNotFound, type FsPort } from './fsPort';
import { randomId } from './ids';

export interface QuarantineEntry {
  /** Where the file was, absolute. */
  file: string;
  reason: string;
  /** Where it is now, absolute. */
  movedTo: string;
  /** When it was moved, epoch ms. */
  at: number;
}

/** Moves `file` into `quarantineDir`; undefined if it was already gone (another window moved it). */
export function quarantineFile(fs: FsPort, file: string, quarantineDir: string, reason: string, at: number): QuarantineEntry | undefined {
  fs.mkdirSync(quarantineDir, true);
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const movedTo = path.join(quarantineDir, `${path.basename(file)}.${stamp}-${randomId(6)}`);
  try {
    fs.renameSync(file, movedTo);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  return { file, reason, movedTo, at };
}
