import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFs, type FsPort } from '../../../src/core/store/fsPort';
import { TaskStore } from '../../../src/core/store';
import { FileTranscriptJournal } from '../../../src/core/store/transcriptJournal';
import { rootCmd, startCmd, T0 } from '../../helpers/taskCommands';
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
    // Without the limit nothing would be written for a minute: wait for the flushes, not for a
    // set time (a loaded machine takes longer than 20 ms over three appends).
    for (let waited = 0; counting.appends() < 3 && waited < 5_000; waited += 10) await sleep(10);
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

  it('drops a torn last line on read; unless allowed to repair, leaves the file as it is and warns once', async () => {
    const dir = tempDir();
    const file = fileOf(dir, 't');
    const text = '{"n":1}\n{"n":2}\n{"n":3}\n{"n":4,"text":"cut off mid-wri';
    fs.writeFileSync(file, text);
    const logs: string[] = [];
    const journal = new FileTranscriptJournal(nodeFs, dir, { log: (_l, m) => logs.push(m) });
    assert.deepEqual(await journal.read('t'), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.deepEqual(await journal.read('t'), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'not rewritten without leave');
    assert.equal(logs.filter((m) => m.includes('a crash left unreadable')).length, 1, logs.join('\n'));
    await journal.close();
  });

  it('repairs a torn transcript once: the file loses only its unreadable lines, kept aside, and later reads are quiet', async () => {
    const dir = tempDir();
    const file = fileOf(dir, 't');
    // A torn line sealed by a later append, in the middle, and a torn last line.
    fs.writeFileSync(file, '{"n":1}\n{"n":2,"te\n{"n":3}\n{"n":4,"text":"cut off');
    const logs: string[] = [];
    const kept: string[][] = [];
    const journal = new FileTranscriptJournal(nodeFs, dir, {
      log: (_l, m) => logs.push(m),
      mayRepair: () => true,
      keepDropped: async (_file, lines) => (kept.push(lines), '/kept/here'),
    });
    assert.deepEqual(await journal.read('t'), [{ n: 1 }, { n: 3 }]);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"n":1}\n{"n":3}\n', 'repaired: only the readable lines remain');
    assert.deepEqual(kept, [['{"n":2,"te', '{"n":4,"text":"cut off']], 'what was dropped is kept');
    assert.equal(logs.filter((m) => /Repaired the transcript of t: dropped 2 line\(s\).*kept in \/kept\/here/.test(m)).length, 1, logs.join('\n'));
    logs.length = 0;
    journal.append('t', { n: 5 });
    assert.deepEqual(await journal.read('t'), [{ n: 1 }, { n: 3 }, { n: 5 }]);
    assert.deepEqual(logs, [], 'nothing left to warn about');
    assert.equal(fs.readFileSync(file, 'utf8'), '{"n":1}\n{"n":3}\n{"n":5}\n');
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

describe('TranscriptJournal in the store: who may repair', () => {
  const tempDir = useTempDirs('baton-transcript-store-');
  const torn = '{"n":1}\n{"n":2,"cut';

  it('repairs the transcript of a task no other window runs, keeping the dropped line in quarantine', async () => {
    const dir = tempDir();
    const store = await TaskStore.open(dir, { ownerId: 'me', now: () => T0 });
    await store.commit(rootCmd('idle'));
    const file = path.join(dir, 'transcripts', 'idle.jsonl');
    fs.writeFileSync(file, torn);
    assert.deepEqual(await store.transcripts.read('idle'), [{ n: 1 }]);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"n":1}\n');
    const kept = fs.readdirSync(path.join(dir, 'quarantine'));
    assert.equal(kept.length, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'quarantine', kept[0]!), 'utf8'), '{"n":2,"cut\n');
    assert.deepEqual(store.problems, [], 'a crash tail is no problem to bother the user with');
    await store.close();
  });

  it('leaves alone the transcript of a task another live window runs (it may be appending)', async () => {
    const dir = tempDir();
    const store = await TaskStore.open(dir, { ownerId: 'me', now: () => T0 + 1_000 });
    await store.commit(rootCmd('busy'));
    await store.commit(startCmd('busy', 'other-window', T0));
    const file = path.join(dir, 'transcripts', 'busy.jsonl');
    fs.writeFileSync(file, torn);
    assert.deepEqual(await store.transcripts.read('busy'), [{ n: 1 }]);
    assert.equal(fs.readFileSync(file, 'utf8'), torn);
    await store.close();
  });
});
