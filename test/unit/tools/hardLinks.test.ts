import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { link, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { workspaceTool } from '../../../src/core/agent/tools';
import { makeContext, seed, tempDir, type TempDir } from './harness';

describe('tools: hard links and other files that are not plain files', () => {
  let dir: TempDir;
  let root: string;
  let outside: string;

  beforeEach(async () => {
    dir = await tempDir();
    root = path.join(dir.path, 'ws');
    outside = path.join(dir.path, 'outside');
    await seed(root, { 'src/a.ts': 'a\n' });
    await seed(outside, { 'id_rsa': 'PRIVATE KEY\n' });
    await link(path.join(outside, 'id_rsa'), path.join(root, 'notes.txt'));
  });
  afterEach(() => dir.cleanup());

  it('a hard link to a file outside is neither read, searched, written nor edited', async () => {
    const ctx = makeContext(root);
    const read = await workspaceTool('read_file')!.run({ path: 'notes.txt' }, ctx);
    assert.equal(read.isError, true);
    assert.match(read.content, /notes\.txt has 2 names \(hard links\), and another of them may be outside the workspace/);
    assert.doesNotMatch(read.content, /PRIVATE/);

    const search = await workspaceTool('search_files')!.run({ pattern: 'PRIVATE' }, ctx);
    assert.equal(search.content, 'No matches for /PRIVATE/.');

    const write = await workspaceTool('write_file')!.run({ path: 'notes.txt', content: 'mine\n' }, ctx);
    assert.equal(write.isError, true);
    assert.match(write.content, /hard links/);
    const edit = await workspaceTool('edit_file')!.run({ path: 'notes.txt', old_text: 'PRIVATE', new_text: 'PUBLIC' }, ctx);
    assert.equal(edit.isError, true);
    assert.doesNotMatch(edit.content, /PRIVATE/);

    assert.equal(await readFile(path.join(outside, 'id_rsa'), 'utf8'), 'PRIVATE KEY\n');
    assert.equal(await readFile(path.join(root, 'notes.txt'), 'utf8'), 'PRIVATE KEY\n', 'the link is left as it was');
    assert.deepEqual([...ctx.files.read, ...ctx.files.written], []);
  });

  it('a named pipe is refused at once instead of blocking the read', async function () {
    if (process.platform === 'win32') this.skip();
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const outcome = await workspaceTool('read_file')!.run({ path: 'pipe' }, makeContext(root));
    assert.equal(outcome.isError, true);
    assert.match(outcome.content, /pipe is not a regular file/);
  });
});
