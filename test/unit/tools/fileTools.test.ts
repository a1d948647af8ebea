import assert from 'node:assert/strict';
import { readdir, readFile, stat, chmod, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_LIST_ENTRIES, MAX_READ_CHARS, MAX_SEARCH_MATCHES, workspaceTool, type ToolContext } from '../../../src/core/agent/tools';
import { makeContext, seed, tempDir, type TempDir } from './harness';

function tool(name: string) {
  const found = workspaceTool(name);
  assert.ok(found, name);
  return found;
}

describe('tools: files', () => {
  let dir: TempDir;
  let root: string;
  let ctx: ToolContext;

  beforeEach(async () => {
    dir = await tempDir();
    root = dir.path;
    await seed(root, {
      'README.md': '# Demo\n',
      'src/a.ts': 'export const a = 1;\nexport const b = 2;\n',
      'src/lib/store.ts': 'class TaskStore {}\n// TODO: lock\n',
      'src/lib/store.test.ts': 'describe("TaskStore", () => {});\n',
      'node_modules/dep/index.js': 'class TaskStore {}\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    ctx = makeContext(root);
  });
  afterEach(() => dir.cleanup());

  describe('read_file', () => {
    it('returns the exact contents and records the read', async () => {
      const outcome = await tool('read_file').run({ path: 'src/a.ts' }, ctx);
      assert.deepEqual(outcome, {
        content: 'export const a = 1;\nexport const b = 2;\n',
        isError: false,
        traceLine: 'read_file src/a.ts (ok)',
      });
      assert.deepEqual([...ctx.files.read], ['src/a.ts']);
    });

    it('truncates a large file, says so, and reads on from start_line', async () => {
      const line = `${'x'.repeat(99)}\n`;
      const lines = 2 * (MAX_READ_CHARS / line.length);
      await writeFile(path.join(root, 'big.txt'), line.repeat(lines));
      const first = await tool('read_file').run({ path: 'big.txt' }, ctx);
      assert.equal(first.isError, false);
      assert.equal(first.traceLine, 'read_file big.txt (truncated)');
      assert.match(first.content, /\[Truncated\. Lines 1-500 of 1000 of big\.txt\. To read on, call read_file with start_line 501\.\]$/);
      assert.ok(first.content.length < MAX_READ_CHARS + 200);
      const rest = await tool('read_file').run({ path: 'big.txt', start_line: 501 }, ctx);
      assert.match(rest.content, /\[Lines 501-1000 of 1000 of big\.txt\.\]$/);
      assert.equal(rest.content.split('\n').filter((l) => l === 'x'.repeat(99)).length, 500);
    });

    it('cuts one enormous line and says so', async () => {
      await writeFile(path.join(root, 'min.js'), 'y'.repeat(MAX_READ_CHARS * 2));
      const outcome = await tool('read_file').run({ path: 'min.js' }, ctx);
      assert.match(outcome.content, /Line 1 is longer than 50000 characters and was cut/);
    });

    it('errors on a missing file, a folder, a binary file and start_line past the end', async () => {
      await writeFile(path.join(root, 'bin.dat'), Buffer.from([1, 0, 2]));
      const missing = await tool('read_file').run({ path: 'nope.ts' }, ctx);
      assert.equal(missing.isError, true);
      assert.match(missing.content, /nope\.ts does not exist/);
      assert.equal(missing.traceLine, 'read_file nope.ts (error)');
      assert.match((await tool('read_file').run({ path: 'src' }, ctx)).content, /is a folder/);
      assert.match((await tool('read_file').run({ path: 'bin.dat' }, ctx)).content, /binary/);
      assert.match((await tool('read_file').run({ path: 'src/a.ts', start_line: 9 }, ctx)).content, /past the end of src\/a\.ts, which has 2 lines/);
      assert.deepEqual([...ctx.files.read], []);
    });
  });

  describe('list_files', () => {
    it('lists one level, folders marked, paths from the root', async () => {
      const outcome = await tool('list_files').run({}, ctx);
      assert.equal(outcome.content, ['.git/', 'README.md', 'node_modules/', 'src/'].join('\n'));
      assert.equal(outcome.traceLine, 'list_files . (4 entries)');
      const src = await tool('list_files').run({ path: 'src' }, ctx);
      assert.equal(src.content, ['src/a.ts', 'src/lib/'].join('\n'));
    });

    it('lists recursively without entering node_modules or .git', async () => {
      const outcome = await tool('list_files').run({ recursive: true }, ctx);
      assert.deepEqual(outcome.content.split('\n'), [
        '.git/',
        'README.md',
        'node_modules/',
        'src/',
        'src/a.ts',
        'src/lib/',
        'src/lib/store.test.ts',
        'src/lib/store.ts',
      ]);
    });

    it('caps a long listing and says how to see more', async () => {
      const many: Record<string, string> = {};
      for (let i = 0; i < MAX_LIST_ENTRIES + 20; i++) many[`many/f${String(i).padStart(4, '0')}.txt`] = '';
      await seed(root, many);
      const outcome = await tool('list_files').run({ path: 'many' }, ctx);
      assert.equal(outcome.content.split('\n').length, MAX_LIST_ENTRIES + 1);
      assert.match(outcome.content, /\[Truncated: showing 500 entries/);
    });

    it('errors on a file or a missing folder', async () => {
      assert.match((await tool('list_files').run({ path: 'src/a.ts' }, ctx)).content, /is a file, not a folder/);
      assert.match((await tool('list_files').run({ path: 'gone' }, ctx)).content, /gone does not exist/);
    });
  });

  describe('search_files', () => {
    it('finds matching lines outside node_modules and .git', async () => {
      const outcome = await tool('search_files').run({ pattern: 'class \\w+Store' }, ctx);
      assert.equal(outcome.content, 'src/lib/store.ts:1: class TaskStore {}');
      assert.equal(outcome.traceLine, 'search_files /class \\w+Store/ (1 matches)');
    });

    it('filters by glob, by name or by path', async () => {
      const byName = await tool('search_files').run({ pattern: 'TaskStore', glob: '*.test.ts' }, ctx);
      assert.equal(byName.content, 'src/lib/store.test.ts:1: describe("TaskStore", () => {});');
      const byPath = await tool('search_files').run({ pattern: 'TaskStore', glob: 'src/**/store.{ts,js}' }, ctx);
      assert.equal(byPath.content, 'src/lib/store.ts:1: class TaskStore {}');
      const none = await tool('search_files').run({ pattern: 'TaskStore', glob: 'docs/*.md' }, ctx);
      assert.equal(none.content, 'No matches for /TaskStore/ in files matching docs/*.md.');
      assert.equal(none.isError, false);
    });

    it('caps the matches', async () => {
      await seed(root, { 'many.txt': 'hit\n'.repeat(MAX_SEARCH_MATCHES + 5) });
      const outcome = await tool('search_files').run({ pattern: '^hit$' }, ctx);
      assert.match(outcome.content, /\[Truncated: showing the first 100 matches/);
    });

    it('an invalid regular expression is a tool error', async () => {
      const outcome = await tool('search_files').run({ pattern: 'a(b' }, ctx);
      assert.equal(outcome.isError, true);
      assert.match(outcome.content, /not a valid regular expression/);
    });
  });

  describe('write_file', () => {
    it('creates a file with its folders, and records the write', async () => {
      const outcome = await tool('write_file').run({ path: 'new/dir/c.ts', content: 'a\nb\n' }, ctx);
      assert.deepEqual(outcome, { content: 'Created new/dir/c.ts (2 lines).', isError: false, traceLine: 'write_file new/dir/c.ts (ok)' });
      assert.equal(await readFile(path.join(root, 'new/dir/c.ts'), 'utf8'), 'a\nb\n');
      assert.deepEqual([...ctx.files.written], ['new/dir/c.ts']);
    });

    it('replaces a file whole, keeps its mode, and leaves no temp file behind', async () => {
      const script = path.join(root, 'run.sh');
      await writeFile(script, 'echo old\n');
      await chmod(script, 0o755);
      const outcome = await tool('write_file').run({ path: 'run.sh', content: 'echo new\n' }, ctx);
      assert.equal(outcome.content, 'Wrote run.sh (1 line).');
      assert.equal(await readFile(script, 'utf8'), 'echo new\n');
      assert.equal((await stat(script)).mode & 0o777, 0o755);
      assert.deepEqual((await readdir(root)).filter((name) => name.includes('baton-tmp')), []);
    });

    it('writing the same content is a no-op', async () => {
      const outcome = await tool('write_file').run({ path: 'README.md', content: '# Demo\n' }, ctx);
      assert.equal(outcome.traceLine, 'write_file README.md (unchanged)');
      assert.deepEqual([...ctx.files.written], []);
    });
  });

  describe('edit_file', () => {
    it('replaces the one match', async () => {
      const outcome = await tool('edit_file').run({ path: 'src/a.ts', old_text: 'const b = 2;', new_text: 'const b = 3;' }, ctx);
      assert.deepEqual(outcome, { content: 'Edited src/a.ts: replaced 1 line with 1.', isError: false, traceLine: 'edit_file src/a.ts (ok)' });
      assert.equal(await readFile(path.join(root, 'src/a.ts'), 'utf8'), 'export const a = 1;\nexport const b = 3;\n');
      assert.deepEqual([...ctx.files.written], ['src/a.ts']);
    });

    it('keeps $ patterns in new_text literal', async () => {
      await tool('edit_file').run({ path: 'src/a.ts', old_text: 'a = 1', new_text: "a = '$&$1$$'" }, ctx);
      assert.match(await readFile(path.join(root, 'src/a.ts'), 'utf8'), /a = '\$&\$1\$\$'/);
    });

    it('matches LF old_text against a CRLF file and keeps CRLF', async () => {
      await writeFile(path.join(root, 'crlf.txt'), 'one\r\ntwo\r\nthree\r\n');
      const outcome = await tool('edit_file').run({ path: 'crlf.txt', old_text: 'one\ntwo', new_text: 'uno\ndos' }, ctx);
      assert.equal(outcome.isError, false, outcome.content);
      assert.equal(await readFile(path.join(root, 'crlf.txt'), 'utf8'), 'uno\r\ndos\r\nthree\r\n');
    });

    it('errors when old_text is missing, ambiguous or empty, and leaves the file alone', async () => {
      const before = await readFile(path.join(root, 'src/a.ts'), 'utf8');
      const missing = await tool('edit_file').run({ path: 'src/a.ts', old_text: 'const c', new_text: 'x' }, ctx);
      assert.equal(missing.isError, true);
      assert.match(missing.content, /old_text was not found in src\/a\.ts/);
      const ambiguous = await tool('edit_file').run({ path: 'src/a.ts', old_text: 'export const', new_text: 'const' }, ctx);
      assert.match(ambiguous.content, /old_text matches 2 places in src\/a\.ts/);
      const empty = await tool('edit_file').run({ path: 'src/a.ts', old_text: '', new_text: 'x' }, ctx);
      assert.match(empty.content, /old_text is empty/);
      const noFile = await tool('edit_file').run({ path: 'src/zz.ts', old_text: 'a', new_text: 'b' }, ctx);
      assert.match(noFile.content, /src\/zz\.ts does not exist/);
      assert.equal(await readFile(path.join(root, 'src/a.ts'), 'utf8'), before);
      assert.deepEqual([...ctx.files.written], []);
    });
  });
});
