import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFs, type FsPort } from '../../../src/core/store/fsPort';
import { FileTranscriptJournal } from '../../../src/core/store/transcriptJournal';
import { useTempDirs } from '../../helpers/tempDir';

/** nodeFs, counting appends. */
function countingFs(): { fs: FsPort; appends: () => number } {
  let appends = 0;
  return {
    fs: { ...nodeFs, appendFile: (file, data) => (appends++, nodeFs.appendFile(file, data)) },
    appends: () => appends,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TranscriptJournal', () => {
  const tempDir = useTempDirs('baton-transcript-');
  const fileOf = (dir: string, taskId: string) => path.join(dir, `${taskId}.jsonl`);

  it('batches appends into one write, and reads them back in order', async () => {
    const dir = tempDir();
    const counting = countingFs();
    const journal = new FileTranscriptJournal(counting.fs, dir, { flushDelayMs: 1_000 });
    for (let i = 0; i < 1000; i++) journal.append('t', { type: 'text', i });
    assert.equal(fs.existsSync(fileOf(dir, 't')), false, 'nothing written before the batch');
    await journal.flush();
    assert.equal(counting.appends(), 1);
    const entries = (await journal.read('t')) as { i: number }[];
    assert.deepEqual(entries.map((e) => e.i), Array.from({ length: 1000 }, (_, i) => i));
    await journal.close();
  });

  it('flushes on its own after a short delay', async () => {
    const dir = tempDir();
    const journal = new FileTranscriptJournal(nodeFs, dir, { flushDelayMs: 20 });
    journal.append('t', 'first');
    await sleep(150);
    assert.equal(fs.readFileSync(fileOf(dir, 't'), 'utf8'), '"first"\n');
    await journal.close();
  });

  it('flushes early when the buffer grows past its limit', async () => {
    const dir = tempDir();
    const counting = countingFs();
    const journal = new FileTranscriptJournal(counting.fs, dir, { flushDelayMs: 60_000, maxBufferedBytes: 1_000 });
    for (let i = 0; i < 100; i++) journal.append('t', { pad: 'x'.repeat(40), i });
    await sleep(20);
    assert.ok(counting.appends() >= 3, `flushed ${counting.appends()} times`);
    await journal.close();
    assert.equal((await journal.read('t')).length, 100);
  });

  it('keeps each task in its own file, in order, across interleaved flushes', async () => {
    const dir = tempDir();
    const journal = new FileTranscriptJournal(nodeFs, dir, { flushDelayMs: 1 });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      journal.append(i % 2 ? 'odd' : 'even', i);
      if (i % 7 === 0) flushes.push(journal.flush(i % 2 ? 'odd' : undefined));
    }
    await Promise.all(flushes);
    assert.deepEqual(await journal.read('even'), Array.from({ length: 150 }, (_, i) => i * 2));
    assert.deepEqual(await journal.read('odd'), Array.from({ length: 150 }, (_, i) => i * 2 + 1));
    await journal.close();
  });

  it('read includes entries still in the buffer', async () => {
    const journal = new FileTranscriptJournal(nodeFs, tempDir(), { flushDelayMs: 60_000 });
    journal.append('t', 1);
    assert.deepEqual(await journal.read('t'), [1]);
    await journal.close();
  });

  it('drops a torn last line on read, and leaves the file as it is', async () => {
    const dir = tempDir();
    const file = fileOf(dir, 't');
    const text = '{"n":1}\n{"n":2}\n{"n":3}\n{"n":4,"text":"cut off mid-wri';
    fs.writeFileSync(file, text);
    const logs: string[] = [];
    const journal = new FileTranscriptJournal(nodeFs, dir, { log: (_l, m) => logs.push(m) });
    assert.deepEqual(await journal.read('t'), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'the file is never truncated or rewritten');
    assert.ok(logs.some((m) => m.includes('torn')));
    await journal.close();
  });

  it('drops a torn multi-byte character at the end', async () => {
    const dir = tempDir();
    const bytes = Buffer.concat([Buffer.from('{"t":"é"}\n{"t":"'), Buffer.from('é').subarray(0, 1)]);
    fs.writeFileSync(fileOf(dir, 't'), bytes);
    const journal = new FileTranscriptJournal(nodeFs, dir);
    assert.deepEqual(await journal.read('t'), [{ t: 'é' }]);
    await journal.close();
  });

  it('after a crash left a torn tail, new entries start on a fresh line', async () => {
    const dir = tempDir();
    fs.writeFileSync(fileOf(dir, 't'), '{"n":1}\n{"n":2,"tr');
    const journal = new FileTranscriptJournal(nodeFs, dir);
    journal.append('t', { n: 3 });
    journal.append('t', { n: 4 });
    assert.deepEqual(await journal.read('t'), [{ n: 1 }, { n: 3 }, { n: 4 }]);
    await journal.close();
  });

  it('remove deletes the file and anything buffered', async () => {
    const dir = tempDir();
    const journal = new FileTranscriptJournal(nodeFs, dir, { flushDelayMs: 60_000 });
    journal.append('t', 1);
    await journal.flush();
    journal.append('t', 2);
    await journal.remove('t');
    assert.equal(fs.existsSync(fileOf(dir, 't')), false);
    assert.deepEqual(await journal.read('t'), []);
    await journal.remove('never-existed');
    await journal.close();
  });

  it('refuses an entry JSON cannot encode', () => {
    const journal = new FileTranscriptJournal(nodeFs, tempDir());
    assert.throws(() => journal.append('t', undefined), TypeError);
  });

  it('names files safely for any task id', async () => {
    const dir = tempDir();
    const journal = new FileTranscriptJournal(nodeFs, dir);
    journal.append('../../etc/passwd', 'x');
    await journal.flush();
    assert.equal(fs.readdirSync(dir).length, 1);
    assert.deepEqual(await journal.read('../../etc/passwd'), ['x']);
    await journal.close();
  });
});
