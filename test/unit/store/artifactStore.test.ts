import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { FileArtifactStore } from '../../../src/core/store/artifactStore';
import { StoreError } from '../../../src/core/store';
import { nodeFs } from '../../../src/core/store/fsPort';
import { useTempDirs } from '../../helpers/tempDir';

describe('ArtifactStore', () => {
  const tempDir = useTempDirs('baton-artifacts-');

  it('writes text and bytes under fresh handles and reads them back', async () => {
    const dir = tempDir();
    const artifacts = new FileArtifactStore(nodeFs, dir);
    const text = await artifacts.write('a large output\n'.repeat(1000), 'log');
    const bytes = await artifacts.write(new Uint8Array([1, 2, 3]));
    assert.match(text, /^[A-Za-z0-9_-]{21}\.log$/);
    assert.match(bytes, /^[A-Za-z0-9_-]{21}$/);
    assert.notEqual(text, bytes);
    assert.equal((await artifacts.read(text)).toString(), 'a large output\n'.repeat(1000));
    assert.deepEqual([...(await artifacts.read(bytes))], [1, 2, 3]);
    assert.deepEqual(fs.readdirSync(dir).sort(), [bytes, text].sort(), 'no temp files left');
  });

  it('accepts an extension with its dot', async () => {
    const artifacts = new FileArtifactStore(nodeFs, tempDir());
    assert.match(await artifacts.write('x', '.txt'), /\.txt$/);
  });

  it('refuses handles and extensions that could escape its folder', async () => {
    const artifacts = new FileArtifactStore(nodeFs, tempDir());
    const badName = (e: unknown) => e instanceof StoreError && e.code === 'bad_name';
    await assert.rejects(artifacts.read('../../etc/passwd'), badName);
    await assert.rejects(artifacts.write('x', '/../../x'), badName);
    await assert.rejects(artifacts.remove('..'), badName);
  });

  it('removes an artifact; removing it again is fine', async () => {
    const dir = tempDir();
    const artifacts = new FileArtifactStore(nodeFs, dir);
    const handle = await artifacts.write('bye');
    await artifacts.remove(handle);
    await artifacts.remove(handle);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
