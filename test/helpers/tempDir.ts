/** Temporary directories for tests, under os.tmpdir(), removed after each test (or at exit). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const live = new Set<string>();

export function makeTempDir(prefix = 'baton-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

process.once('exit', () => {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
});

/** In a mocha `describe`: returns a factory of fresh directories, all removed after each test. */
export function useTempDirs(prefix?: string): () => string {
  let mine: string[] = [];
  afterEach(() => {
    for (const dir of mine) removeTempDir(dir);
    mine = [];
  });
  return () => {
    const dir = makeTempDir(prefix);
    mine.push(dir);
    return dir;
  };
}
