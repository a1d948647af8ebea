/**
 * Entries the store can never load are moved aside, never deleted: a user (or a newer Baton)
 * may still want what is in them, and one bad entry must not stop the rest of the history
 * loading. Files and folders alike: a folder named like a tree file moves as a whole.
 */
import * as path from 'node:path';
import { writeFileDurably } from './atomicFile';
import { errorCode, isNotFound, type FsPort } from './fsPort';
import { randomId } from './ids';
import type { StoreProblems } from './problems';

export interface QuarantineEntry {
  /** Where the file was, absolute. */
  file: string;
  reason: string;
  /** Where it is now, absolute. */
  movedTo: string;
  /** When it was moved, epoch ms. */
  at: number;
}

export class Quarantine {
  /** Everything moved since open. */
  readonly entries: QuarantineEntry[] = [];

  constructor(
    private readonly fs: FsPort,
    readonly folder: string,
    private readonly problems: StoreProblems,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void,
  ) {}

  /**
   * Moves `file` into the quarantine folder and reports it; undefined if it was already gone
   * (another window moved it). Throws when it cannot be moved: the caller leaves it in place.
   */
  move(file: string, reason: string): QuarantineEntry | undefined {
    this.ensureFolder();
    return this.moveTo(file, path.join(this.folder, path.basename(file)), reason);
  }

  /** Paths of what the folder holds (none if it does not exist); throws if it cannot be listed. */
  contents(): string[] {
    try {
      return this.fs.readdirSync(this.folder).map((name) => path.join(this.folder, name));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /**
   * Keeps `data` cut out of `file` (lines a transcript repair drops) as a new file in the
   * quarantine folder; resolves to its path. Logged, not reported: a crash's torn tail needs
   * nothing from the user.
   */
  async keep(file: string, data: string, what: string): Promise<string> {
    this.ensureFolder();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const keptIn = path.join(this.folder, `${path.basename(file)}.${stamp}-${randomId(6)}.${what}`);
    await writeFileDurably(this.fs, keptIn, Buffer.from(data, 'utf8'));
    this.log('info', `Kept ${what} of ${file} in ${keptIn}.`);
    return keptIn;
  }

  /**
   * A file (or anything that is not a folder) holding the quarantine folder's name is moved
   * next to it under a new name, reported, and the folder created: never deleted, and a
   * damaged store can still put its bad files aside.
   */
  private ensureFolder(): void {
    try {
      this.fs.mkdirSync(this.folder, true);
      return;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    this.moveTo(this.folder, this.folder, 'something that is not a folder was where Baton keeps its quarantine folder');
    this.fs.mkdirSync(this.folder, true);
  }

  private moveTo(file: string, base: string, reason: string): QuarantineEntry | undefined {
    const at = Date.now();
    const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
    const movedTo = `${base}.${stamp}-${randomId(6)}`;
    try {
      this.fs.renameSync(file, movedTo);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const entry = { file, reason, movedTo, at };
    this.entries.push(entry);
    this.problems.quarantined({ kind: 'quarantined', file, reason, movedTo });
    this.log('warn', `Quarantined ${file}: ${reason}. Moved to ${movedTo}.`);
    return entry;
  }
}
