/**
 * Large outputs live in their own files, named by a random handle that records carry instead of
 * the content. Written durably (temp + fsync + rename) because a committed record may name them.
 */
import * as path from 'node:path';
import { writeFileDurably } from './atomicFile';
import { StoreError } from './errors';
import { isNotFound, type FsPort } from './fsPort';
import { randomId } from './ids';

export interface ArtifactStore {
  /** Stores `content` and returns its handle; `ext` (e.g. `txt`, `.log`) is kept for the user's sake. */
  write(content: string | Uint8Array, ext?: string): Promise<string>;
  read(handle: string): Promise<Buffer>;
  /** Deletes an artifact; one already gone is fine. */
  remove(handle: string): Promise<void>;
}

const HANDLE = /^[A-Za-z0-9_-]{21}(\.[A-Za-z0-9]{1,16})?$/;

export class FileArtifactStore implements ArtifactStore {
  constructor(
    private readonly fs: FsPort,
    private readonly dir: string,
  ) {}

  async write(content: string | Uint8Array, ext?: string): Promise<string> {
    const suffix = ext === undefined || ext === '' ? '' : `.${ext.replace(/^\./, '')}`;
    const handle = randomId() + suffix;
    if (!HANDLE.test(handle)) throw new StoreError('bad_name', `Artifact extension ${JSON.stringify(ext)} is not 1-16 letters or digits.`);
    this.fs.mkdirSync(this.dir, true);
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await writeFileDurably(this.fs, this.fileOf(handle), data);
    return handle;
  }

  async read(handle: string): Promise<Buffer> {
    return this.fs.readFile(this.fileOf(handle));
  }

  async remove(handle: string): Promise<void> {
    try {
      this.fs.unlinkSync(this.fileOf(handle));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private fileOf(handle: string): string {
    if (!HANDLE.test(handle)) throw new StoreError('bad_name', `${JSON.stringify(handle)} is not an artifact handle.`);
    return path.join(this.dir, handle);
  }
}
