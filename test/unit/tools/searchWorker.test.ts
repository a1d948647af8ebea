import assert from 'node:assert/strict';
import { workspaceTool } from '../../../src/core/agent/tools';
import { NodeWorkspace } from '../../../src/core/ports/node/nodeWorkspace';
import { makeContext, seed, tempDir, type TempDir } from './harness';

/** Backtracks about 2^30 times on the line below: minutes of work for one regex test. */
const CATASTROPHIC = '^(a+)+$';

describe('tools: search_files never blocks the extension host', () => {
  let dir: TempDir;

  beforeEach(async () => {
    dir = await tempDir();
    await seed(dir.path, { 'src/a.ts': 'export const a = 1;\n', 'many-as.txt': `${'a'.repeat(30)}!\n` });
  });
  afterEach(() => dir.cleanup());

  /** Counts ticks of a main-thread timer while `work` runs: a blocked event loop counts none. */
  async function ticksDuring<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      const result = await work();
      return { result, ticks };
    } finally {
      clearInterval(timer);
    }
  }

  it('a catastrophic pattern times out with a tool error, and the main thread runs meanwhile', async () => {
    const ctx = makeContext(dir.path, { workspace: new NodeWorkspace(dir.path, { searchTimeoutMs: 500 }) });
    const { result, ticks } = await ticksDuring(() => workspaceTool('search_files')!.run({ pattern: CATASTROPHIC }, ctx));
    assert.equal(result.isError, true);
    assert.equal(result.traceLine, `search_files /${CATASTROPHIC}/ (timed out)`);
    assert.match(result.content, /^The search timed out after 0\.5 s and was stopped\. The pattern may backtrack catastrophically/);
    assert.ok(ticks >= 3, `a timer on the main thread kept firing (${ticks} ticks)`);
  });

  it('Stop ends the search at once, with nothing left running', async () => {
    const controller = new AbortController();
    const ctx = makeContext(dir.path, { workspace: new NodeWorkspace(dir.path, { searchTimeoutMs: 600_000 }), signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const { result, ticks } = await ticksDuring(() => workspaceTool('search_files')!.run({ pattern: CATASTROPHIC }, ctx));
    assert.equal(result.traceLine, `search_files /${CATASTROPHIC}/ (interrupted)`);
    assert.match(result.content, /stopped because the task was stopped/);
    assert.ok(ticks >= 3, `a timer on the main thread kept firing (${ticks} ticks)`);
  });

  it('keeps JavaScript regular expressions: lookbehind, backreferences, named groups', async () => {
    await seed(dir.path, { 'b.txt': 'price: 42€\nsame same\nnaïve café\n' });
    const ctx = makeContext(dir.path);
    const search = workspaceTool('search_files')!;
    assert.equal((await search.run({ pattern: '(?<=price: )\\d+', glob: 'b.txt' }, ctx)).content, 'b.txt:1: price: 42€');
    assert.equal((await search.run({ pattern: '\\b(\\w+) \\1\\b', glob: 'b.txt' }, ctx)).content, 'b.txt:2: same same');
    assert.equal((await search.run({ pattern: '(?<word>caf)é$', glob: '*.txt' }, ctx)).content, 'b.txt:3: naïve café');
  });
});
