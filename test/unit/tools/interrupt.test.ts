import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { workspaceTool } from '../../../src/core/agent/tools';
import { NodeWorkspace } from '../../../src/core/ports/node/nodeWorkspace';
import { makeContext, seed, tempDir, type TempDir } from './harness';

/** A workspace that reports when a write starts, and takes its time over it. */
class SlowWorkspace extends NodeWorkspace {
  constructor(root: string, private readonly onWriteStart: () => void) {
    super(root);
  }
  override async writeFile(relPath: string, content: string): Promise<void> {
    this.onWriteStart();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await super.writeFile(relPath, content);
  }
}

describe('tools: the interrupt contract', () => {
  let dir: TempDir;
  let root: string;

  beforeEach(async () => {
    dir = await tempDir();
    root = dir.path;
    await seed(root, { 'a.txt': 'old\n' });
  });
  afterEach(() => dir.cleanup());

  it('a Stop during a write lets the write complete, whole', async () => {
    const controller = new AbortController();
    const workspace = new SlowWorkspace(root, () => controller.abort());
    const ctx = makeContext(root, { workspace, signal: controller.signal });
    const content = `${'0123456789abcdef'.repeat(4096)}\n`.repeat(64); // 4 MB
    const outcome = await workspaceTool('write_file')!.run({ path: 'big.txt', content }, ctx);
    assert.equal(controller.signal.aborted, true);
    assert.equal(outcome.isError, false, outcome.content);
    assert.equal(outcome.traceLine, 'write_file big.txt (ok)');
    assert.equal(await readFile(path.join(root, 'big.txt'), 'utf8'), content);
    assert.deepEqual([...ctx.files.written], ['big.txt']);
  });

  it('a Stop during an edit lets the edit complete', async () => {
    const controller = new AbortController();
    const workspace = new SlowWorkspace(root, () => controller.abort());
    const ctx = makeContext(root, { workspace, signal: controller.signal });
    const outcome = await workspaceTool('edit_file')!.run({ path: 'a.txt', old_text: 'old', new_text: 'new' }, ctx);
    assert.equal(outcome.isError, false, outcome.content);
    assert.equal(await readFile(path.join(root, 'a.txt'), 'utf8'), 'new\n');
  });

  it('a Stop before the write starts writes nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const ctx = makeContext(root, { signal: controller.signal });
    const outcome = await workspaceTool('write_file')!.run({ path: 'a.txt', content: 'new\n' }, ctx);
    assert.equal(outcome.traceLine, 'write_file a.txt (interrupted)');
    assert.equal(await readFile(path.join(root, 'a.txt'), 'utf8'), 'old\n');
  });

  it('a write that fails leaves the old file and no temporary file', async () => {
    await seed(root, { 'dir/inner.txt': 'x' });
    const ctx = makeContext(root);
    const outcome = await workspaceTool('write_file')!.run({ path: 'dir', content: 'replaced' }, ctx);
    assert.equal(outcome.isError, true);
    assert.equal(await readFile(path.join(root, 'dir/inner.txt'), 'utf8'), 'x');
    assert.deepEqual((await readdir(root)).filter((name) => name.includes('baton-tmp')), []);
  });
});
