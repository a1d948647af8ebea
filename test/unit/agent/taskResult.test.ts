import assert from 'node:assert/strict';
import { completionResult, OUTPUT_TAIL_CHARS, partialWork } from '../../../src/core/agent/taskResult';

const work = (assistantText: string, trace: string[] = []) => ({ assistantText, filesRead: new Set(['a.ts']), filesWritten: ['b.ts'], trace });

describe('what a run hands over (Baton loop and ACP agents alike)', () => {
  it('a short result goes inline, with the files, the output tail and the last 50 trace entries', async () => {
    const trace = Array.from({ length: 60 }, (_, i) => `tool ${i}`);
    const written: string[] = [];
    const result = await completionResult('Done.', work('x'.repeat(OUTPUT_TAIL_CHARS + 10), trace), async (c) => (written.push(c), 'art-1'));
    assert.equal(result.summary, 'Done.');
    assert.equal(result.artifact, undefined);
    assert.deepEqual(written, [], 'no artifact for a short result');
    assert.deepEqual([result.filesRead, result.filesWritten], [['a.ts'], ['b.ts']]);
    assert.equal(result.outputTail, `…${'x'.repeat(OUTPUT_TAIL_CHARS)}`);
    assert.deepEqual(result.toolTrace, trace.slice(10));
  });

  it('a long result is cut inline and kept whole in an artifact that the summary names', async () => {
    const long = 'y'.repeat(20_000);
    const written: string[] = [];
    const result = await completionResult(long, work(''), async (c) => (written.push(c), 'art-7'));
    assert.deepEqual(written, [long]);
    assert.equal(result.artifact, 'art-7');
    assert.ok(result.summary.length < long.length);
    assert.match(result.summary, /\n… \(truncated; the full result is in artifact art-7\)$/);
  });

  it('partial work is the same hand-over without a summary', () => {
    assert.deepEqual(partialWork(work('short')), { outputTail: 'short', filesRead: ['a.ts'], filesWritten: ['b.ts'], toolTrace: [] });
  });
});
