import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { workspaceTool } from '../../../src/core/agent/tools';
import { platformConfinement } from '../../../src/core/ports/node/heldDir';
import { makeContext, tempDir, type TempDir } from './harness';

/**
 * Swaps `dir` for a symbolic link to `outside` and back, as fast as it can, on another thread,
 * until told to stop: the race a hostile command (or another program) can run against the tools.
 * On the code before held folders, 3,000 writes landed 17 to 36 files outside and 3,000 reads
 * returned the outside file 13 to 47 times.
 */
const SWAPPER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { dir, outside, stop } = workerData;
const flag = new Int32Array(stop);
let swaps = 0;
parentPort.postMessage('started');
while (Atomics.load(flag, 0) === 0) {
  try {
    fs.renameSync(dir, dir + '.real');
    fs.symlinkSync(outside, dir);
    fs.unlinkSync(dir);
    fs.renameSync(dir + '.real', dir);
    swaps++;
  } catch {
    // Put the real folder back. A folder the tools created meanwhile (the path was missing for
    // an instant) is dropped: it is inside the workspace, so it does not matter here.
    try { if (fs.lstatSync(dir).isSymbolicLink()) fs.unlinkSync(dir); } catch {}
    try { if (fs.existsSync(dir + '.real')) { fs.rmSync(dir, { recursive: true, force: true }); fs.renameSync(dir + '.real', dir); } } catch {}
  }
}
parentPort.postMessage(swaps);
`;

const ITERATIONS = 3_000;

describe('tools: a folder swapped for a symlink while the tools run', function () {
  this.timeout(120_000);
  let dir: TempDir;
  let root: string;
  let outside: string;

  before(async function () {
    // Elsewhere the re-checks narrow the window but cannot close it (see heldDir.ts).
    if ((await platformConfinement()) !== 'fd') this.skip();
  });

  beforeEach(async () => {
    dir = await tempDir();
    root = path.join(dir.path, 'ws');
    outside = path.join(dir.path, 'outside');
    await mkdir(path.join(root, 'd'), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(root, 'd', 'inside.txt'), 'inside\n');
    await writeFile(path.join(outside, 'inside.txt'), 'top secret\n');
  });
  afterEach(() => dir.cleanup());

  /** Runs `step` ITERATIONS times while the swapper runs; resolves with how many swaps it made. */
  async function race(step: (i: number) => Promise<void>): Promise<number> {
    const stop = new SharedArrayBuffer(4);
    const swapper = new Worker(SWAPPER, { eval: true, workerData: { dir: path.join(root, 'd'), outside, stop } });
    await new Promise((resolve) => swapper.once('message', resolve));
    const swaps = new Promise<number>((resolve) => swapper.once('message', resolve));
    try {
      for (let i = 0; i < ITERATIONS; i++) await step(i);
    } finally {
      Atomics.store(new Int32Array(stop), 0, 1);
    }
    return swaps;
  }

  it('write_file never lands a byte outside the workspace', async () => {
    const ctx = makeContext(root);
    const write = workspaceTool('write_file')!;
    let refused = 0;
    const swaps = await race(async (i) => {
      const outcome = await write.run({ path: `d/f${i}.txt`, content: `write ${i}\n` }, ctx);
      if (outcome.isError) refused++;
    });
    assert.ok(swaps > 0 && refused > 0, `the race was on (${swaps} swaps, ${refused} writes met a swapped folder)`);
    assert.deepEqual(await readdir(outside), ['inside.txt']);
    assert.equal(await readFile(path.join(outside, 'inside.txt'), 'utf8'), 'top secret\n');
  });

  it('read_file never returns a byte from outside the workspace', async () => {
    const ctx = makeContext(root);
    const read = workspaceTool('read_file')!;
    let leaked = 0;
    let refused = 0;
    const swaps = await race(async () => {
      const outcome = await read.run({ path: 'd/inside.txt' }, ctx);
      if (outcome.content.includes('top secret')) leaked++;
      if (outcome.isError) refused++;
    });
    assert.ok(swaps > 0 && refused > 0, `the race was on (${swaps} swaps, ${refused} reads met a swapped folder)`);
    assert.equal(leaked, 0);
  });
});
