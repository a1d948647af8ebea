/**
 * Writing a file so that a killed process leaves either the old file or the new one, never
 * half of either: write a temporary file beside it, flush it, rename it over the target.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';

export async function writeFileAtomic(abs: string, content: string): Promise<void> {
  const dir = path.dirname(abs);
  await mkdir(dir, { recursive: true });
  // Keep the mode of the file being replaced (an executable script stays executable).
  const mode = await stat(abs).then(
    (s) => s.mode & 0o7777,
    () => 0o666,
  );
  const temp = path.join(dir, `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.baton-tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, abs);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
