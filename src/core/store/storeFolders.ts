/**
 * The store's folders, created when missing, their names made durable, and anything that is
 * not a folder in their place moved to quarantine (never deleted) so the store works.
 */
import * as path from 'node:path';
import { fsyncDirectory } from './atomicFile';
import { errorCode, type FsPort } from './fsPort';
import type { StoreLayout } from './paths';
import type { Quarantine } from './quarantine';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

/**
 * Creates the store folder (throws if it cannot: nothing would work) and its subfolders (a
 * failure there is logged, and shows where that folder is used). Returns every folder created.
 */
export function ensureFolders(fs: FsPort, layout: StoreLayout, quarantine: Quarantine, log: Log): string[] {
  const created = createdBetween(fs.mkdirSync(layout.root, true), layout.root);
  const folders: [string, string][] = [
    [layout.tasks, 'task'],
    [layout.transcripts, 'transcript'],
    [layout.artifacts, 'artifact'],
  ];
  for (const [folder, what] of folders) {
    try {
      try {
        created.push(...createdBetween(fs.mkdirSync(folder, true), folder));
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
        quarantine.move(folder, `something that is not a folder was where Baton keeps its ${what} folder`);
        created.push(...createdBetween(fs.mkdirSync(folder, true), folder));
      }
    } catch (error) {
      log('error', `Cannot create the ${what} folder ${folder}: ${String(error)}.`);
    }
  }
  return created;
}

/**
 * A new folder's name is durable once its parent is fsynced: without this, a power cut soon
 * after the first commit of a fresh store could take `tasks/` (and every fsynced tree in it)
 * with it. Failures are logged, not fatal: the folders exist, only their durability is late.
 */
export async function syncNewFolders(fs: FsPort, created: readonly string[], log: Log): Promise<void> {
  const parents = new Set(created.map((folder) => path.dirname(folder)));
  for (const parent of parents) {
    try {
      await fsyncDirectory(fs, parent);
    } catch (error) {
      log('warn', `Could not make the new folders in ${parent} durable: ${String(error)}.`);
    }
  }
}

/** The folders from `first` (the outermost one mkdir created) down to `target`. */
function createdBetween(first: string | undefined, target: string): string[] {
  if (first === undefined) return [];
  const out: string[] = [];
  for (let dir = target; ; dir = path.dirname(dir)) {
    out.push(dir);
    if (dir === first || path.dirname(dir) === dir) return out;
  }
}
