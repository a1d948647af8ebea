import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { resolveInWorkspace, WorkspacePathError } from '../../../src/core/ports/paths';
import { workspaceTool } from '../../../src/core/agent/tools';
import { makeContext, seed, tempDir, type TempDir } from './harness';

describe('tools: paths stay inside the workspace', () => {
  let dir: TempDir;
  let root: string;
  let outside: string;

  beforeEach(async () => {
    dir = await tempDir();
    root = path.join(dir.path, 'ws');
    outside = path.join(dir.path, 'outside');
    await seed(root, { 'src/a.ts': 'export const a = 1;\n' });
    await seed(outside, { 'secret.txt': 'top secret\n' });
    await symlink(outside, path.join(root, 'out-dir'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'out-file.txt'));
    await symlink(path.join(outside, 'missing.txt'), path.join(root, 'dangling.txt'));
  });
  afterEach(() => dir.cleanup());

  it('resolves relative and absolute paths inside the root', async () => {
    assert.equal((await resolveInWorkspace(root, 'src/a.ts')).rel, 'src/a.ts');
    assert.equal((await resolveInWorkspace(root, './src/../src/a.ts')).rel, 'src/a.ts');
    assert.equal((await resolveInWorkspace(root, path.join(root, 'src/a.ts'))).rel, 'src/a.ts');
    assert.equal((await resolveInWorkspace(root, 'new/deep/file.ts')).rel, 'new/deep/file.ts');
    assert.equal((await resolveInWorkspace(root, '')).rel, '.');
  });

  it('refuses .., absolute paths elsewhere, and symlinks that point out', async () => {
    const escapes = [
      '../outside/secret.txt',
      'src/../../outside/secret.txt',
      path.join(outside, 'secret.txt'),
      '/etc/passwd',
      'out-dir/secret.txt',
      'out-dir/new-file.txt',
      'out-file.txt',
      'dangling.txt',
    ];
    for (const input of escapes) {
      await assert.rejects(resolveInWorkspace(root, input), WorkspacePathError, input);
    }
  });

  it('a refused path is a tool error, and nothing is read or written', async () => {
    const ctx = makeContext(root);
    const cases: [string, unknown][] = [
      ['read_file', { path: '../outside/secret.txt' }],
      ['read_file', { path: 'out-file.txt' }],
      ['list_files', { path: 'out-dir' }],
      ['write_file', { path: 'out-dir/pwned.txt', content: 'x' }],
      ['write_file', { path: path.join(outside, 'pwned.txt'), content: 'x' }],
      ['write_file', { path: 'dangling.txt', content: 'x' }],
      ['edit_file', { path: 'out-file.txt', old_text: 'top', new_text: 'no' }],
    ];
    for (const [name, args] of cases) {
      const outcome = await workspaceTool(name)!.run(args, ctx);
      assert.equal(outcome.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(outcome.content, /outside the workspace|symbolic link/);
      assert.doesNotMatch(outcome.content, /top secret/);
    }
    assert.equal(await readFile(path.join(outside, 'secret.txt'), 'utf8'), 'top secret\n');
    await assert.rejects(readFile(path.join(outside, 'pwned.txt')));
    await assert.rejects(readFile(path.join(outside, 'missing.txt')));
    assert.equal(ctx.files.read.size + ctx.files.written.size, 0);
  });

  it('a symlink that stays inside is followed, and writing through it keeps the link', async () => {
    await mkdir(path.join(root, 'real'));
    await writeFile(path.join(root, 'real/b.txt'), 'old\n');
    await symlink(path.join(root, 'real/b.txt'), path.join(root, 'link.txt'));
    const ctx = makeContext(root);
    const outcome = await workspaceTool('write_file')!.run({ path: 'link.txt', content: 'new\n' }, ctx);
    assert.equal(outcome.isError, false, outcome.content);
    assert.equal(await readFile(path.join(root, 'real/b.txt'), 'utf8'), 'new\n');
    assert.deepEqual([...ctx.files.written], ['real/b.txt']);
  });

  it('the search walk does not follow a symlink out of the workspace', async () => {
    const ctx = makeContext(root);
    const outcome = await workspaceTool('search_files')!.run({ pattern: 'secret' }, ctx);
    assert.equal(outcome.isError, false);
    assert.match(outcome.content, /No matches/);
  });
});
